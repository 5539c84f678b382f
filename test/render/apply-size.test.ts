/** Objects Argo CD applies client-side fit the API server's annotation limit. */
import { ANNOTATIONS_LIMIT, applySizeProblems, clientSideAnnotationBytes } from '../../lib/ops/render/checks/apply-size';
import type { StackRender } from '../../lib/ops/render/render';
import { shippedRenders } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

test('every object applied client-side fits, or its Application syncs server-side', () => {
  expect(renders.flatMap(applySizeProblems)).toEqual([]);
});

test('the large CRDs exist in the shipped environments, so the check has something to decide', () => {
  const large = renders.flatMap((r) => r.applications.filter((a) => a.application).flatMap((a) => a.sources.flatMap((s) => s.objects.filter((o) => clientSideAnnotationBytes(o.object) > ANNOTATIONS_LIMIT).map((o) => `${a.name} ${o.object.metadata.name}`))));
  expect(large).toEqual(expect.arrayContaining([expect.stringMatching(/^cloudnative-pg poolers\.postgresql\.cnpg\.io$/)]));
});

test('fails if an Application with a CRD over 256 KiB syncs client-side', () => {
  const planted = renders.map((r) => ({
    ...r,
    applications: r.applications.map((a) => (a.application ? { ...a, application: { ...a.application, spec: { ...(a.application.spec as object), syncPolicy: { syncOptions: ['CreateNamespace=true'] } } } } : a)),
  }));
  const problems = planted.flatMap(applySizeProblems);
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^prod-edp cloudnative-pg \(cloudnative-pg \S+\) cloudnative-pg\/templates\/crds\/crds\.yaml: CustomResourceDefinition poolers\.postgresql\.cnpg\.io is \d+ KiB as a client-side apply annotation, over the API server's 256 KiB: sync the Application with ServerSideApply=true$/)]));
});

test("counts Argo CD's tracking id, in the stored copy and beside it", () => {
  const object = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x.example.org' }, spec: {} };
  const id = 'argocd.argoproj.io/tracking-id';
  const value = 'core:apiextensions.k8s.io/CustomResourceDefinition:/x.example.org';
  // Twice: as an annotation of its own, and inside the last-applied copy (quoted JSON key and value, a comma, the annotations map).
  expect(clientSideAnnotationBytes(object, 'core') - clientSideAnnotationBytes(object)).toBe(2 * (id.length + value.length) + `"annotations":{"":""},`.length);
  // Planted: an object just under the limit without the tracking id is over it with the id.
  const filler = 'x'.repeat(ANNOTATIONS_LIMIT - clientSideAnnotationBytes(object) - 200);
  const near = { ...object, spec: { d: filler } };
  expect(clientSideAnnotationBytes(near)).toBeLessThanOrEqual(ANNOTATIONS_LIMIT);
  expect(clientSideAnnotationBytes(near, 'core')).toBeGreaterThan(ANNOTATIONS_LIMIT);
});

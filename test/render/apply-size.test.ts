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

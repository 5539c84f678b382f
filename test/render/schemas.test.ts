/**
 * Every rendered object of every shipped environment is valid for its cluster: built-in kinds
 * against the Kubernetes OpenAPI schemas (kubernetes-models), custom resources against the CRDs
 * the same environment renders.
 */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { schemaErrors } from '../../lib/ops/render/checks/schemas';
import type { RenderedObject, StackRender } from '../../lib/ops/render/render';
import { apiDefinitions } from '../../lib/ops/render/schemas/apis';
import { isBuiltinKind, validateBuiltin } from '../../lib/ops/render/schemas/builtin';
import { validateCustom } from '../../lib/ops/render/schemas/custom';
import { strictSchema } from '../../lib/ops/render/schemas/structural';
import { shippedRenders } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const stack = (id: string) => renders.find((r) => r.stackId === id)!;

/**
 * The stack with `edit` applied to a copy of the first object `pick` selects: only that object
 * and the lists on its way are new, the rest is the stored (frozen) render. Copying the whole
 * stack would read its manifests and copy megabytes per planted case.
 */
function planted(id: string, pick: (o: RenderedObject, app: string) => boolean, edit: (o: Record<string, any>) => void): StackRender {
  const r = stack(id);
  // A shallow copy that keeps a source's lazy `manifest` getter (a spread would read it).
  const withField = <T extends object>(value: T, key: string, field: unknown): T =>
    Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(value), [key]: { value: field, enumerable: true, writable: true, configurable: true } }) as T;
  for (const [ai, a] of r.applications.entries()) {
    for (const [si, s] of a.sources.entries()) {
      const oi = s.objects.findIndex((o) => pick(o, a.name));
      if (oi < 0) continue;
      const object = structuredClone(s.objects[oi].object) as Record<string, any>;
      edit(object);
      const objects = s.objects.map((o, i) => (i === oi ? { ...o, object } : o));
      const sources = a.sources.map((x, i) => (i === si ? withField(x, 'objects', objects) : x));
      return { ...r, applications: r.applications.map((x, i) => (i === ai ? { ...x, sources } : x)) } as StackRender;
    }
  }
  throw new Error(`nothing to plant in ${id}`);
}

test('every rendered object of every shipped environment is valid for its cluster', () => {
  expect(renders.flatMap(schemaErrors)).toEqual([]);
});

test('the custom resources are checked against the CRDs the environment renders', () => {
  const customKinds = (r: StackRender) => {
    const crds = new Set(apiDefinitions(r).filter((d) => d.kind).map((d) => `${d.group}/${d.version}/${d.kind}`));
    const objects = r.applications.flatMap((a) => a.sources.flatMap((s) => s.objects.map((o) => o.object)));
    return new Set(objects.filter((o) => !isBuiltinKind(o.apiVersion, o.kind) && crds.has(`${o.apiVersion}/${o.kind}`)).map((o) => o.kind));
  };
  expect([...customKinds(stack('local-kind'))].sort()).toEqual(['AppProject', 'Application']);
  expect(customKinds(stack('prod-edp'))).toEqual(new Set(['AppProject', 'Application', 'ClusterIssuer', 'Cluster', 'Issuer', 'Certificate', 'ServiceMonitor', 'VMAgent', 'VMNodeScrape', 'VMServiceScrape']));
  expect([...customKinds(stack('prod-observability'))]).toEqual(expect.arrayContaining(['Grafana', 'GrafanaDashboard', 'GrafanaDatasource', 'VMSingle', 'VMAuth', 'VMUser', 'VMAlertmanager', 'ServiceMonitor']));
});

test('fails if a map is where a built-in kind needs a string (a container image)', () => {
  const render = planted('prod-edp', (o, app) => app === 'coder' && o.object.kind === 'Deployment', (o) => (o.spec.template.spec.containers[0].image = { repository: 'ghcr.io/coder/coder', tag: 'v2.28.3' }));
  expect(schemaErrors(render)).toEqual([`prod-edp coder (coder ${CHARTS.coder.version}) coder/templates/coder.yaml: Deployment/coder/coder /spec/template/spec/containers/0/image: must be string`]);
});

test('fails if a built-in object has a wrong type or lacks a required field', () => {
  const render = planted('local-kind', (o, app) => app === 'dex' && o.object.kind === 'Service', (o) => {
    o.spec.ports[0].port = '5556';
    o.metadata.labels.broken = { nested: true };
  });
  expect(schemaErrors(render)).toEqual(
    expect.arrayContaining([expect.stringMatching(/Service\/dex\/dex \/spec\/ports\/0\/port: must be integer$/), expect.stringMatching(/Service\/dex\/dex \/metadata\/labels\/broken: must be string$/)]),
  );
});

test('fails if a built-in group/version is no longer served by the cluster', () => {
  const render = planted('nonprod-test-me', (o, app) => app === 'dex' && o.object.kind === 'Ingress', (o) => (o.apiVersion = 'networking.k8s.io/v1beta1'));
  expect(schemaErrors(render)).toEqual([`nonprod-test-me dex (dex ${CHARTS.dex.version}) dex/templates/ingress.yaml: Ingress/dex/dex: networking.k8s.io/v1beta1 is not served by Kubernetes 1.31 (removed in 1.22)`]);
});

test('fails if a map is where a CRD needs a string (the ClusterIssuer e-mail)', () => {
  const render = planted('prod-edp', (o) => o.object.kind === 'ClusterIssuer', (o) => (o.spec.acme.email = { address: 'x@y.z' }));
  expect(schemaErrors(render)).toEqual([`prod-edp cert-manager (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: ClusterIssuer/main /spec/acme/email: must be string`]);
});

test('fails if a custom resource has a field its CRD does not know (the API server would drop it)', () => {
  const render = planted('prod-edp', (o) => o.object.kind === 'Cluster', (o) => {
    o.spec.storage.sizee = '10Gi';
    o.spec.instances = 0;
  });
  expect(schemaErrors(render)).toEqual([
    expect.stringMatching(/Cluster\/coder\/coder-db \/spec\/instances: must be >= 1$/),
    expect.stringMatching(/Cluster\/coder\/coder-db \/spec\/storage\/sizee: is not in the schema \(the API server drops it: a setting that does nothing\)$/),
  ]);
});

test('fails if an Application is malformed; free-form Helm values stay free (x-kubernetes-preserve-unknown-fields)', () => {
  const render = planted('prod-edp', (o) => o.object.kind === 'Application' && o.object.metadata.name === 'coder', (o) => {
    o.spec.destination = { namespace: 42 };
    o.spec.syncPolicy.retry.limit = 'ten';
    o.spec.sources[0].helm.valuesObject.anything = { goes: ['here'] };
  });
  expect(schemaErrors(render).sort()).toEqual([
    expect.stringMatching(/Application\/argocd\/coder \/spec\/destination\/namespace: must be string$/),
    expect.stringMatching(/Application\/argocd\/coder \/spec\/syncPolicy\/retry\/limit: must be integer$/),
  ]);
});

test('fails if a custom resource has invalid metadata (checked as ObjectMeta whatever the CRD says)', () => {
  const render = planted('prod-observability', (o) => o.object.kind === 'VMSingle', (o) => (o.metadata.annotations = { replicas: 1 }));
  expect(schemaErrors(render)).toEqual([expect.stringMatching(/VMSingle\/observability\/vm \/metadata\/annotations\/replicas: must be string$/)]);
});

describe('structural schemas as the API server reads them', () => {
  const definition = (schema: Record<string, unknown>, statusSubresource = false) => ({ schema, statusSubresource, served: true, group: 'x.io', version: 'v1', kind: 'X' }) as never;
  const crd = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true },
          template: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { replicas: { type: 'integer' } } } } },
          values: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      status: { type: 'object', properties: { ready: { type: 'boolean' } } },
    },
  };
  const check = (spec: unknown, extra: Record<string, unknown> = {}, statusSubresource = false) => validateCustom({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a' }, spec, ...extra }, definition(crd, statusSubresource));

  test('int-or-string takes both, nothing else', () => {
    expect(check({ port: 80 })).toEqual([]);
    expect(check({ port: 'http' })).toEqual([]);
    expect(check({ port: { number: 80 } }).map((p) => p.path)).toContain('/spec/port');
  });

  test('an embedded resource implies apiVersion, kind and metadata; the rest of it is pruned', () => {
    expect(check({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } }, spec: { replicas: 1 } } })).toEqual([]);
    expect(check({ template: { spec: { replica: 1 } } })).toEqual([{ path: '/spec/template/spec/replica', message: 'is not in the schema (the API server drops it: a setting that does nothing)' }]);
  });

  test('preserved and map nodes take any key; a null is unset', () => {
    expect(check({ values: { any: { thing: 1 } }, labels: { a: 'b' }, port: null })).toEqual([]);
    expect(check({ labels: { a: 1 } })).toEqual([{ path: '/spec/labels/a', message: 'must be string' }]);
  });

  test('status is ignored with a status subresource, validated without', () => {
    expect(check({}, { status: { ready: 'yes' } }).map((p) => p.path)).toEqual(['/status/ready']);
    expect(check({}, { status: { ready: true } }, true)).toEqual([{ path: '/status', message: 'is ignored: the CRD has a status subresource, so the API server keeps status out of create and update' }]);
  });

  test('the strict schema leaves the logical junctors alone', () => {
    const s = strictSchema({ type: 'object', properties: { a: { type: 'object', properties: { b: { type: 'string' } }, anyOf: [{ required: ['b'] }] } } }) as any;
    expect(s.properties.a).toEqual({ type: 'object', properties: { b: { type: 'string' } }, anyOf: [{ required: ['b'] }], additionalProperties: false });
  });
});

test('built-in kinds come from kubernetes-models, served group/versions only', () => {
  expect(isBuiltinKind('apps/v1', 'Deployment')).toBe(true);
  expect(isBuiltinKind('apps/v1', 'DeploymentSpec')).toBe(false);
  expect(isBuiltinKind('monitoring.coreos.com/v1', 'ServiceMonitor')).toBe(false);
  expect(validateBuiltin({ apiVersion: 'extensions/v1beta1', kind: 'Ingress' }, '1.31')).toEqual([{ path: '', message: 'extensions/v1beta1 is not served by Kubernetes 1.31 (removed in 1.22)' }]);
  expect(validateBuiltin({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'x' } } as never, '1.31')).toEqual([]);
  expect(validateBuiltin({ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', metadata: { name: 'x' } } as never, '1.32')?.[0].message).toMatch(/not served by Kubernetes 1\.32/);
});

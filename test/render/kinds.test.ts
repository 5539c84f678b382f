/**
 * Every kind of every shipped environment exists when Argo CD or Helm applies it: built in, or
 * defined by a CRD or APIService the environment installs no later than its user.
 */
import { kindErrors } from '../../lib/ops/render/checks/kinds';
import { releasesBefore, syncPosition } from '../../lib/ops/render/checks/sync-order';
import type { RenderedApplication, StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

/** A copy of a shipped stack to plant in (objects to change are thawed first). */
const stack = (id: string) => plantable(renders.find((r) => r.stackId === id)!);
const app = (r: StackRender, name: string) => r.applications.find((a) => a.name === name)! as { -readonly [K in keyof RenderedApplication]: RenderedApplication[K] };
const objects = (a: RenderedApplication) => a.sources.flatMap((s) => s.objects.map((o) => o.object as Record<string, any>));

test('every kind of every shipped environment is built in or installed in time', () => {
  expect(renders.flatMap(kindErrors)).toEqual([]);
});

test('with a monitoring stack the ServiceMonitors have their CRDs, from the first stack; without one, neither', () => {
  for (const r of renders) {
    const monitors = r.applications.filter((a) => objects(a).some((o) => o.kind === 'ServiceMonitor')).map((a) => a.name);
    const crds = r.applications.find((a) => a.name === 'prometheus-operator-crds');
    if (r.stackId === 'prod-edp' || r.stackId === 'prod-observability') {
      expect(monitors.length).toBeGreaterThan(0);
      expect(crds?.release).toBe('edp-stack-core');
    } else {
      expect([r.stackId, monitors, crds]).toEqual([r.stackId, [], undefined]);
    }
  }
});

test('fails if a kind has no CRD in the environment', () => {
  const r = stack('prod-edp');
  (r as unknown as { applications: RenderedApplication[] }).applications = r.applications.filter((a) => a.name !== 'prometheus-operator-crds');
  expect(kindErrors(r).sort()).toEqual([
    expect.stringMatching(/^prod-edp forgejo-server \(raw \S+\) raw\/templates\/resources\.yaml: ServiceMonitor\/gitea\/forgejo: .* is neither built in/),
    expect.stringMatching(/^prod-edp metrics-server \(metrics-server \S+\) metrics-server\/templates\/servicemonitor\.yaml: ServiceMonitor\/observability\/metrics-server: .* is neither built in/),
    'prod-edp traefik (traefik 41.3.0) traefik/templates/servicemonitor.yaml: ServiceMonitor/traefik/traefik: monitoring.coreos.com/v1 ServiceMonitor is neither built in nor defined by a CRD or APIService that prod-edp installs',
  ]);
});

test('fails if the CRD is installed by a stack delivered later than its user', () => {
  const r = stack('prod-edp');
  app(r, 'prometheus-operator-crds').release = 'edp-stack-observability-client';
  const found = kindErrors(r);
  expect(found).toContain(
    'prod-edp traefik (traefik 41.3.0) traefik/templates/servicemonitor.yaml: ServiceMonitor/traefik/traefik: the CRD of ServiceMonitor comes from Application prometheus-operator-crds (prometheus-operator-crds/charts/crds/templates/crd-servicemonitors.yaml), delivered by release edp-stack-observability-client, which Terraform does not install before release edp-stack-otc',
  );
  // forgejo and observability-client both need core and otc, but not each other: no order either.
  expect(found).toContainEqual(expect.stringMatching(/^prod-edp forgejo-server .*which Terraform does not install before release edp-stack-forgejo$/));
  expect(found.some((l) => l.startsWith('prod-edp metrics-server'))).toBe(false);
});

test('fails if the CRD comes in a later sync wave of the same Application', () => {
  const r = stack('prod-edp');
  const [crd] = thaw(r, 'cert-manager', (o) => o.kind === 'CustomResourceDefinition' && o.spec.names.kind === 'ClusterIssuer');
  crd.metadata.annotations = { ...crd.metadata.annotations, 'argocd.argoproj.io/sync-wave': '2' };
  expect(kindErrors(r)).toEqual([expect.stringMatching(/^prod-edp cert-manager \(raw \S+\) raw\/templates\/resources\.yaml: ClusterIssuer\/main: the CRD of ClusterIssuer comes from Application cert-manager \(cert-manager\/templates\/crd-.*\) at Sync wave 2, later than this object \(Sync wave 1\)$/)]);
});

test('fails if a custom resource whose CRD another Application installs lacks SkipDryRunOnMissingResource or a retry', () => {
  const r = stack('prod-edp');
  const vm = app(r, 'vm-client');
  const spec = vm.application!.spec as Record<string, any>;
  vm.application = { ...vm.application!, spec: { ...spec, syncPolicy: { ...spec.syncPolicy, syncOptions: ['CreateNamespace=true'], retry: undefined } } };
  const found = kindErrors(r).filter((l) => l.includes('Issuer/observability/vm-client-victoria-metrics-operator-root:'));
  expect(found).toEqual([
    expect.stringMatching(/the CRD of Issuer comes from Application cert-manager \(.*\), synced in parallel: needs SkipDryRunOnMissingResource=true/),
    expect.stringMatching(/synced in parallel: Application vm-client must retry failed syncs \(syncPolicy\.retry\)$/),
  ]);
});

test('fails if a Terraform release uses a kind that only an Application installs', () => {
  const r = stack('local-kind');
  const argocd = app(r, 'terraform-argocd');
  argocd.sources = argocd.sources.map((s) => ({ ...s, objects: s.objects.filter((o) => o.object.kind !== 'CustomResourceDefinition') }));
  expect(kindErrors(r)).toContainEqual(
    expect.stringMatching(/^local-kind terraform-edp-stack-core \(raw \S+\) raw\/templates\/resources\.yaml: Application\/argocd\/argocd: the CRD of Application comes from Application argocd \(.*\), which Argo CD syncs only after Terraform release edp-stack-core is installed$/),
  );
});

test('an APIService defines its group/version: metrics.k8s.io with metrics-server only', () => {
  const plant = (id: string, into: string) => {
    const r = stack(id);
    const source = app(r, into).sources[0];
    (source.objects as unknown[]).push({ object: { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics', metadata: { name: 'n' } }, template: 'x/templates/metrics.yaml' });
    return kindErrors(r);
  };
  expect(plant('prod-edp', 'metrics-server')).toEqual([]);
  expect(plant('nonprod-test-me', 'forgejo-server')).toEqual([expect.stringMatching(/NodeMetrics\/n: metrics\.k8s\.io\/v1beta1 NodeMetrics is neither built in nor defined by a CRD or APIService that nonprod-test-me installs$/)]);
});

test('sync order: Terraform release dependencies and Argo CD phases and waves', () => {
  const before = releasesBefore(renders.find((r) => r.stackId === 'prod-edp')!);
  expect([...before.get('edp-stack-forgejo')!].sort()).toEqual(['argocd', 'edp-stack-core', 'edp-stack-otc']);
  expect(before.get('argocd')!.size).toBe(0);
  const at = (annotations: Record<string, string>) => syncPosition({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations } });
  expect(at({})).toEqual([1, 0]);
  expect(at({ 'argocd.argoproj.io/sync-wave': '-1' })).toEqual([1, -1]);
  expect(at({ 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '-5' })).toEqual([0, -5]);
  expect(at({ 'helm.sh/hook': 'post-install' })).toEqual([2, 0]);
  expect(at({ 'helm.sh/hook': 'test' })).toBeUndefined();
  expect(at({ 'argocd.argoproj.io/hook': 'PreSync', 'helm.sh/hook': 'post-install' })).toEqual([0, 0]);
});

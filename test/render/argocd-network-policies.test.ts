/**
 * argo-cd 10 creates NetworkPolicies by default (argo-cd 10.1.1 values.yaml:119-121,
 * `global.networkPolicy.create: true`). We keep them: they restrict Ingress only, so on the
 * rendered policies of every shipped environment (the argocd Application and Terraform's
 * bootstrap release) the connections the platform needs are admitted, and the Argo CD internals
 * (repo-server, redis) are closed to everything else.
 */
import type { KubernetesObject } from '../../lib/contracts/manifest';
import type { RenderedApplication, StackRender } from '../../lib/ops/render/render';
import { admitsIngress, egressOpen, type Pod } from '../support/network-policy';
import { shippedRenders } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const objectsOf = (app: RenderedApplication): KubernetesObject[] => app.sources.flatMap((s) => s.objects.map((o) => o.object));

/** The pods of an Application's workloads, by workload name. */
function pods(app: RenderedApplication): Map<string, Pod> {
  const out = new Map<string, Pod>();
  for (const o of objectsOf(app) as any[]) {
    if (!['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind)) continue;
    const t = o.spec.template;
    out.set(o.metadata.name, { namespace: o.metadata.namespace ?? app.sources[0].namespace, labels: t.metadata.labels, ports: t.spec.containers.flatMap((c: any) => c.ports ?? []) });
  }
  return out;
}

/** The ingress controller's pods of a render (ingress-nginx or Traefik, whichever it runs). */
function ingressControllers(r: StackRender): Pod[] {
  return r.applications.filter((a) => a.application && a.sources.some((s) => ['ingress-nginx', 'traefik'].includes(s.chart.chart))).flatMap((a) => [...pods(a).values()]);
}

/** Where the metrics scraper runs: the namespace of the render's VMAgent (operator-made pods). */
function scrapers(r: StackRender): Pod[] {
  const agents = r.applications.flatMap(objectsOf).filter((o) => o.kind === 'VMAgent');
  return agents.map((a) => ({ namespace: a.metadata.namespace ?? 'observability', labels: { 'app.kubernetes.io/name': 'vmagent', 'app.kubernetes.io/instance': a.metadata.name } }));
}

/** Every problem with the connections the platform needs to and from Argo CD. */
function argocdReachability(r: StackRender): string[] {
  const problems: string[] = [];
  const controllers = ingressControllers(r);
  if (controllers.length === 0) problems.push(`${r.stackId}: no ingress controller rendered`);
  for (const app of r.applications.filter((a) => a.name === 'argocd' || a.name === 'terraform-argocd')) {
    const objects = objectsOf(app);
    const p = pods(app);
    const get = (name: string) => {
      const pod = p.get(name);
      if (!pod) throw new Error(`${r.stackId} ${app.name} renders no workload ${name}`);
      return pod;
    };
    const at = `${r.stackId} ${app.name}`;
    const need = (ok: boolean, what: string) => void (ok || problems.push(`${at}: ${what}`));
    const server = get('argocd-server');
    const repo = get('argocd-repo-server');
    const redis = get('argocd-redis');
    const controller = get('argocd-application-controller');
    const appset = get('argocd-applicationset-controller');
    for (const c of controllers) need(admitsIngress(objects, server, c, 'server'), `the ingress controller (${c.namespace}) cannot reach argocd-server:server`);
    // Dex is reached by argocd-server through Dex's public URL (egress), and browsers come back
    // through the ingress controller (above); Dex itself calls nothing in argocd.
    need(egressOpen(objects, server), 'argocd-server egress is restricted (OIDC discovery and token calls to Dex)');
    need(egressOpen(objects, repo), 'argocd-repo-server egress is restricted (Git, Helm and OCI registries)');
    need(egressOpen(objects, controller), 'argocd-application-controller egress is restricted (the Kubernetes API)');
    for (const from of [server, controller, appset]) need(admitsIngress(objects, repo, from, 'repo-server'), `${from.labels['app.kubernetes.io/name']} cannot reach argocd-repo-server:repo-server`);
    for (const from of [server, repo, controller]) need(admitsIngress(objects, redis, from, 'redis'), `${from.labels['app.kubernetes.io/name']} cannot reach argocd-redis:redis`);
    for (const s of scrapers(r)) {
      for (const target of [server, repo, controller]) need(admitsIngress(objects, target, s, 'metrics'), `the metrics scraper (${s.namespace}) cannot reach ${target.labels['app.kubernetes.io/name']}:metrics`);
    }
    // The decision itself: policies exist, and Argo CD's internals are not open to other pods.
    const stranger: Pod = { namespace: 'coder', labels: { 'app.kubernetes.io/name': 'workspace' } };
    need(!admitsIngress(objects, repo, stranger, 'repo-server'), 'argocd-repo-server:repo-server admits any pod');
    need(!admitsIngress(objects, redis, stranger, 'redis'), 'argocd-redis:redis admits any pod');
  }
  return problems;
}

test('argo-cd renders its NetworkPolicies in every shipped environment (the chart default, kept)', () => {
  for (const r of renders) {
    for (const name of ['argocd', 'terraform-argocd']) {
      const app = r.applications.find((a) => a.name === name)!;
      const policies = objectsOf(app).filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name).sort();
      expect([r.stackId, name, policies]).toEqual([r.stackId, name, ['argocd-application-controller', 'argocd-notifications-controller', 'argocd-redis', 'argocd-repo-server', 'argocd-server']]);
    }
  }
});

test('the connections the platform needs are admitted; repo-server and redis are closed to other pods', () => {
  expect(renders.flatMap(argocdReachability)).toEqual([]);
  expect(renders.some((r) => scrapers(r).length > 0)).toBe(true);
});

/** A copy of the render whose argocd Application renders `objects` instead. */
function planted(r: StackRender, change: (objects: any[]) => any[]): StackRender {
  return {
    ...r,
    applications: r.applications.map((a) => (a.name === 'argocd' ? { ...a, sources: a.sources.map((s) => ({ ...s, objects: change(structuredClone(s.objects.map((o) => o.object))).map((object) => ({ object, template: 'planted.yaml' })) })) } : a)),
  };
}

const edp = () => renders.find((r) => r.stackId === 'prod-edp')!;
const deny = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'argocd-default-deny', namespace: 'argocd' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };

test('fails if the default deny is on and argocd-server admits only Argo CD pods', () => {
  const r = planted(edp(), (objects) => [
    ...objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'argocd-server' ? { ...o, spec: { ...o.spec, ingress: [{ from: [{ podSelector: {} }] }] } } : o)),
    deny,
  ]);
  expect(argocdReachability(r)).toEqual(expect.arrayContaining([expect.stringMatching(/^prod-edp argocd: the ingress controller \(\S+\) cannot reach argocd-server:server$/)]));
});

test('fails if the metrics ports admit only the argocd namespace', () => {
  const r = planted(edp(), (objects) =>
    objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'argocd-repo-server' ? { ...o, spec: { ...o.spec, ingress: o.spec.ingress.map((rule: any) => (rule.ports[0].port === 'metrics' ? { ...rule, from: [{ podSelector: {} }] } : rule)) } } : o)),
  );
  expect(argocdReachability(r)).toEqual(['prod-edp argocd: the metrics scraper (observability) cannot reach argocd-repo-server:metrics']);
});

test('fails if egress of repo-server is restricted, or repo-server is open to every pod', () => {
  const r = planted(edp(), (objects) =>
    objects.map((o) => (o.kind === 'NetworkPolicy' && o.metadata.name === 'argocd-repo-server' ? { ...o, spec: { ...o.spec, policyTypes: ['Ingress', 'Egress'], egress: [], ingress: [{}] } } : o)),
  );
  expect(argocdReachability(r)).toEqual(['prod-edp argocd: argocd-repo-server egress is restricted (Git, Helm and OCI registries)', 'prod-edp argocd: argocd-repo-server:repo-server admits any pod']);
});

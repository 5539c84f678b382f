/**
 * No Ingress, LoadBalancer or NodePort reaches a backend without authentication in the shipped
 * environments, and the VMUsers' routes lead to real Service ports; each way of getting it wrong
 * is planted on a copy of a real render and caught.
 */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { exposureProblems, exposures } from '../../lib/ops/render/checks/exposure';
import { vmauthRouteProblems } from '../../lib/ops/render/checks/vmauth-routes';
import type { RenderedObject, StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

/** A copy of one shipped render to plant a mistake in (../support/rendered.ts: objects are thawed by `find`). */
function copy(stackId: string): StackRender {
  return plantable(renders.find((x) => x.stackId === stackId)!);
}

/** An object of an Application of the copy, thawed: a copy of its own in the copy, to change. */
function find(r: StackRender, app: string, kind: string, name: string): any {
  const [found] = thaw(r, app, (o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${app} renders no ${kind} ${name}`);
  return found;
}

function addObject(r: StackRender, app: string, object: unknown): void {
  (r.applications.find((a) => a.name === app)!.sources[0].objects as RenderedObject[]).push({ object: object as RenderedObject['object'], template: 'planted/ingress.yaml' });
}

const ingress = (name: string, service: string, annotations: Record<string, string> = {}, className = 'traefik') => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name, namespace: 'dex', annotations },
  spec: {
    ingressClassName: className,
    rules: [{ host: 'whoami.edp.buildth.ing', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } }] } }],
    tls: [{ hosts: ['whoami.edp.buildth.ing'], secretName: 'whoami-tls' }],
  },
});

const MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';
const middleware = (namespace: string, name: string, spec: Record<string, unknown>) => ({ apiVersion: 'traefik.io/v1alpha1', kind: 'Middleware', metadata: { name, namespace }, spec });

describe('shipped environments', () => {
  test('nothing is exposed without authentication', () => {
    expect(renders.flatMap(exposureProblems)).toEqual([]);
  });

  test('every VMUser target is a port of a Service of the render', () => {
    expect(renders.flatMap(vmauthRouteProblems)).toEqual([]);
  });

  test('each exposure passes for the reason it should', () => {
    const why = (stackId: string, what: RegExp) =>
      exposures(renders.find((r) => r.stackId === stackId)!)
        .filter((e) => what.test(e.what))
        .map((e) => e.verdict.why);
    expect(why('prod-observability', /^Ingress observability\/vmauth-vm /)).toEqual(['VMAuth without unauthorized access; every VMUser (1) has credentials']);
    expect(why('prod-edp', /^Service gitea\/forgejo-ssh LoadBalancer port ssh 32222/)[0]).toMatch(/^Forgejo: SSH public-key authentication/);
    expect(why('prod-edp', /^Ingress gitea\/forgejo /)[0]).toMatch(/^Forgejo: Forgejo sign-in/);
    expect(why('prod-observability', /^Grafana observability\/grafana spec.ingress/)[0]).toMatch(/^Grafana login/);
    expect(why('prod-edp', /^Service traefik\/traefik LoadBalancer port (web 80|websecure 443)$/)).toEqual([expect.stringMatching(/^Traefik: the ingress proxy/), expect.stringMatching(/^Traefik: the ingress proxy/)]);
    expect(why('local-kind', /^Service traefik\/traefik NodePort port (web 80|websecure 443)/)).toHaveLength(2);
    for (const r of renders) {
      // Traefik's metrics and its API/dashboard port (`traefik`) are on no exposed Service.
      expect(exposures(r).filter((e) => /port (metrics|webhook|traefik)$/.test(e.backend))).toEqual([]);
    }
  });
});

describe('fails if', () => {
  test('fails if VMAuth forwards unauthenticated requests (the chart default)', () => {
    const r = copy('prod-observability');
    // What the chart renders without unauthorizedUserAccessSpec.disabled (0.91.2 values.yaml:1941).
    find(r, 'victoria-k8s-stack', 'VMAuth', 'vm').spec.unauthorizedUserAccessSpec = {
      discover_backend_ips: true,
      url_map: [{ src_paths: ['/.*'], url_prefix: ['http://vmsingle-vm.observability.svc.cluster.local.:8429/'] }],
    };
    expect(exposureProblems(r)).toEqual([
      'prod-observability victoria-k8s-stack (victoria-metrics-k8s-stack 0.91.2) victoria-metrics-k8s-stack/templates/ingress.yaml: Ingress observability/vmauth-vm https://vmauth.observability.buildth.ing/ -> Service vmauth-vm port http 8427 (VMAuth observability/vm): spec.unauthorizedUserAccessSpec forwards requests without (or with unknown) credentials to http://vmsingle-vm.observability.svc.cluster.local.:8429/',
    ]);
  });

  test('fails if a VMUser has no credentials', () => {
    const r = copy('prod-observability');
    delete find(r, 'victoria-k8s-stack', 'VMUser', 'prod-edp').spec.passwordRef;
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/vmauth-vm .*: VMUser observability\/prod-edp has no password, passwordRef, bearerToken, tokenRef or generatePassword$/)]);
  });

  test('fails if VMAuth takes its config from an unmanaged Secret', () => {
    const r = copy('prod-observability');
    find(r, 'victoria-k8s-stack', 'VMAuth', 'vm').spec.configSecret = 'my-vmauth-config';
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/spec.configSecret makes the config unmanaged/)]);
  });

  test('fails if a VMUser target is on a port its Service does not have (VMSingle is on 8429, not the chart 0.91.2 default 8428)', () => {
    const r = copy('prod-observability');
    find(r, 'victoria-k8s-stack', 'VMUser', 'prod-edp').spec.targetRefs[0].static.url = 'http://vmsingle-vm.observability.svc:8428';
    expect(vmauthRouteProblems(r)).toEqual([
      `prod-observability victoria-k8s-stack (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: VMUser observability/prod-edp targetRefs[0] http://vmsingle-vm.observability.svc:8428: Service observability/vmsingle-vm has no port 8428 (it has http 8429)`,
    ]);
  });

  test('fails if a VMUser target names a Service that does not exist', () => {
    const r = copy('prod-observability');
    find(r, 'victoria-k8s-stack', 'VMUser', 'prod-edp').spec.targetRefs[1].static.url = 'http://victoria-logs.observability.svc:9428';
    expect(vmauthRouteProblems(r)).toEqual([expect.stringMatching(/targetRefs\[1\] http:\/\/victoria-logs.observability.svc:9428: no Service observability\/victoria-logs in the render/)]);
  });

  test('fails if an Ingress leads to an unknown service without auth; a Traefik auth Middleware protects it', () => {
    const r = copy('prod-edp');
    addObject(r, 'dex', ingress('whoami', 'whoami'));
    expect(exposureProblems(r)).toEqual([
      `prod-edp dex (dex ${CHARTS.dex.version}) planted/ingress.yaml: Ingress dex/whoami https://whoami.edp.buildth.ing/ -> Service whoami port 80: no Service dex/whoami in the render and no operator of the render makes one: what it serves is unknown`,
    ]);
    const protectedCopy = copy('prod-edp');
    addObject(protectedCopy, 'dex', middleware('dex', 'sso', { forwardAuth: { address: 'http://oauth2-proxy.dex.svc/oauth2/auth' } }));
    addObject(protectedCopy, 'dex', ingress('whoami', 'whoami', { [MIDDLEWARES]: 'dex-headers@kubernetescrd, dex-sso@kubernetescrd' }));
    addObject(protectedCopy, 'dex', middleware('dex', 'headers', { headers: { frameDeny: true } }));
    expect(exposureProblems(protectedCopy)).toEqual([]);
    expect(exposures(protectedCopy).find((e) => e.what.startsWith('Ingress dex/whoami'))!.verdict.why).toBe('Traefik forward authentication (Middleware dex/sso to http://oauth2-proxy.dex.svc/oauth2/auth)');
  });

  test('fails if the Traefik Middleware does not authenticate, is not in the render, or is in another namespace', () => {
    for (const [planted, ref] of [
      [middleware('dex', 'headers', { headers: { frameDeny: true } }), 'dex-headers@kubernetescrd'],
      [middleware('dex', 'sso', { basicAuth: { secret: 'users' } }), 'dex-other@kubernetescrd'],
      [middleware('argocd', 'sso', { basicAuth: { secret: 'users' } }), 'argocd-sso@kubernetescrd'],
      [middleware('dex', 'sso', { basicAuth: { secret: 'users' } }), 'dex-sso@file'],
    ] as const) {
      const r = copy('prod-edp');
      addObject(r, 'dex', planted);
      addObject(r, 'dex', ingress('whoami', 'whoami', { [MIDDLEWARES]: ref }));
      expect([ref, exposureProblems(r)]).toEqual([ref, [expect.stringMatching(/Ingress dex\/whoami .*what it serves is unknown$/)]]);
    }
  });

  test('fails if the auth annotation is one the Ingress class controller does not read', () => {
    const r = copy('prod-edp');
    addObject(r, 'dex', ingress('whoami', 'whoami', { 'nginx.ingress.kubernetes.io/auth-url': 'https://oauth2-proxy.edp.buildth.ing/oauth2/auth' }, 'traefik'));
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/Ingress dex\/whoami .*what it serves is unknown$/)]);
    // A Traefik Middleware on an Ingress of a class no IngressClass of the render has: nobody serves it that way.
    const other = copy('prod-edp');
    addObject(other, 'dex', middleware('dex', 'sso', { basicAuth: { secret: 'users' } }));
    addObject(other, 'dex', ingress('whoami', 'whoami', { [MIDDLEWARES]: 'dex-sso@kubernetescrd' }, 'nginx'));
    expect(exposureProblems(other)).toEqual([expect.stringMatching(/Ingress dex\/whoami .*what it serves is unknown$/)]);
  });

  test('fails if an Ingress leads to a program of a known image that has no login (Argo CD repo server)', () => {
    const r = copy('prod-edp');
    const planted = ingress('repo', 'argocd-repo-server');
    planted.metadata.namespace = 'argocd';
    planted.spec.rules[0].http.paths[0].backend.service.port = { number: 8081 };
    addObject(r, 'argocd', planted);
    expect(exposureProblems(r)).toEqual([
      expect.stringMatching(
        /Ingress argocd\/repo .* -> Service argocd-repo-server port tcp-repo-server 8081 -> Deployment argocd-repo-server container repo-server port repo-server: quay.io\/argoproj\/argocd:\S+ is no application with a login of its own/
      ),
    ]);
  });

  test('fails if a LoadBalancer Service exposes a plain HTTP backend (VictoriaLogs)', () => {
    const r = copy('prod-observability');
    find(r, 'victoria-logs', 'Service', 'vlogs').spec.type = 'LoadBalancer';
    expect(exposureProblems(r)).toEqual([
      `prod-observability victoria-logs (victoria-logs-single ${CHARTS.victoriaLogs.version}) victoria-logs-single/templates/service.yaml: Service observability/vlogs LoadBalancer port http 9428 -> Service vlogs port http 9428 -> StatefulSet vlogs container vlogs port http: ${find(r, 'victoria-logs', 'StatefulSet', 'vlogs').spec.template.spec.containers[0].image} is no application with a login of its own (auth/logins.ts) and nothing in front of it authenticates`,
    ]);
  });

  test("fails if the ingress controller's metrics reach a LoadBalancer", () => {
    const r = copy('prod-edp');
    find(r, 'traefik', 'Service', 'traefik-metrics').spec.type = 'LoadBalancer';
    expect(exposureProblems(r)).toEqual([
      expect.stringMatching(/Service traefik\/traefik-metrics LoadBalancer port metrics 9100 .*: port metrics of Traefik has no login \(its login covers web, websecure\)$/),
    ]);
  });

  test("fails if Traefik's API and dashboard port is published (kind's NodePort)", () => {
    const r = copy('local-kind');
    find(r, 'traefik', 'Service', 'traefik').spec.ports.push({ name: 'traefik', port: 8080, targetPort: 'traefik', protocol: 'TCP' });
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/Service traefik\/traefik NodePort port traefik 8080 .*: port traefik of Traefik has no login \(its login covers web, websecure\)$/)]);
  });

  test('fails if an operator is asked for a LoadBalancer in front of VMSingle', () => {
    const r = copy('prod-observability');
    find(r, 'victoria-k8s-stack', 'VMSingle', 'vm').spec.serviceSpec = { spec: { type: 'LoadBalancer' } };
    expect(exposureProblems(r)).toEqual([
      expect.stringMatching(
        /: VMSingle observability\/vm spec.serviceSpec LoadBalancer port http 8429 -> Service vmsingle-vm port http 8429 \(VMSingle observability\/vm\): VMSingle .* has no login of its own$/
      ),
    ]);
  });

  test('fails if Argo CD lets anonymous users in', () => {
    const r = copy('local-kind');
    find(r, 'argocd', 'ConfigMap', 'argocd-cm').data['users.anonymous.enabled'] = 'true';
    // The bootstrap release renders the same chart with the same values: one render, shared.
    expect(exposureProblems(r).filter((p) => !p.startsWith('local-kind terraform-argocd '))).toEqual([
      expect.stringMatching(/^local-kind argocd \(argo-cd \S+\) argo-cd\/templates\/argocd-server\/ingress.yaml: Ingress argocd\/argocd-server .*argocd-cm users.anonymous.enabled is "true"/),
    ]);
  });

  test('fails if Grafana lets anonymous users in', () => {
    const r = copy('prod-observability');
    find(r, 'grafana-operator', 'Grafana', 'grafana').spec.config['auth.anonymous'] = { enabled: 'true' };
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/Grafana observability\/grafana spec.ingress https:\/\/grafana.observability.buildth.ing\/ .*auth.anonymous.enabled/)]);
  });

  test('fails if Forgejo serves /metrics without a token (its SSH port is unaffected)', () => {
    const r = copy('prod-edp');
    const pod = find(r, 'forgejo-server', 'Deployment', 'forgejo').spec.template.spec;
    for (const c of pod.initContainers) c.env = (c.env ?? []).filter((e: { name: string }) => e.name !== 'FORGEJO__METRICS__TOKEN');
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/Ingress gitea\/forgejo https:\/\/edp.buildth.ing\/ .*\[metrics\] ENABLED without TOKEN/)]);
  });

  test('fails if Dex admits every account of its Forgejo (no orgs on the connector)', () => {
    const r = copy('prod-edp');
    const secret = find(r, 'dex', 'Secret', 'dex');
    const key = secret.data ? 'data' : 'stringData';
    const text = key === 'data' ? Buffer.from(secret.data['config.yaml'], 'base64').toString('utf8') : secret.stringData['config.yaml'];
    const changed = text.replace(/\n\s+orgs:\n\s+- name: DevFW/, '');
    expect(changed).not.toEqual(text);
    secret[key]['config.yaml'] = key === 'data' ? Buffer.from(changed).toString('base64') : changed;
    expect(exposureProblems(r)).toEqual([expect.stringMatching(/Ingress dex\/dex .*connector forgejo \(gitea at https:\/\/edp.buildth.ing\) has no orgs/)]);
  });
});

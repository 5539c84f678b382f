/**
 * core (seed 2.2.1): Argo CD (managing itself after the Terraform bootstrap), CloudNativePG and
 * Dex. On a cluster without cloud services (local tier) it also brings a Traefik suited to
 * kind, because the otc stack that normally provides ingress cannot run there.
 */
import { stringify } from 'yaml';
import type { Values } from '../argocd/types';
import { ARGOCD_NAMESPACE } from '../argocd/application';
import type { SecretRef } from '../secrets';
import { ChartRef, CHARTS } from './charts';
import { DECLARED } from './declarations';
import { chartIngress, type Hosts, INGRESS_ANNOTATIONS, INGRESS_CLASS, traefikApplication } from './ingress';
import type { AppSpec, SsoClient, StackContext, StackModule } from './types';

/**
 * The Dex static client of the service at `<label>.<domain>`, redirecting to `callback` there: id
 * `controller-<label>-dex`, its secret in Dex's environment as `<LABEL>_CLIENT_SECRET`.
 */
export function dexClient(label: string, name: string, callback: string) {
  const id = `controller-${label}-dex`;
  return { id, clients: (hosts: Hosts): SsoClient[] => [{ id, name, redirectURIs: [`${hosts.url(label)}${callback}`], secretEnv: `${label.toUpperCase()}_CLIENT_SECRET` }] };
}

const ARGOCD_CLIENT = dexClient('argocd', 'Argo CD', '/auth/callback');
/** Secret (and key) Argo CD reads the Dex client secret from: `$<secret>:<key>` in argocd-cm. */
const ARGOCD_DEX_SECRET = 'dex-controller-argocd-dex';
/** Secret in `dex` holding every static client's secret and the Forgejo connector credentials. */
const DEX_CLIENTS_SECRET = 'dex-clients';

/** Dex's public endpoints: the OIDC issuer, the URLs under it, the callback of its Forgejo connector. */
function dexService(hosts: Hosts) {
  const issuer = hosts.url('dex');
  return { host: hosts.host('dex'), issuer, authorize: `${issuer}/auth`, token: `${issuer}/token`, userinfo: `${issuer}/userinfo`, callback: `${issuer}/callback` };
}

/** What core provides to the stacks that need it: Dex, and the read-write Service CloudNativePG makes for a cluster (`<cluster>-rw`). */
export type Core = { readonly dex: ReturnType<typeof dexService>; postgres(cluster: string, namespace: string): { readonly host: string; readonly port: number } };

/** Argo CD's values: the Terraform bootstrap and the `argocd` Application install the same. */
function argocdValues(ctx: StackContext, dexSecret: SecretRef, dexIssuer: string): Values {
  const oidc = {
    name: 'Forgejo',
    issuer: dexIssuer,
    clientID: ARGOCD_CLIENT.id,
    clientSecret: `$${dexSecret.name}:${dexSecret.key(ARGOCD_DEX_SECRET)}`,
    requestedScopes: ['openid', 'profile', 'email', 'groups'],
  };
  const repositories: Record<string, Values> = {
    gitops: { name: 'gitops', type: 'git', url: ctx.gitops.repoURL },
  };
  // Argo CD pulls Helm charts from OCI registries only through a repository with enableOCI;
  // every OCI registry of the catalogue is declared (public, no credentials).
  const oci = new Set(Object.values(CHARTS as Record<string, ChartRef>).filter((c) => c.oci).map((c) => c.repoURL));
  for (const repo of [...oci].sort()) {
    const name = repo.replace(/[^a-z0-9]+/g, '-');
    repositories[name] = { name, type: 'helm', url: repo, enableOCI: 'true' };
  }
  return {
    global: { domain: ctx.hosts.host('argocd') },
    configs: {
      cm: {
        url: ctx.hosts.url('argocd'),
        'oidc.config': stringify(oidc),
        'application.resourceTrackingMethod': 'annotation',
        'timeout.reconciliation': '60s',
        // No `resource.exclusions`: it would replace the chart's list (Endpoints, Leases, ..., argo-cd
        // 10.1.1 values.yaml:373-427), which has the seed's CiliumIdentity; the seed's other one,
        // Crossplane's ProviderConfigUsage, is a kind nothing here installs (test/render/argocd-cm.test.ts).
      },
      params: { 'server.insecure': true },
      rbac: { 'policy.csv': `g, ${ctx.ssoOrganisation}, role:admin`, scopes: '[groups]' },
      repositories,
    },
    // Dex runs as its own Application (namespace dex), not as Argo CD's bundled one.
    dex: { enabled: false },
    server: {
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        hostname: ctx.hosts.host('argocd'),
        annotations: INGRESS_ANNOTATIONS,
        // The chart names the TLS Secret `argocd-server-tls`.
        tls: true,
      },
    },
  };
}

function dexValues(ctx: StackContext, dex: Core['dex'], clients: readonly SsoClient[], secret: SecretRef): Values {
  return {
    config: {
      issuer: dex.issuer,
      // The seed runs Dex on memory storage ("use persistent storage for production"): Kubernetes
      // CRD storage keeps sessions and refresh tokens across restarts without another database.
      storage: { type: 'kubernetes', config: { inCluster: true } },
      oauth2: { skipApprovalScreen: true, alwaysShowLoginScreen: false },
      connectors: [
        {
          type: 'gitea',
          id: 'forgejo',
          name: 'Forgejo',
          config: {
            // Expanded by Dex from the environment (dex-clients Secret), never written here.
            clientID: `$${secret.key('FORGEJO_CLIENT_ID')}`,
            clientSecret: `$${secret.key('FORGEJO_CLIENT_SECRET')}`,
            redirectURI: dex.callback,
            baseURL: ctx.ssoForgejoUrl,
            // Only members of the SSO organisation log in; its name becomes their group.
            orgs: [{ name: ctx.ssoOrganisation }],
            loadAllGroups: false,
          },
        },
      ],
      staticClients: clients.map((c) => ({ id: c.id, name: c.name, redirectURIs: [...c.redirectURIs], secretEnv: secret.key(c.secretEnv) })),
    },
    envFrom: [secret.envFrom()],
    ingress: chartIngress(dex.host, 'dex-tls', { pathType: 'ImplementationSpecific' }),
  };
}

/**
 * Traefik for kind, as the seed's ingress-nginx for kind was: host ports 80/443 on the node labelled
 * `ingress-ready=true` (traefik 41.3.0 values.yaml:923, :1014 `hostPort`), a NodePort Service
 * instead of a cloud LB (values.yaml:1144-1145), the control-plane toleration. No published
 * Service: Ingress status shows `localhost` (values.yaml:360-362, nginx's `publish-status-address`).
 * Without `providers.kubernetesIngress.ingressClass` Traefik also serves Ingresses without a class
 * (nginx's `watchIngressWithoutClass`). One pod holds the host ports, so a rollout stops it
 * before starting the next (the chart's default surges, values.yaml:275-277, which would wait
 * forever for a free port).
 */
function kindIngressValues(): Values {
  return {
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
    ports: { web: { hostPort: 80 }, websecure: { hostPort: 443 } },
    service: { spec: { type: 'NodePort' } },
    nodeSelector: { 'ingress-ready': 'true' },
    tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }],
    providers: { kubernetesIngress: { publishedService: { enabled: false }, ingressEndpoint: { hostname: 'localhost' } } },
  };
}

/** The prometheus-operator CRDs that ServiceMonitors, PodMonitors, Probes and PrometheusRules need. */
function prometheusCrdsValues(): Values {
  const off = { enabled: false };
  return { crds: { alertmanagerconfigs: off, alertmanagers: off, prometheusagents: off, prometheuses: off, scrapeconfigs: off, thanosrulers: off } };
}

export const core: StackModule<Core> = {
  ...DECLARED.core,
  ssoClients: ARGOCD_CLIENT.clients,
  build(_scope, ctx) {
    const dex = dexService(ctx.hosts);
    // The OAuth2 application of the Forgejo that Dex delegates to: created in that Forgejo (site
    // administration, redirect URI https://dex.<domain>/callback), given to Terraform as
    // TF_VAR_sso_forgejo_client_id / TF_VAR_sso_forgejo_client_secret. It cannot be generated.
    const clientId = ctx.secrets.input('sso_forgejo_client_id', `Client ID of the OAuth2 application in ${ctx.ssoForgejoUrl} that Dex uses (redirect URI ${dex.callback})`);
    const clientSecret = ctx.secrets.input('sso_forgejo_client_secret', `Client secret of that OAuth2 application`);

    const data: Record<string, string> = { FORGEJO_CLIENT_ID: clientId, FORGEJO_CLIENT_SECRET: clientSecret };
    for (const c of ctx.sso.clients) data[c.secretEnv] = ctx.sso.secret(c.id);
    const dexClients = ctx.secrets.write('DexClientsSecret', { namespace: 'dex', name: DEX_CLIENTS_SECRET, data });
    const argocdDex = ctx.secrets.write('ArgocdDexSecret', {
      namespace: ARGOCD_NAMESPACE,
      name: ARGOCD_DEX_SECRET,
      // Argo CD only resolves `$secret:key` references in Secrets labelled part-of argocd.
      labels: { 'app.kubernetes.io/part-of': 'argocd' },
      data: { [ARGOCD_DEX_SECRET]: ctx.sso.secret(ARGOCD_CLIENT.id) },
    });

    // Argo CD cannot cascade-delete itself: no finalizer, the bootstrap release removes it last.
    // Server-side: its ApplicationSet CRD is over 256 KiB as a client-side apply annotation from
    // chart 10 on (argo-cd 10.1.1 templates/crds/crd-applicationset.yaml), whose CRDs ask for it
    // (values.yaml:37-38), and Argo CD 3.3's upgrade notes require it for a self-managed Argo CD.
    // Set before the version moves, so that Argo CD 3.2 takes over its objects server-side first.
    const argocd: AppSpec = { name: 'argocd', namespace: ARGOCD_NAMESPACE, chart: CHARTS.argocd, values: argocdValues(ctx, argocdDex, dex.issuer), cascadeDelete: false, serverSideApply: true };
    const applications: AppSpec[] = [
      argocd,
      {
        name: 'cloudnative-pg',
        namespace: 'cloudnative-pg',
        chart: CHARTS.cloudnativePg,
        values: { crds: { create: true }, config: { clusterWide: true } },
        // Its poolers (331 KiB) and clusters (266 KiB) CRDs pass 256 KiB as a client-side apply
        // annotation (0.29.0 templates/crds/crds.yaml).
        serverSideApply: true,
      },
      { name: 'dex', namespace: 'dex', chart: CHARTS.dex, values: dexValues(ctx, dex, ctx.sso.clients, dexClients) },
    ];
    if (!ctx.services) applications.push(traefikApplication(kindIngressValues()));
    // With a monitoring stack, Traefik (otc) and metrics-server render
    // monitoring.coreos.com/v1 ServiceMonitors (traefik servicemonitor.yaml:14, metrics-server
    // servicemonitor.yaml:3), Forgejo has one as a companion manifest, and the VictoriaMetrics
    // operator converts them to its own scrape objects (victoria-metrics-operator values.yaml:115), but
    // only where their CRDs exist ("should be preinstalled", values.yaml:294). Nothing installed
    // them, so those Applications could never sync. The CRDs come first, here in core, because the
    // otc stack already uses them; only the kinds a chart renders or the operator converts. The
    // Prometheus, Alertmanager, ThanosRuler, PrometheusAgent, ScrapeConfig and AlertmanagerConfig
    // CRDs describe servers nobody runs here, and each is larger than the 256 kB annotation that
    // Argo CD's client-side apply would store.
    if (ctx.has('monitored')) applications.push({ name: 'prometheus-operator-crds', namespace: 'kube-system', chart: CHARTS.prometheusOperatorCrds, values: prometheusCrdsValues() });
    const postgres = (cluster: string, namespace: string) => ({ host: `${cluster}-rw.${namespace}.svc`, port: 5432 });
    return { applications, bootstrap: argocd, provides: { dex, postgres } };
  },
};


/**
 * core (seed 2.2.1): Argo CD (managing itself after the Terraform bootstrap), CloudNativePG and
 * Dex. On a cluster without cloud services (local tier) it also brings a Traefik suited to
 * kind, because the otc stack that normally provides ingress cannot run there.
 */
import { TerraformVariable } from 'cdktf';
import { stringify } from 'yaml';
import type { Values } from '../argocd/types';
import { ChartRef, CHARTS } from './charts';
import { host, INGRESS_ANNOTATIONS, INGRESS_CLASS, traefikCommonValues, url } from './ingress';
import type { AppSpec, SsoClient, StackContext, StackModule } from './types';

export const ARGOCD_CLIENT_ID = 'controller-argocd-dex';
/** Secret (and key) Argo CD reads the Dex client secret from: `$<secret>:<key>` in argocd-cm. */
const ARGOCD_DEX_SECRET = 'dex-controller-argocd-dex';
/** Secret in `dex` holding every static client's secret and the Forgejo connector credentials. */
export const DEX_CLIENTS_SECRET = 'dex-clients';

/** Argo CD's values: the Terraform bootstrap and the `argocd` Application install the same. */
export function argocdValues(ctx: StackContext): Values {
  const oidc = {
    name: 'Forgejo',
    issuer: url(ctx.domain, 'dex'),
    clientID: ARGOCD_CLIENT_ID,
    clientSecret: `$${ARGOCD_DEX_SECRET}:${ARGOCD_DEX_SECRET}`,
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
    global: { domain: host(ctx.domain, 'argocd') },
    configs: {
      cm: {
        url: url(ctx.domain, 'argocd'),
        'oidc.config': stringify(oidc),
        'application.resourceTrackingMethod': 'annotation',
        'timeout.reconciliation': '60s',
        'resource.exclusions': stringify([
          { apiGroups: ['*'], kinds: ['ProviderConfigUsage'], clusters: ['*'] },
          { apiGroups: ['cilium.io'], kinds: ['CiliumIdentity'], clusters: ['*'] },
        ]),
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
        hostname: host(ctx.domain, 'argocd'),
        annotations: INGRESS_ANNOTATIONS,
        // The chart names the TLS Secret `argocd-server-tls`.
        tls: true,
      },
    },
  };
}

function dexValues(ctx: StackContext, clients: readonly SsoClient[]): Values {
  const dexHost = host(ctx.domain, 'dex');
  return {
    config: {
      issuer: url(ctx.domain, 'dex'),
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
            clientID: '$FORGEJO_CLIENT_ID',
            clientSecret: '$FORGEJO_CLIENT_SECRET',
            redirectURI: `${url(ctx.domain, 'dex')}/callback`,
            baseURL: ctx.ssoForgejoUrl,
            // Only members of the SSO organisation log in; its name becomes their group.
            orgs: [{ name: ctx.ssoOrganisation }],
            loadAllGroups: false,
          },
        },
      ],
      staticClients: clients.map((c) => ({ id: c.id, name: c.name, redirectURIs: [...c.redirectURIs], secretEnv: c.secretEnv })),
    },
    envFrom: [{ secretRef: { name: DEX_CLIENTS_SECRET } }],
    ingress: {
      enabled: true,
      className: INGRESS_CLASS,
      annotations: INGRESS_ANNOTATIONS,
      hosts: [{ host: dexHost, paths: [{ path: '/', pathType: 'ImplementationSpecific' }] }],
      tls: [{ secretName: 'dex-tls', hosts: [dexHost] }],
    },
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
    ...traefikCommonValues(),
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

export const core: StackModule = {
  name: 'core',
  needs: [],
  needsCloud: false,
  hosts: ['argocd', 'dex'],
  ssoClients: (domain) => [
    { id: ARGOCD_CLIENT_ID, name: 'Argo CD', redirectURIs: [`${url(domain, 'argocd')}/auth/callback`], secretEnv: 'ARGOCD_CLIENT_SECRET' },
  ],
  build(scope, ctx) {
    const monitored = ctx.has('observability') || ctx.has('observability-client');
    // The OAuth2 application of the Forgejo that Dex delegates to: created in that Forgejo (site
    // administration, redirect URI https://dex.<domain>/callback), given to Terraform as
    // TF_VAR_sso_forgejo_client_id / TF_VAR_sso_forgejo_client_secret. It cannot be generated.
    const clientId = new TerraformVariable(scope, 'SsoForgejoClientId', { type: 'string', sensitive: true, description: `Client ID of the OAuth2 application in ${ctx.ssoForgejoUrl} that Dex uses (redirect URI ${url(ctx.domain, 'dex')}/callback)` });
    clientId.overrideLogicalId('sso_forgejo_client_id');
    const clientSecret = new TerraformVariable(scope, 'SsoForgejoClientSecret', { type: 'string', sensitive: true, description: `Client secret of that OAuth2 application` });
    clientSecret.overrideLogicalId('sso_forgejo_client_secret');

    const data: Record<string, string> = { FORGEJO_CLIENT_ID: clientId.stringValue, FORGEJO_CLIENT_SECRET: clientSecret.stringValue };
    for (const c of ctx.sso.clients) data[c.secretEnv] = ctx.sso.secret(c.id);
    ctx.secrets.write('DexClientsSecret', { namespace: 'dex', name: DEX_CLIENTS_SECRET, data });
    ctx.secrets.write('ArgocdDexSecret', {
      namespace: 'argocd',
      name: ARGOCD_DEX_SECRET,
      // Argo CD only resolves `$secret:key` references in Secrets labelled part-of argocd.
      labels: { 'app.kubernetes.io/part-of': 'argocd' },
      data: { [ARGOCD_DEX_SECRET]: ctx.sso.secret(ARGOCD_CLIENT_ID) },
    });

    const applications: AppSpec[] = [
      // Argo CD cannot cascade-delete itself: no finalizer, the bootstrap release removes it last.
      { name: 'argocd', namespace: 'argocd', chart: CHARTS.argocd, values: argocdValues(ctx), cascadeDelete: false },
      {
        name: 'cloudnative-pg',
        namespace: 'cloudnative-pg',
        chart: CHARTS.cloudnativePg,
        values: { crds: { create: true }, config: { clusterWide: true } },
        // Its poolers CRD is 324 KiB as a client-side apply annotation (templates/crds/crds.yaml).
        serverSideApply: true,
      },
      { name: 'dex', namespace: 'dex', chart: CHARTS.dex, values: dexValues(ctx, ctx.sso.clients) },
    ];
    if (!ctx.services) applications.push({ name: 'traefik', namespace: 'traefik', chart: CHARTS.traefik, values: kindIngressValues() });
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
    if (monitored) applications.push({ name: 'prometheus-operator-crds', namespace: 'kube-system', chart: CHARTS.prometheusOperatorCrds, values: prometheusCrdsValues() });
    return { applications, urls: { argocd_url: url(ctx.domain, 'argocd'), dex_url: url(ctx.domain, 'dex') } };
  },
};


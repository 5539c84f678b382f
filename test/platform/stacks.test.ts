/** The seed's facts per stack (sections 2.2.1 to 2.2.7), read back from the synthesized output. */
import { application, applications, companions, deliveredObjects, platformStacks, values } from './support';

const stacks = platformStacks();
const tf = (id: string) => stacks.get(id)!.tf;
const edp = tf('prod-edp');
const o12y = tf('prod-observability');
const kind = tf('local-kind');

/** name -> [chart, version, namespace] of every Application. */
function table(id: string): Record<string, [string, string, string]> {
  return Object.fromEntries(applications(tf(id)).map((a) => [a.metadata.name, [a.spec.sources[0].chart, a.spec.sources[0].targetRevision, a.spec.destination.namespace]]));
}

describe('Applications: chart, pinned version, namespace', () => {
  it('prod-edp (core, otc, forgejo, coder, terralist, observability-client)', () => {
    expect(table('prod-edp')).toEqual({
      argocd: ['argo-cd', '10.1.1', 'argocd'],
      'cloudnative-pg': ['cloudnative-pg', '0.29.0', 'cloudnative-pg'],
      dex: ['dex', '0.24.0', 'dex'],
      'prometheus-operator-crds': ['prometheus-operator-crds', '31.0.1', 'kube-system'],
      'cert-manager': ['cert-manager', 'v1.21.1', 'cert-manager'],
      traefik: ['traefik', '41.3.0', 'traefik'],
      storageclass: ['raw', '2.0.2', 'kube-system'],
      'forgejo-server': ['forgejo', '15.0.3', 'gitea'],
      'forgejo-runner': ['raw', '2.0.2', 'gitea'],
      coder: ['coder', '2.31.7', 'coder'],
      terralist: ['terralist', '0.8.1', 'terralist'],
      'metrics-server': ['metrics-server', '3.13.1', 'observability'],
      vector: ['vector', '0.56.0', 'observability'],
      'vm-client': ['victoria-metrics-k8s-stack', '0.91.2', 'observability'],
    });
  });

  it('prod-observability (core, otc, observability)', () => {
    expect(table('prod-observability')).toMatchObject({
      'prometheus-operator-crds': ['prometheus-operator-crds', '31.0.1', 'kube-system'],
      'grafana-operator': ['grafana-operator', '5.24.0', 'observability'],
      'victoria-k8s-stack': ['victoria-metrics-k8s-stack', '0.91.2', 'observability'],
      'victoria-logs': ['victoria-logs-single', '0.13.9', 'observability'],
    });
  });

  it('local-kind runs core plus a Traefik for kind, nothing that needs OTC', () => {
    expect(Object.keys(table('local-kind')).sort()).toEqual(['argocd', 'cloudnative-pg', 'dex', 'traefik']);
  });

  it('OCI charts come from their registries, which Argo CD knows with enableOCI', () => {
    expect(application(edp, 'forgejo-server').spec.sources[0].repoURL).toBe('code.forgejo.org/forgejo-helm');
    expect(application(edp, 'terralist').spec.sources[0].repoURL).toBe('ghcr.io/terralist/helm-charts');
    expect(application(o12y, 'grafana-operator').spec.sources[0].repoURL).toBe('ghcr.io/grafana/helm-charts');
    const repos = Object.values(values(edp, 'argocd').configs.repositories as Record<string, Record<string, string>>);
    for (const url of ['code.forgejo.org/forgejo-helm', 'ghcr.io/terralist/helm-charts', 'ghcr.io/grafana/helm-charts']) {
      expect(repos).toContainEqual({ name: expect.any(String), type: 'helm', url, enableOCI: 'true' });
    }
  });
});

describe('delivery', () => {
  it.each([...stacks.keys()])('%s: one AppProject per stack, limited to its namespaces; no Application in default', (id) => {
    const objects = deliveredObjects(tf(id));
    const projects = objects.filter((o) => o.kind === 'AppProject') as any[];
    expect(projects.map((p) => p.metadata.name).sort()).toEqual([...stacks.get(id)!.env.settings.stacks].sort());
    for (const app of applications(tf(id))) {
      expect(app.spec.project).not.toBe('default');
      expect(app.spec.destination.namespace).not.toBe('default');
      const project = projects.find((p) => p.metadata.name === app.spec.project);
      const allowed = project.spec.destinations.map((d: { namespace: string }) => d.namespace);
      expect(allowed).toContain(app.spec.destination.namespace);
      expect(allowed).not.toContain('default');
      for (const s of app.spec.sources) expect(project.spec.sourceRepos).toContain(s.repoURL);
    }
  });

  it('every Application syncs automatically with prune, selfHeal, CreateNamespace and a bounded retry', () => {
    // Objects too large for client-side apply (Argo CD's and CloudNativePG's CRDs).
    const serverSide = ['argocd', 'cloudnative-pg'];
    // Their charts render custom resources whose CRD another Application installs.
    const foreign = ['traefik', 'metrics-server', 'vm-client'];
    for (const app of applications(edp)) {
      const name = app.metadata.name;
      expect(app.spec.syncPolicy).toEqual({
        automated: { prune: true, selfHeal: true },
        syncOptions: ['CreateNamespace=true', ...(serverSide.includes(name) ? ['ServerSideApply=true'] : []), ...(foreign.includes(name) ? ['SkipDryRunOnMissingResource=true'] : [])],
        retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
      });
    }
  });

  it('Applications cascade-delete what they deployed, except Argo CD itself', () => {
    for (const app of applications(edp)) {
      expect((app.metadata as any).finalizers).toEqual(app.metadata.name === 'argocd' ? undefined : ['resources-finalizer.argocd.argoproj.io']);
    }
  });

  it('companion manifests come after the operator that defines their CRD: sync wave and SkipDryRunOnMissingResource', () => {
    const [issuer] = companions(application(edp, 'cert-manager'));
    expect(issuer.kind).toBe('ClusterIssuer');
    expect(issuer.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/sync-wave': '1', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true' });
    const [db] = companions(application(edp, 'coder'));
    expect(db.metadata.annotations!['argocd.argoproj.io/sync-wave']).toBe('-1');
    const grafanaCrs = companions(application(o12y, 'grafana-operator'));
    expect(grafanaCrs.map((o) => o.kind)).toEqual(['Grafana', 'GrafanaDatasource', 'GrafanaDatasource', 'GrafanaDashboard', 'GrafanaDashboard']);
    for (const o of grafanaCrs) expect(o.metadata.annotations!['argocd.argoproj.io/sync-options']).toContain('SkipDryRunOnMissingResource=true');
  });

  it('Terraform creates Applications through raw-chart releases after Argo CD, never kubernetes_manifest', () => {
    const releases = edp.resource!.helm_release;
    const argocd = Object.entries(releases).find(([, r]) => r.chart === 'argo-cd')!;
    expect(argocd[1]).toMatchObject({ name: 'argocd', namespace: expect.stringContaining('kubernetes_namespace_v1'), version: '10.1.1', repository: 'https://argoproj.github.io/argo-helm', lifecycle: { ignore_changes: 'all' } });
    const deliveries = Object.values(releases).filter((r) => r.chart === 'raw');
    expect(deliveries.map((r) => r.name).sort()).toEqual(['edp-stack-coder', 'edp-stack-core', 'edp-stack-forgejo', 'edp-stack-observability-client', 'edp-stack-otc', 'edp-stack-terralist']);
    for (const r of deliveries) {
      expect(r).toMatchObject({ repository: 'https://bedag.github.io/helm-charts', version: '2.0.2', namespace: 'argocd' });
      expect(r.depends_on).toContain(`helm_release.${argocd[0]}`);
    }
    const forgejo = deliveries.find((r) => r.name === 'edp-stack-forgejo')!;
    expect((forgejo.depends_on as string[]).filter((d) => d.startsWith('helm_release.')).length).toBe(3); // argocd, core, otc
    expect(Object.keys(edp.resource!)).not.toContain('kubernetes_manifest');
  });

  it('the bootstrap installs Argo CD with the very values of the core stack’s argocd Application', () => {
    const { parse } = jest.requireActual('yaml');
    const { unescapeTerraform } = jest.requireActual('../../lib/platform/render');
    const argocd = Object.values(edp.resource!.helm_release).find((r) => r.chart === 'argo-cd')!;
    expect(parse(unescapeTerraform((argocd.values as string[])[0]))).toEqual(values(edp, 'argocd'));
  });
});

describe('core', () => {
  const argocd = values(edp, 'argocd');
  it('Argo CD: URL, OIDC through Dex, RBAC for the SSO organisation, insecure behind the ingress, annotation tracking, 60 s', () => {
    expect(argocd.configs.cm.url).toBe('https://argocd.edp.buildth.ing');
    expect(argocd.configs.cm['oidc.config']).toContain('issuer: https://dex.edp.buildth.ing');
    expect(argocd.configs.cm['oidc.config']).toContain('clientID: controller-argocd-dex');
    expect(argocd.configs.cm['oidc.config']).toContain('clientSecret: $dex-controller-argocd-dex:dex-controller-argocd-dex');
    expect(argocd.configs.rbac['policy.csv']).toBe('g, DevFW, role:admin');
    expect(argocd.configs.params['server.insecure']).toBe(true);
    expect(argocd.configs.cm['application.resourceTrackingMethod']).toBe('annotation');
    expect(argocd.configs.cm['timeout.reconciliation']).toBe('60s');
    // The chart's resource exclusions stay (they include the seed's CiliumIdentity): test/render/argocd-cm.test.ts.
    expect(argocd.configs.cm).not.toHaveProperty(['resource.exclusions']);
    expect(argocd.server.ingress).toMatchObject({ enabled: true, ingressClassName: 'traefik', hostname: 'argocd.edp.buildth.ing', annotations: { 'cert-manager.io/cluster-issuer': 'main' }, tls: true });
  });

  it('Dex: issuer, Forgejo connector restricted to the SSO organisation, a static client per SSO consumer', () => {
    const dex = values(edp, 'dex');
    expect(dex.config.issuer).toBe('https://dex.edp.buildth.ing');
    expect(dex.config.connectors).toEqual([
      expect.objectContaining({ type: 'gitea', id: 'forgejo', config: expect.objectContaining({ baseURL: 'https://edp.buildth.ing', orgs: [{ name: 'DevFW' }], clientSecret: '$FORGEJO_CLIENT_SECRET', redirectURI: 'https://dex.edp.buildth.ing/callback' }) }),
    ]);
    expect(dex.config.staticClients.map((c: { id: string }) => c.id)).toEqual(['controller-argocd-dex', 'controller-coder-dex', 'controller-terralist-dex']);
    expect(values(o12y, 'dex').config.staticClients.map((c: { id: string }) => c.id)).toEqual(['controller-argocd-dex', 'controller-grafana-dex']);
    for (const c of dex.config.staticClients) expect(Object.keys(c).sort()).toEqual(['id', 'name', 'redirectURIs', 'secretEnv']);
    expect(dex.envFrom).toEqual([{ secretRef: { name: 'dex-clients' } }]);
    expect(dex.ingress.tls).toEqual([{ secretName: 'dex-tls', hosts: ['dex.edp.buildth.ing'] }]);
  });
});

describe('otc', () => {
  it('ClusterIssuer main: Let’s Encrypt production, HTTP-01 through class traefik, the tenant e-mail', () => {
    expect(companions(application(edp, 'cert-manager'))[0]).toMatchObject({
      metadata: { name: 'main' },
      spec: { acme: { email: 'admin@think-ahead.tech', server: 'https://acme-v02.api.letsencrypt.org/directory', solvers: [{ http01: { ingress: { ingressClassName: 'traefik' } } }] } },
    });
    expect(values(edp, 'cert-manager')).toEqual({ crds: { enabled: true }, replicaCount: 1 });
  });

  it('traefik: the ELB of the infra layer, default class traefik, forwarded headers from the ELB only, HTTPS redirect, long reads, metrics', () => {
    const v = values(edp, 'traefik');
    expect(v.service.annotations).toEqual({ 'kubernetes.io/elb.class': 'performance', 'kubernetes.io/elb.id': '${var.elb_id}', 'kubernetes.io/elb.ip': '${var.elb_ip}', 'kubernetes.io/elb.port': '80' });
    expect(v.ingressClass).toEqual({ enabled: true, isDefaultClass: true, name: 'traefik' });
    expect(v.providers).toEqual({ kubernetesIngress: { ingressClass: 'traefik', publishedService: { enabled: true } } });
    expect(v.ports.web.forwardedHeaders).toEqual({ trustedIPs: ['${var.elb_backend_cidr}'] });
    expect(v.ports.websecure.forwardedHeaders).toEqual({ trustedIPs: ['${var.elb_backend_cidr}'] });
    expect(v.ports.web.http.redirections.entryPoint).toEqual({ to: 'websecure', scheme: 'https', permanent: true });
    expect(v.ports.websecure.transport.respondingTimeouts.readTimeout).toBe('30m');
    expect(v.metrics).toEqual({ prometheus: { service: { enabled: true }, serviceMonitor: { enabled: true, additionalLabels: { release: 'traefik' } } } });
    expect(values(tf('nonprod-test-me'), 'traefik').metrics.prometheus.serviceMonitor.enabled).toBe(false);
  });

  it('StorageClass csi-disk: default, Everest CSI, encrypted with the KMS key, zone of the infra layer', () => {
    const [sc] = companions(application(edp, 'storageclass')) as any[];
    expect(sc).toMatchObject({
      kind: 'StorageClass',
      metadata: { name: 'csi-disk', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true', 'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true,Replace=true' } },
      provisioner: 'everest-csi-provisioner',
      parameters: { 'everest.io/crypt-key-id': '${var.kms_key_id}', 'everest.io/disk-volume-type': 'GPSSD' },
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['${var.volume_az}'] }] }],
      allowVolumeExpansion: true,
    });
  });
});

describe('forgejo', () => {
  const v = values(edp, 'forgejo-server');
  it('server: EDP, no registration, RDS over SSL, OBS buckets, 200Gi encrypted GPSSD, SSH on 32222, ingress at the domain', () => {
    expect(v.gitea.config).toMatchObject({
      APP_NAME: 'EDP',
      service: { DISABLE_REGISTRATION: true },
      database: { DB_TYPE: 'postgres', SSL_MODE: 'require' },
      server: { DOMAIN: 'edp.buildth.ing', ROOT_URL: 'https://edp.buildth.ing/', SSH_PORT: 32222 },
      storage: { STORAGE_TYPE: 'minio', MINIO_ENDPOINT: '${var.obs_endpoint}', MINIO_BUCKET: '${var.bucket_artifacts}', MINIO_USE_SSL: true },
      'storage.lfs': { MINIO_BUCKET: '${var.bucket_lfs}' },
      'storage.packages': { MINIO_BUCKET: '${var.bucket_packages}' },
    });
    expect(v.gitea.admin).toMatchObject({ existingSecret: 'forgejo-admin' });
    expect(v.gitea.additionalConfigFromEnvs.map((e: any) => `${e.name}=${e.valueFrom.secretKeyRef.name}/${e.valueFrom.secretKeyRef.key}`)).toEqual([
      'FORGEJO__DATABASE__HOST=forgejo-database/host',
      'FORGEJO__DATABASE__NAME=forgejo-database/database',
      'FORGEJO__DATABASE__USER=forgejo-database/username',
      'FORGEJO__DATABASE__PASSWD=forgejo-database/password',
      'FORGEJO__STORAGE__MINIO_ACCESS_KEY_ID=forgejo-cloud-credentials/access-key',
      'FORGEJO__STORAGE__MINIO_SECRET_ACCESS_KEY=forgejo-cloud-credentials/secret-key',
      'FORGEJO__METRICS__TOKEN=forgejo-metrics-token/token',
    ]);
    expect(v.persistence).toEqual({ enabled: true, claimName: 'gitea-shared-storage', size: '200Gi', storageClass: 'csi-disk', annotations: { 'everest.io/crypt-key-id': '${var.kms_key_id}', 'everest.io/disk-volume-type': 'GPSSD' } });
    expect(v.service.ssh).toMatchObject({ type: 'LoadBalancer', port: 32222, annotations: { 'kubernetes.io/elb.id': '${var.elb_id}' } });
    expect(v.ingress).toMatchObject({ className: 'traefik', annotations: { 'cert-manager.io/cluster-issuer': 'main' }, hosts: [{ host: 'edp.buildth.ing' }], tls: [{ secretName: 'forgejo-tls', hosts: ['edp.buildth.ing'] }] });
  });

  it('runner: 3 replicas of runner 6.4.0 with docker 28.0.4-dind, registered offline from a generated secret', () => {
    const deployment = companions(application(edp, 'forgejo-runner')).find((o) => o.kind === 'Deployment') as any;
    expect(deployment.metadata.namespace).toBe('gitea');
    expect(deployment.spec.replicas).toBe(3);
    const pod = deployment.spec.template.spec;
    expect(pod.containers.map((c: any) => c.image)).toEqual(['code.forgejo.org/forgejo/runner:6.4.0', 'docker:28.0.4-dind']);
    expect(pod.containers[0].securityContext).toEqual({ runAsUser: 0, privileged: true, allowPrivilegeEscalation: true });
    expect(pod.initContainers[0].command.join(' ')).toContain('create-runner-file --instance https://edp.buildth.ing');
    expect(pod.initContainers[0].env).toEqual([{ name: 'RUNNER_SECRET', valueFrom: { secretKeyRef: { name: 'forgejo-runner-token', key: 'token' } } }]);
  });

  it('runner registration: a Sync-hook Job before the runners, with Forgejo\'s app.ini on its data volume, on its node', () => {
    const job = companions(application(edp, 'forgejo-runner')).find((o) => o.kind === 'Job') as any;
    expect(job.metadata.annotations).toMatchObject({ 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation', 'argocd.argoproj.io/sync-wave': '-1' });
    const pod = job.spec.template.spec;
    expect(pod.containers[0].command.join(' ')).toContain('forgejo forgejo-cli actions register --name edp-runner');
    expect(pod.containers[0].env).toContainEqual({ name: 'RUNNER_SECRET', valueFrom: { secretKeyRef: { name: 'forgejo-runner-token', key: 'token' } } });
    expect(pod.containers[0].env).toContainEqual({ name: 'GITEA_APP_INI', value: '/data/gitea/conf/app.ini' });
    expect(pod.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: v.persistence.claimName } });
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'forgejo', 'app.kubernetes.io/instance': 'forgejo' });
    expect(v.extraContainers).toBeUndefined();
  });
});

describe('observability', () => {
  const stack = values(o12y, 'victoria-k8s-stack');
  it('Grafana: OAuth through Dex (DevFW Admin, else Viewer), 10Gi PVC on csi-disk, ingress grafana.<domain>', () => {
    const grafana = companions(application(o12y, 'grafana-operator')).find((o) => o.kind === 'Grafana') as any;
    expect(grafana.spec.config['auth.generic_oauth']).toMatchObject({
      enabled: 'true',
      client_secret: '$__env{GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET}',
      auth_url: 'https://dex.observability.buildth.ing/auth',
      role_attribute_path: "contains(groups[*], 'DevFW') && 'Admin' || 'Viewer'",
    });
    expect(grafana.spec.deployment.spec.template.spec.containers[0].envFrom).toEqual([{ secretRef: { name: 'dex-grafana-client' } }]);
    expect(grafana.spec.persistentVolumeClaim.spec).toEqual({ storageClassName: 'csi-disk', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } });
    expect(grafana.spec.ingress.spec.tls).toEqual([{ hosts: ['grafana.observability.buildth.ing'], secretName: 'grafana-tls-secret' }]);
  });

  it('VictoriaMetrics: VMSingle one month on 20Gi, VMAuth on 8427 at vmauth.<domain>, managed-control-plane scrapes off', () => {
    expect(stack.vmsingle.spec).toEqual({ port: '8429', retentionPeriod: '1', storage: { storageClassName: 'csi-disk', resources: { requests: { storage: '20Gi' } } } });
    expect(stack.vmauth.spec.port).toBe('8427');
    expect(stack.vmauth.ingress).toMatchObject({ ingressClassName: 'traefik', hosts: ['vmauth.observability.buildth.ing'], tls: [{ secretName: 'vmauth-tls-secret' }] });
    expect([stack.kubeControllerManager, stack.kubeScheduler, stack.kubeProxy]).toEqual([{ enabled: false }, { enabled: false }, { enabled: false }]);
  });

  it('Alertmanager mails critical and major alerts: the SMTP user name as text, the password a file of the mounted Secret', () => {
    expect(stack.alertmanager.config.route.routes).toEqual([{ matchers: ['severity =~ "critical|major"'], receiver: 'mail' }]);
    const mail = stack.alertmanager.config.receivers.find((r: any) => r.name === 'mail').email_configs[0];
    expect(mail).toEqual({
      to: 'admin@think-ahead.tech',
      from: 'alertmanager@observability.buildth.ing',
      smarthost: 'mail.mms-support.de:465',
      auth_username: '${var.alert_smtp_username}',
      auth_password_file: '/etc/vm/secrets/email-user-credentials/password',
    });
    expect(stack.alertmanager.spec.secrets).toEqual(['email-user-credentials']);
    const secret = Object.values((o12y.resource as any).kubernetes_secret_v1).find((r: any) => r.metadata.name === 'email-user-credentials') as any;
    expect(secret.data).toEqual({ password: '${var.alert_smtp_password}' });
    // The user name shows in the Application (Alertmanager reads it as text only); the password never does.
    const variables = (o12y as any).variable;
    expect([variables.alert_smtp_username.sensitive, variables.alert_smtp_password.sensitive]).toEqual([false, true]);
  });

  it('VictoriaLogs datasource and the Argo CD and Traefik dashboards', () => {
    const crs = companions(application(o12y, 'grafana-operator')) as any[];
    expect(crs.filter((o) => o.kind === 'GrafanaDatasource').map((o) => o.spec.datasource.type)).toEqual(['prometheus', 'victoriametrics-logs-datasource']);
    expect(crs.filter((o) => o.kind === 'GrafanaDashboard').map((o) => o.metadata.name)).toEqual(['argocd', 'traefik']);
    expect(crs.find((o) => o.metadata.name === 'traefik').spec.grafanaCom).toEqual({ id: 17347 });
  });

  it('one VMAuth user per client environment, its password from a Secret', () => {
    const users = companions(application(o12y, 'victoria-k8s-stack')) as any[];
    expect(users.map((u) => [u.kind, u.spec.username, u.spec.passwordRef])).toEqual([['VMUser', 'prod-edp', { name: 'vmauth-client-prod-edp', key: 'password' }]]);
  });
});

describe('observability-client', () => {
  it('remote write and logs go to the central environment’s VMAuth with basic auth from Secrets', () => {
    const agent = values(edp, 'vm-client').vmagent.spec;
    expect(agent.remoteWrite).toEqual([
      { url: 'https://vmauth.observability.buildth.ing/api/v1/write', basicAuth: { username: { name: 'vm-remote-write-secret', key: 'username' }, password: { name: 'vm-remote-write-secret', key: 'password' } } },
    ]);
    const sink = values(edp, 'vector').customConfig.sinks.central;
    expect(sink).toMatchObject({ type: 'elasticsearch', api_version: 'v8', compression: 'gzip', endpoints: ['https://vmauth.observability.buildth.ing/insert/elasticsearch/'], auth: { strategy: 'basic', user: '${VECTOR_USER}', password: '${VECTOR_PASSWORD}' } });
    expect(values(edp, 'vector').envFrom).toEqual([{ secretRef: { name: 'simple-user-secret' } }]);
    expect(values(edp, 'vector').customConfig.transforms.parser.source).toContain('.cluster_environment = "prod-edp"');
  });

  it("a JSON log line keeps its own message: the raw line is deleted before the line's fields are merged in, and VictoriaLogs takes message or msg", () => {
    // Not run through Vector (no VRL engine offline): VRL's merge! lets its second object win, so
    // a `del(.message)` after it would delete the JSON line's own `message` too.
    const statements = (values(edp, 'vector').customConfig.transforms.parser.source as string).split('\n').map((l) => l.trim());
    expect(statements.indexOf('del(.message)')).toBeGreaterThan(-1);
    expect(statements.indexOf('del(.message)')).toBeLessThan(statements.indexOf('. = merge!(., structured)'));
    expect(values(edp, 'vector').customConfig.sinks.central.query._msg_field).toBe('message,msg');
  });

  it('every URL the client sends to is a route of its VMUser at the central’s VMAuth (host and path)', () => {
    // VMAuth matches a VMUser's `paths` as regular expressions on the whole path; Vector's
    // elasticsearch sink posts to `<endpoint>_bulk`.
    const unrouted = (urls: string[], hosts: string[], user: any) =>
      urls.filter((u) => {
        const { hostname, pathname } = new URL(u);
        return !hosts.includes(hostname) || !user.spec.targetRefs.some((t: any) => t.paths.some((p: string) => new RegExp(`^${p}$`).test(pathname)));
      });
    const urls = [values(edp, 'vm-client').vmagent.spec.remoteWrite[0].url, `${values(edp, 'vector').customConfig.sinks.central.endpoints[0]}_bulk`];
    const hosts = values(o12y, 'victoria-k8s-stack').vmauth.ingress.hosts as string[];
    const user = (companions(application(o12y, 'victoria-k8s-stack')) as any[]).find((u) => u.kind === 'VMUser' && u.spec.username === 'prod-edp');
    expect(unrouted(urls, hosts, user)).toEqual([]);
    // Planted: a VMUser whose log route no longer covers the client's endpoint.
    const narrowed = { ...user, spec: { ...user.spec, targetRefs: user.spec.targetRefs.map((t: any) => ({ ...t, paths: t.paths.map((p: string) => p.replace('/insert/.*', '/insert/jsonline')) })) } };
    expect(unrouted(urls, hosts, narrowed)).toEqual(['https://vmauth.observability.buildth.ing/insert/elasticsearch/_bulk']);
    expect(unrouted(urls, ['vmauth.elsewhere.example'], user)).toEqual(urls);
  });

  it('the central generates one password and Secret per client (for_each over their stack ids)', () => {
    const [pw] = Object.values(o12y.resource!.random_password).filter((p: any) => p.for_each);
    expect(pw.for_each).toBe('${toset(["prod-edp"])}');
    const [secret] = Object.values(o12y.resource!.kubernetes_secret_v1).filter((s: any) => s.for_each) as any[];
    expect(secret.metadata.name).toBe('vmauth-client-${each.key}');
    expect(secret.data).toEqual({ username: '${each.key}', password: expect.stringMatching(/^\$\{random_password\.\S+\[each\.key\]\.result\}$/) });
    expect(o12y.output!.observability_client_passwords.value).toMatch(/^\$\{\{ for k, p in random_password\.\S+ : k => p\.result \}\}$/);
  });

  it('reads its password from the central’s state and the central publishes it as a sensitive output', () => {
    const remote = (edp as any).data.terraform_remote_state;
    expect(Object.values(remote)).toEqual([expect.objectContaining({ backend: 's3', config: expect.objectContaining({ bucket: 'edp-prod-terraform-state', key: 'observability/terraform.tfstate', region: 'eu-de', skip_s3_checksum: true }) })]);
    expect(o12y.output!.observability_client_passwords).toMatchObject({ sensitive: true });
  });
});

describe('coder and terralist', () => {
  it('coder: access URL, DB URL from coder-db-user/uri, a one-instance 10Gi CNPG cluster coder-db', () => {
    const env = values(edp, 'coder').coder.env;
    expect(env).toContainEqual({ name: 'CODER_ACCESS_URL', value: 'https://coder.edp.buildth.ing' });
    expect(env).toContainEqual({ name: 'CODER_PG_CONNECTION_URL', valueFrom: { secretKeyRef: { name: 'coder-db-user', key: 'uri' } } });
    expect(env).toContainEqual({ name: 'EDGE_CONNECT_PASSWORD', valueFrom: { secretKeyRef: { name: 'edge-credential', key: 'password', optional: true } } });
    expect(values(edp, 'coder').coder.ingress).toMatchObject({ className: 'traefik', host: 'coder.edp.buildth.ing', tls: { enable: true, secretName: 'coder-tls-secret' } });
    const [db] = companions(application(edp, 'coder')) as any[];
    expect(db).toMatchObject({ kind: 'Cluster', metadata: { name: 'coder-db', namespace: 'coder' }, spec: { instances: 1, storage: { size: '10Gi', storageClass: 'csi-disk' } } });
  });

  it('terralist: OIDC through Dex, SQLite on a 10Gi RWO volume, Recreate, ingress terralist.<domain>', () => {
    const v = values(edp, 'terralist');
    expect(v.controllers.main.strategy).toBe('Recreate');
    expect(v.controllers.main.containers.app.env).toContainEqual({ name: 'TERRALIST_OI_CLIENT_SECRET', valueFrom: { secretKeyRef: { name: 'terralist-oidc-secrets', key: 'client_secret' } } });
    expect(v.controllers.main.containers.app.env).toContainEqual({ name: 'TERRALIST_OI_AUTHORIZE_URL', value: 'https://dex.edp.buildth.ing/auth' });
    expect(v.persistence.data).toMatchObject({ size: '10Gi', storageClass: 'csi-disk', accessMode: 'ReadWriteOnce' });
    expect(v.ingress.main).toMatchObject({ className: 'traefik', hosts: [{ host: 'terralist.edp.buildth.ing' }], tls: [{ secretName: 'terralist-tls-secret', hosts: ['terralist.edp.buildth.ing'] }] });
  });
});

describe('local-kind', () => {
  it('traefik suited to kind: host ports, no OTC annotations, status address localhost; storage on kind’s standard class', () => {
    const v = values(kind, 'traefik');
    expect(v.ports).toEqual({ web: { hostPort: 80 }, websecure: { hostPort: 443 } });
    expect(v.service).toEqual({ spec: { type: 'NodePort' } });
    expect(v.nodeSelector).toEqual({ 'ingress-ready': 'true' });
    expect(v.providers.kubernetesIngress).toEqual({ publishedService: { enabled: false }, ingressEndpoint: { hostname: 'localhost' } });
    expect(JSON.stringify(kind)).not.toContain('kubernetes.io/elb');
    expect(JSON.stringify(kind)).not.toContain('csi-disk');
  });
});

describe('outputs', () => {
  it('a URL output per enabled service, none sensitive', () => {
    expect(edp.output).toMatchObject({
      argocd_url: { value: 'https://argocd.edp.buildth.ing' },
      dex_url: { value: 'https://dex.edp.buildth.ing' },
      forgejo_url: { value: 'https://edp.buildth.ing' },
      coder_url: { value: 'https://coder.edp.buildth.ing' },
      terralist_url: { value: 'https://terralist.edp.buildth.ing' },
    });
    expect(Object.keys(o12y.output!).sort()).toEqual(['argocd_url', 'dex_url', 'forgejo_url', 'grafana_url', 'observability_client_passwords', 'vmauth_url']);
    for (const [name, o] of Object.entries({ ...edp.output, ...kind.output })) if (name.endsWith('_url')) expect(o.sensitive).toBeUndefined();
  });
});

/**
 * forgejo (seed 2.2.5): the Forgejo server on the environment's RDS PostgreSQL and OBS buckets,
 * and three Docker-in-Docker runners registered offline with a generated secret. In an
 * environment that deploys others (`manager:` of another environment names it) also its deploy
 * runners: registered for the infra repository alone, with the label the generated workflows run
 * on, and, when the repository lives in another Forgejo, a Job that creates a pull mirror of it.
 */
import { stringify } from 'yaml';
import type { Values } from '../argocd/types';
import type { CloudServices } from '../../contracts/cloud';
import type { KubernetesObject } from '../../contracts/manifest';
import type { SecretRef } from '../secrets';
import { CHARTS } from './charts';
import { DECLARED, FORGEJO_SSH_PORT } from './declarations';
import { chartIngress } from './ingress';
import { elbAnnotations, otc, OTC_VOLUME_TYPE } from './otc';
import type { CompanionManifest, StackContext, StackModule } from './types';

const NAMESPACE = 'gitea';
export const RUNNER_IMAGE = 'code.forgejo.org/forgejo/runner:6.4.0';
export const DIND_IMAGE = 'docker:28.0.4-dind';
/**
 * The image chart 15.0.3 runs (Chart.yaml appVersion 13.0.3, rootless: templates/_helpers.tpl:52),
 * for the runner registration Job: its `forgejo-cli` opens Forgejo's database, and a CLI older
 * than the server refuses a schema the server migrated. Moves with the chart (a render test
 * compares it with the server Deployment's image).
 */
const FORGEJO_IMAGE = 'code.forgejo.org/forgejo/forgejo:13.0.3-rootless';
const FORGEJO_RELEASE = 'forgejo';
/** The labels of the Forgejo server pod (and its Services) that the chart sets. */
const FORGEJO_POD_LABELS = { 'app.kubernetes.io/name': 'forgejo', 'app.kubernetes.io/instance': FORGEJO_RELEASE };
/** The chart's repository volume (its default `persistence.claimName`, 15.0.3 values.yaml:347). */
const FORGEJO_DATA_CLAIM = 'gitea-shared-storage';
/** The container of the runners' job labels (act-22.04 is a moving tag of the act images). */
const JOB_CONTAINER = 'docker://ghcr.io/catthehacker/ubuntu:act-22.04';
/** curl for the mirror Job (Forgejo's API). */
export const CURL_IMAGE = 'curlimages/curl:8.11.1';
/** Forgejo's HTTP Service of release `forgejo` (chart 15.0.3 templates/gitea/http-svc.yaml:4: `<fullname>-http`, port 3000). */
const FORGEJO_API = `http://forgejo-http.${NAMESPACE}.svc:3000/api/v1`;

const FORGEJO_ADMIN_USER = 'edp-admin';

/**
 * Forgejo's app.ini. Credentials come in as FORGEJO__<section>__<key> variables from Secrets.
 * The database is the RDS instance's own `postgres` database: the instance is dedicated to this
 * environment and the OTC provider cannot create databases. SSL is `require`: the seed asks for
 * verification, but RDS's CA bundle is no Terraform attribute, so only encryption is enforced.
 * No Redis or Elasticsearch is provisioned (the seed's optional extras): in-pod adapters instead.
 */
function forgejoConfig(ctx: StackContext, services: CloudServices): Values {
  const os = services.objectStorage;
  const minio = (bucket: string) => ({ STORAGE_TYPE: 'minio', MINIO_ENDPOINT: os.endpoint, MINIO_LOCATION: os.region, MINIO_USE_SSL: true, MINIO_BUCKET: bucket });
  return {
    APP_NAME: 'EDP',
    APP_SLOGAN: 'Build your thing in minutes',
    server: { DOMAIN: ctx.hosts.host(), ROOT_URL: `${ctx.hosts.url()}/`, SSH_DOMAIN: ctx.hosts.host(), SSH_PORT: FORGEJO_SSH_PORT },
    service: { DISABLE_REGISTRATION: true },
    database: { DB_TYPE: 'postgres', SSL_MODE: 'require' },
    session: { PROVIDER: 'db' },
    cache: { ADAPTER: 'memory' },
    queue: { TYPE: 'level' },
    // The issue indexer in the database, as chart 12.0.0 set it (templates/_helpers.tpl:317);
    // 15.0.3 no longer does, and Forgejo's own default would build a bleve index on the volume.
    indexer: { ISSUE_INDEXER_TYPE: 'db' },
    actions: { ENABLED: true },
    // Default storage (attachments, avatars, archives) and one OBS bucket per purpose.
    storage: minio(os.buckets.artifacts),
    'storage.lfs': minio(os.buckets.lfs),
    'storage.packages': minio(os.buckets.packages),
    'storage.actions_artifacts': minio(os.buckets.artifacts),
  };
}

/** A Job whose pod restarts on failure; `spec` comes before the pod template. */
function job(metadata: KubernetesObject['metadata'], spec: Values, pod: Values): KubernetesObject {
  return { apiVersion: 'batch/v1', kind: 'Job', metadata, spec: { ...spec, template: { spec: { restartPolicy: 'OnFailure', ...pod } } } };
}

/** `forgejo-cli actions register` until it succeeds (Forgejo up; for a scope: the repository exists). */
function register(kind: RunnerKind): string {
  return `until forgejo forgejo-cli actions register --name ${kind.registeredAs}${kind.scope ? ` --scope ${kind.scope}` : ''} --labels ${kind.labels} --secret "$RUNNER_SECRET"; do sleep 15; done`;
}

function forgejoValues(ctx: StackContext, services: CloudServices, s: Readonly<Record<'admin' | 'database' | 'cloud' | 'metrics', SecretRef>>): Values {
  return {
    // One pod on a ReadWriteOnce disk: replace, never roll.
    strategy: { type: 'Recreate' },
    // Chart 15.0.3 bundles no database or cache (Chart.yaml: `common` is its only dependency):
    // no postgresql, postgresql-ha, redis or redis-cluster keys any more. The cache, session and
    // queue settings of forgejoConfig() are taken as given (templates/_helpers.tpl:257-275 only
    // fill in what is unset).
    persistence: {
      enabled: true,
      claimName: FORGEJO_DATA_CLAIM,
      size: '200Gi',
      storageClass: ctx.need(otc).storageClass,
      annotations: { 'everest.io/crypt-key-id': services.encryption.kmsKeyId, 'everest.io/disk-volume-type': OTC_VOLUME_TYPE },
    },
    service: {
      // Git over SSH on the environment's ELB (same address as HTTPS), port 32222.
      ssh: { type: 'LoadBalancer', port: FORGEJO_SSH_PORT, annotations: elbAnnotations(services) },
    },
    ingress: chartIngress(ctx.hosts.host(), 'forgejo-tls', { pathType: 'Prefix' }),
    gitea: {
      admin: { existingSecret: s.admin.existing('username', 'password'), email: `${FORGEJO_ADMIN_USER}@${ctx.hosts.host()}`, passwordMode: 'initialOnlyNoReset' },
      // [metrics] ENABLED serves /metrics on the HTTP port, which the ingress publishes: without
      // [metrics] TOKEN it answers everyone. Chart 15.0.3 templates/gitea/servicemonitor.yaml:16
      // scrapes without credentials, so the ServiceMonitor with the token is a companion (below).
      metrics: { enabled: true, serviceMonitor: { enabled: false } },
      config: forgejoConfig(ctx, services),
      additionalConfigFromEnvs: [
        s.database.env('FORGEJO__DATABASE__HOST', 'host'),
        s.database.env('FORGEJO__DATABASE__NAME', 'database'),
        s.database.env('FORGEJO__DATABASE__USER', 'username'),
        s.database.env('FORGEJO__DATABASE__PASSWD', 'password'),
        s.cloud.env('FORGEJO__STORAGE__MINIO_ACCESS_KEY_ID', 'access-key'),
        s.cloud.env('FORGEJO__STORAGE__MINIO_SECRET_ACCESS_KEY', 'secret-key'),
        s.metrics.env('FORGEJO__METRICS__TOKEN', 'token'),
      ],
    },
  };
}

/**
 * Server side of the offline runner registration: `forgejo-cli actions register` with the
 * generated secret (idempotent), run with Forgejo's own app.ini (written by the chart's init
 * containers onto the data volume, database credentials included) once the database is migrated.
 * A Job of its own, not a sidecar (chart 15.0.3 has `extraContainers`, values.yaml:359; 12.0.0
 * had not), since a sidecar would idle in the server pod after registering: an Argo CD Sync hook
 * in the wave before the runners, re-run (replaced) on every sync of forgejo-runner. The data volume is ReadWriteOnce, so the Job runs on the Forgejo pod's node
 * and lets go of the volume when done (an idle pod would keep Forgejo from moving nodes).
 *
 * A manager's deploy runners are registered by a second Job (their kind has a `scope`): for the
 * infra repository alone (`--scope`), which may not exist yet (the mirror, or a first push), so it
 * is no Sync hook (a hook would hold the sync, and with it the mirror Job, until it succeeds) and
 * retries for a day.
 */
function runnerRegistration(kind: RunnerKind): KubernetesObject {
  const env = [
    kind.token.env('RUNNER_SECRET', 'token'),
    { name: 'GITEA_APP_INI', value: '/data/gitea/conf/app.ini' },
    { name: 'GITEA_CUSTOM', value: '/data/gitea' },
    { name: 'GITEA_WORK_DIR', value: '/data' },
    // As the chart's own configure-gitea init container runs the CLI (templates/gitea/deployment.yaml).
    { name: 'HOME', value: '/data/gitea/git' },
  ];
  return job(
    { name: `${kind.name}-registration`, namespace: NAMESPACE, ...(kind.scope ? {} : { annotations: { 'argocd.argoproj.io/hook': 'Sync', 'argocd.argoproj.io/hook-delete-policy': 'BeforeHookCreation' } }) },
    // Forgejo's first start (volume, init containers, migration) fits well within the hour; the
    // infra repository of a deploy registration may take a day (bootstrap, README).
    { activeDeadlineSeconds: kind.scope ? 86400 : 3600, backoffLimit: 3 },
    {
      securityContext: { runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 },
      affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: FORGEJO_POD_LABELS }, topologyKey: 'kubernetes.io/hostname' }] } },
      containers: [
        {
          name: 'register',
          image: FORGEJO_IMAGE,
          command: ['sh', '-c', register(kind)],
          env,
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'temp', mountPath: '/tmp' },
          ],
        },
      ],
      volumes: [
        { name: 'data', persistentVolumeClaim: { claimName: FORGEJO_DATA_CLAIM } },
        { name: 'temp', emptyDir: {} },
      ],
    },
  );
}

/** A runner kind's registration Job (the general runners' one a Sync hook, in the wave before them), ConfigMap and Deployment. */
function runnerManifests(instance: string, kind: RunnerKind): CompanionManifest[] {
  return [{ object: runnerRegistration(kind), wave: kind.scope ? 0 : -1 }, { object: runnerConfig(kind), wave: 0 }, { object: runnerDeployment(instance, kind), wave: 0 }];
}

/** Which runner: the general ones, or a manager's deploy runners. */
interface RunnerKind {
  /** Deployment name; the ConfigMap is `<name>-config`, the registration Job `<name>-registration`. */
  readonly name: string;
  readonly registeredAs: string;
  readonly labels: string;
  readonly token: SecretRef;
  readonly replicas: number;
  /** `owner/name` of the one repository the runners are registered for; the general ones take any. */
  readonly scope?: string;
}

/** Scrapes Forgejo's /metrics with the bearer token its [metrics] TOKEN requires. */
function metricsMonitor(token: SecretRef): KubernetesObject {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'forgejo', namespace: NAMESPACE },
    spec: {
      selector: { matchLabels: FORGEJO_POD_LABELS },
      endpoints: [{ port: 'http', path: '/metrics', bearerTokenSecret: token.keyRef('token') }],
    },
  };
}

/** Runner configuration (no secret in it: the registration lives in the generated .runner file). */
function runnerConfig(kind: RunnerKind): KubernetesObject {
  const config = {
    log: { level: 'info' },
    runner: { file: '/data/.runner', capacity: 1, timeout: '3h', labels: kind.labels.split(',') },
    container: { network: 'bridge', privileged: false, docker_host: 'tcp://localhost:2376' },
  };
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `${kind.name}-config`, namespace: NAMESPACE }, data: { 'config.yml': stringify(config) } };
}

/**
 * Creates the pull mirror of the infra repository once (idempotent: exits when it exists). The
 * organisation is created first; a private source needs the hand-written Secret `source`.
 */
export function mirrorJob(deploy: DeployRunners & { readonly mirrorFrom: string }, admin: SecretRef, source: SecretRef): KubernetesObject {
  const { owner, name } = deploy.repository;
  const script = [
    'set -eu',
    `api=${FORGEJO_API}`,
    'until curl -fsS "$api/version" >/dev/null; do sleep 10; done',
    'auth="$ADMIN_USERNAME:$ADMIN_PASSWORD"',
    'if [ "$(curl -sS -o /dev/null -w "%{http_code}" -u "$auth" "$api/repos/$OWNER/$REPO")" = 200 ]; then echo "mirror $OWNER/$REPO exists"; exit 0; fi',
    'code=$(curl -sS -o /dev/null -w "%{http_code}" -u "$auth" -H "Content-Type: application/json" -d "{\\"username\\":\\"$OWNER\\",\\"visibility\\":\\"private\\"}" "$api/orgs")',
    'case "$code" in 201|422) ;; *) echo "creating organisation $OWNER: HTTP $code"; exit 1;; esac',
    'curl -fsS -u "$auth" -H "Content-Type: application/json" -d "{\\"clone_addr\\":\\"$SOURCE\\",\\"auth_token\\":\\"${SOURCE_TOKEN:-}\\",\\"repo_owner\\":\\"$OWNER\\",\\"repo_name\\":\\"$REPO\\",\\"mirror\\":true,\\"mirror_interval\\":\\"10m0s\\",\\"private\\":true,\\"service\\":\\"git\\"}" "$api/repos/migrate" >/dev/null',
    'echo "mirror $OWNER/$REPO of $SOURCE created"',
  ].join('\n');
  return job({ name: 'forgejo-repository-mirror', namespace: NAMESPACE }, { backoffLimit: 20 }, {
    containers: [
      {
        name: 'mirror',
        image: CURL_IMAGE,
        command: ['sh', '-c', script],
        env: [
          { name: 'SOURCE', value: deploy.mirrorFrom },
          { name: 'OWNER', value: owner },
          { name: 'REPO', value: name },
          admin.env('ADMIN_USERNAME', 'username'),
          admin.env('ADMIN_PASSWORD', 'password'),
          source.env('SOURCE_TOKEN', 'token', true),
        ],
      },
    ],
  });
}

/** The seed's dind-docker.yaml: runner plus Docker-in-Docker, registered offline from a Secret with the Forgejo at `instance`. */
function runnerDeployment(instance: string, kind: RunnerKind): KubernetesObject {
  const labels = { app: kind.name };
  const docker = [
    { name: 'DOCKER_HOST', value: 'tcp://localhost:2376' },
    { name: 'DOCKER_CERT_PATH', value: '/certs/client' },
    { name: 'DOCKER_TLS_VERIFY', value: '1' },
  ];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: kind.name, namespace: NAMESPACE, labels },
    spec: {
      replicas: kind.replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          initContainers: [
            {
              name: 'register',
              image: RUNNER_IMAGE,
              workingDir: '/data',
              command: ['sh', '-c', `forgejo-runner create-runner-file --instance ${instance} --name ${kind.registeredAs} --secret "$RUNNER_SECRET"`],
              env: [kind.token.env('RUNNER_SECRET', 'token')],
              volumeMounts: [{ name: 'runner-data', mountPath: '/data' }],
            },
          ],
          containers: [
            {
              name: 'runner',
              image: RUNNER_IMAGE,
              workingDir: '/data',
              command: ['sh', '-c', 'while ! nc -z localhost 2376 </dev/null; do sleep 5; done; exec forgejo-runner daemon --config /etc/runner/config.yml'],
              env: docker,
              securityContext: { runAsUser: 0, privileged: true, allowPrivilegeEscalation: true },
              volumeMounts: [
                { name: 'runner-data', mountPath: '/data' },
                { name: 'docker-certs', mountPath: '/certs' },
                { name: 'config', mountPath: '/etc/runner' },
              ],
            },
            {
              name: 'dind',
              image: DIND_IMAGE,
              env: [{ name: 'DOCKER_TLS_CERTDIR', value: '/certs' }],
              securityContext: { privileged: true },
              volumeMounts: [{ name: 'docker-certs', mountPath: '/certs' }],
            },
          ],
          volumes: [
            { name: 'runner-data', emptyDir: {} },
            { name: 'docker-certs', emptyDir: {} },
            { name: 'config', configMap: { name: `${kind.name}-config` } },
          ],
        },
      },
    },
  };
}

/**
 * The deploy runners of an environment that other environments name as their manager: they plan,
 * deploy and destroy those environments, from this Forgejo's copy of the infra repository.
 */
export interface DeployRunners {
  /** Runner label the generated workflows of this manager run on (`deploy-<stack id>`). */
  readonly label: string;
  /** The infra repository in this Forgejo: the runners are registered for it alone. */
  readonly repository: { readonly owner: string; readonly name: string };
  /** Clone URL of the repository when it lives in another Forgejo: this one keeps a pull mirror. */
  readonly mirrorFrom?: string;
}

/** The forgejo stack's settings. */
export interface ForgejoSettings {
  /** Set when this environment deploys others. */
  readonly deployRunners?: DeployRunners;
}

export const forgejo: StackModule<unknown, unknown, ForgejoSettings> = {
  ...DECLARED.forgejo,
  build(_scope, ctx) {
    const services = ctx.services;
    if (!services) throw new Error('the forgejo stack needs the OTC services');
    const { secrets } = ctx;
    const admin = secrets.write('AdminSecret', { namespace: NAMESPACE, name: 'forgejo-admin', data: { username: FORGEJO_ADMIN_USER, password: secrets.password('AdminPassword') } });
    const db = services.database;
    const database = secrets.write('DatabaseSecret', { namespace: NAMESPACE, name: 'forgejo-database', data: { host: `${db.host}:${db.port}`, database: 'postgres', username: db.username, password: db.password } });
    const os = services.objectStorage;
    const cloud = secrets.write('CloudCredentialsSecret', { namespace: NAMESPACE, name: 'forgejo-cloud-credentials', data: { 'access-key': os.accessKey, 'secret-key': os.secretKey } });
    const runner = secrets.write('RunnerTokenSecret', { namespace: NAMESPACE, name: 'forgejo-runner-token', data: { token: secrets.password('RunnerToken', { hex: true }) } });
    const metrics = secrets.write('MetricsTokenSecret', { namespace: NAMESPACE, name: 'forgejo-metrics-token', data: { token: secrets.password('MetricsToken', { hex: true }) } });
    const deploy = ctx.settings?.deployRunners;
    const general: RunnerKind = { name: 'forgejo-runner', registeredAs: 'edp-runner', labels: `ubuntu-22.04:${JOB_CONTAINER},ubuntu-latest:${JOB_CONTAINER}`, token: runner, replicas: 3 };
    const manifests = runnerManifests(ctx.hosts.url(), general);
    if (deploy) {
      const token = secrets.write('DeployRunnerTokenSecret', { namespace: NAMESPACE, name: 'forgejo-deploy-runner-token', data: { token: secrets.password('DeployRunnerToken', { hex: true }) } });
      // The deploy runners' one label, with the job image of the other runners. Deploys of one
      // environment never run in parallel (one concurrency group each): two replicas suffice.
      const kind: RunnerKind = { name: 'forgejo-deploy-runner', registeredAs: 'edp-deploy-runner', labels: `${deploy.label}:${JOB_CONTAINER}`, token, replicas: 2, scope: `${deploy.repository.owner}/${deploy.repository.name}` };
      manifests.push(...runnerManifests(ctx.hosts.url(), kind));
      // A private source needs a read token of the repository, in a Secret written by hand (README).
      if (deploy.mirrorFrom) manifests.push({ object: mirrorJob({ ...deploy, mirrorFrom: deploy.mirrorFrom }, admin, secrets.external('forgejo-mirror-source', ['token'])), wave: 0 });
    }
    return {
      applications: [
        {
          name: 'forgejo-server',
          namespace: NAMESPACE,
          chart: CHARTS.forgejo,
          releaseName: FORGEJO_RELEASE,
          values: forgejoValues(ctx, services, { admin, database, cloud, metrics }),
          ...(ctx.has('monitored') ? { manifests: [{ object: metricsMonitor(metrics) }] } : {}),
        },
        { name: 'forgejo-runner', namespace: NAMESPACE, manifests },
      ],
    };
  },
};

/**
 * observability (seed 2.2.6): Grafana (operator + instance with Dex OAuth), VictoriaMetrics
 * (VMSingle, VMAuth, Alertmanager) and VictoriaLogs, receiving metrics and logs from the
 * environments whose `observability.central` names this one.
 */
import { Fn, TerraformIterator, TerraformOutput, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { EACH_KEY, type SecretRef } from '../secrets';
import type { Values } from '../argocd/types';
import type { KubernetesObject } from '../../contracts/manifest';
import { CHARTS } from './charts';
import { DECLARED } from './declarations';
import { core, dexClient } from './core';
import { INGRESS_ANNOTATIONS, INGRESS_CLASS } from './ingress';
import { otc } from './otc';
import type { AppSpec, CompanionManifest, RemoteStack, StackContext, StackModule } from './types';
import { VM_ADMISSION_POLICY, VM_RULE_GROUPS_OFF, VM_RULE_SOURCES } from './victoria-rules';

/** The namespace of both observability stacks (the central one and its clients). */
export const NAMESPACE = 'observability';
const GRAFANA_CLIENT = dexClient('grafana', 'Grafana', '/login/generic_oauth');
/** `fullnameOverride` of the stack: VMSingle `vmsingle-vm`, VMAuth `vmauth-vm`. */
const VM = 'vm';
// VMSingle's port, set by us: chart 0.48.1 defaulted to 8429 (values.yaml:280 `vmsingle.spec.port`),
// 0.91.2 to VictoriaMetrics' usual 8428 (values.yaml:1268). Kept at 8429 so that an upgrade
// changes no Service port under the VMUsers' routes and the Grafana datasource (another Application).
const VMSINGLE_PORT = 8429;
const VMSINGLE_URL = `http://vmsingle-${VM}.${NAMESPACE}.svc:${VMSINGLE_PORT}`;
const VLOGS = 'vlogs';
const VLOGS_URL = `http://${VLOGS}.${NAMESPACE}.svc:9428`;
/** Grafana plugin for the VictoriaLogs datasource, pinned. */
const VICTORIALOGS_PLUGIN_VERSION = '0.14.3';
/** Output of the central stack with each client's remote-write password (sensitive). */
const CLIENT_PASSWORDS_OUTPUT = 'observability_client_passwords';
/** Paths of VMAuth's routes to VMSingle (remote write) and VictoriaLogs (inserts). */
const WRITE_PATH = '/api/v1/write';
const INSERT_PATH = '/insert/';
/** Where the operator mounts each Secret of a VMAlertmanager's `spec.secrets` (v0.74.0 api/operator/v1beta1/vmextra_types.go:118, vmalertmanager/statefulset.go:294-306). */
const VM_SECRETS_DIR = '/etc/vm/secrets';

/**
 * What the central gives a client environment, from its state: remote write and VictoriaLogs'
 * Elasticsearch bulk API (both behind VMAuth), and the client's basic-auth password there.
 */
function central(env: RemoteStack) {
  const vmauth = env.hosts.url('vmauth');
  const password = Token.asString(Fn.lookup(env.output(CLIENT_PASSWORDS_OUTPUT), env.consumer));
  return { remoteWrite: `${vmauth}${WRITE_PATH}`, logs: `${vmauth}${INSERT_PATH}elasticsearch/`, password };
}
export type CentralObservability = ReturnType<typeof central>;
function grafana(ctx: StackContext, client: SecretRef): KubernetesObject {
  const dex = ctx.need(core).dex;
  const grafanaHost = ctx.hosts.host('grafana');
  return {
    apiVersion: 'grafana.integreatly.org/v1beta1',
    kind: 'Grafana',
    metadata: { name: 'grafana', namespace: NAMESPACE, labels: instanceSelector.matchLabels },
    spec: {
      config: {
        server: { root_url: ctx.hosts.url('grafana') },
        auth: { disable_login_form: 'true' },
        'auth.generic_oauth': {
          enabled: 'true',
          name: 'Forgejo',
          allow_sign_up: 'true',
          // Grafana reads both from the environment (Secret dex-grafana-client).
          client_id: `$__env{${client.key('GF_AUTH_GENERIC_OAUTH_CLIENT_ID')}}`,
          client_secret: `$__env{${client.key('GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET')}}`,
          scopes: 'openid email profile offline_access groups',
          auth_url: dex.authorize,
          token_url: dex.token,
          api_url: dex.userinfo,
          role_attribute_path: `contains(groups[*], '${ctx.ssoOrganisation}') && 'Admin' || 'Viewer'`,
        },
      },
      deployment: {
        spec: {
          template: {
            spec: {
              containers: [{ name: 'grafana', envFrom: [client.envFrom()] }],
              volumes: [{ name: 'grafana-data', persistentVolumeClaim: { claimName: 'grafana-pvc' } }],
            },
          },
        },
      },
      persistentVolumeClaim: { spec: { storageClassName: ctx.need(otc).storageClass, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } },
      ingress: {
        metadata: { annotations: INGRESS_ANNOTATIONS },
        spec: {
          ingressClassName: INGRESS_CLASS,
          rules: [{ host: grafanaHost, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'grafana-service', port: { number: 3000 } } } }] } }],
          tls: [{ hosts: [grafanaHost], secretName: 'grafana-tls-secret' }],
        },
      },
    },
  };
}

const instanceSelector = { matchLabels: { dashboards: 'grafana' } };
/** The VictoriaMetrics datasource by name: the dashboards' `DS_PROMETHEUS` input. */
const METRICS_DATASOURCE = 'VictoriaMetrics';

/** A datasource or dashboard of the Grafana instance, which selects it by `instanceSelector`. */
function grafanaObject(kind: 'GrafanaDatasource' | 'GrafanaDashboard', name: string, spec: Values): KubernetesObject {
  return { apiVersion: 'grafana.integreatly.org/v1beta1', kind, metadata: { name, namespace: NAMESPACE }, spec: { instanceSelector, ...spec } };
}

function dashboard(name: string, grafanaComId: number): KubernetesObject {
  return grafanaObject('GrafanaDashboard', name, { grafanaCom: { id: grafanaComId }, datasources: [{ inputName: 'DS_PROMETHEUS', datasourceName: METRICS_DATASOURCE }] });
}

/** One VMAuth user per client environment: remote write to VMSingle, log inserts to VictoriaLogs. */
function vmUser(stackId: string, secret: SecretRef): KubernetesObject {
  return {
    apiVersion: 'operator.victoriametrics.com/v1beta1',
    kind: 'VMUser',
    metadata: { name: stackId, namespace: NAMESPACE },
    spec: {
      username: stackId,
      passwordRef: secret.keyRef('password'),
      targetRefs: [
        { static: { url: VMSINGLE_URL }, paths: [WRITE_PATH, `/prometheus${WRITE_PATH}`, '/api/v1/import.*'] },
        { static: { url: VLOGS_URL }, paths: [`${INSERT_PATH}.*`] },
      ],
    },
  };
}

/**
 * An Application of the VictoriaMetrics stack chart, in both stacks (central and client), with
 * `fullnameOverride` and what both share around the stack's own `values`:
 * - The operator. The seed pointed the webhook certificate at ClusterIssuer `main`; ACME cannot
 *   issue for in-cluster service names, so the chart's own self-signed cert-manager issuer is used:
 *   cert-manager Issuers and Certificates, whose CRDs come from the otc stack's cert-manager
 *   Application (victoria-metrics-operator templates/webhook.yaml:56 and :64).
 * - Off: Grafana comes from the grafana-operator Application; the managed control plane (CCE)
 *   cannot be scraped, so its components are off to avoid false alerts.
 */
export function vmStackApplication(name: string, fullname: string, values: Values, manifests?: readonly CompanionManifest[]): AppSpec {
  const operator = { enabled: true, operator: { enable_converter_ownership: true }, admissionWebhooks: { enabled: true, certManager: { enabled: true }, policy: VM_ADMISSION_POLICY } };
  const off = { enabled: false };
  const shared = { grafana: off, defaultDashboards: off, kubeControllerManager: off, kubeScheduler: off, kubeProxy: off };
  const all = { fullnameOverride: fullname, 'victoria-metrics-operator': operator, ...values, ...shared };
  return { name, namespace: NAMESPACE, chart: CHARTS.victoriaMetricsK8sStack, values: all, crdsFromOtherApplications: true, ...(manifests ? { manifests } : {}) };
}

/** The SMTP account of the alert mails: its user name as text, its password in a Secret. */
interface SmtpAccount {
  readonly username: string;
  readonly password: SecretRef;
}

function victoriaValues(ctx: StackContext, mail: AlertMail, smtp: SmtpAccount): Values {
  const vmauthHost = ctx.hosts.host('vmauth');
  return {
    vmsingle: {
      enabled: true,
      spec: { port: String(VMSINGLE_PORT), retentionPeriod: '1', storage: { storageClassName: ctx.need(otc).storageClass, resources: { requests: { storage: '20Gi' } } } },
    },
    // The chart's sync Job installs the rules vmalert evaluates: from pinned sources only, without
    // the groups of control-plane components we cannot scrape (victoria-rules.ts). `multicluster`
    // adds the `cluster` label to every aggregation, as 0.48.1's rules always did
    // (files/rules/generated/*.yaml:4, `append ... $clusterLabel`): the clients' series meet here.
    syncJob: { multicluster: true },
    defaultRules: {
      sources: Object.fromEntries(Object.entries(VM_RULE_SOURCES).map(([key, u]) => [key, { url: u }])),
      groups: Object.fromEntries(VM_RULE_GROUPS_OFF.map((g) => [g, { enabled: false }])),
    },
    vmauth: {
      enabled: true,
      // Chart 0.91.2 values.yaml:1941-1944 (0.48.1: :757) turns on `unauthorizedUserAccessSpec` by
      // default: VMAuth then forwards every request without (or with unknown) credentials to
      // VMSingle, including its delete and admin APIs. Off (templates/_helpers.tpl:281-282 drops
      // the section), only the clients' VMUsers (basic auth) pass.
      spec: { port: '8427', selectAllByDefault: true, unauthorizedUserAccessSpec: { disabled: true } },
      ingress: {
        enabled: true,
        ingressClassName: INGRESS_CLASS,
        annotations: INGRESS_ANNOTATIONS,
        // Chart 0.91.2 takes host names (templates/ingress.yaml:57 `tpl .`); path `/` is its default.
        hosts: [vmauthHost],
        pathType: 'Prefix',
        tls: [{ secretName: 'vmauth-tls-secret', hosts: [vmauthHost] }],
      },
    },
    alertmanager: {
      enabled: true,
      // The chart copies `config` as it is into the Secret of the VMAlertmanager, and the operator
      // (v0.74.0) passes its receivers through to Alertmanager, which takes `auth_username` and
      // `auth_password` as text only (v0.32.1 config/notifiers.go:307-309): the password is a file
      // of its Secret, mounted into the pod (`spec.secrets`); render check alertmanager-config.
      spec: { externalURL: ctx.hosts.url('vmauth'), secrets: [smtp.password.name] },
      config: {
        route: { receiver: 'blackhole', routes: [{ matchers: ['severity =~ "critical|major"'], receiver: 'mail' }] },
        receivers: [
          { name: 'blackhole' },
          {
            name: 'mail',
            email_configs: [
              {
                to: mail.to,
                from: mail.from,
                smarthost: mail.smarthost,
                auth_username: smtp.username,
                auth_password_file: smtp.password.file(`${VM_SECRETS_DIR}/${smtp.password.name}`, 'password'),
              },
            ],
          },
        ],
      },
    },
  };
}

/**
 * The client environments' VMUsers with their remote-write credentials: one generated password per
 * client (a `for_each` over their stack ids, so adding a client never touches the others), written
 * here as the VMUsers' Secrets and published as a sensitive output, which each client reads from this state.
 */
function clientUsers(scope: Construct, ctx: StackContext, clients: readonly string[]): CompanionManifest[] {
  if (clients.length === 0) return [];
  const each = TerraformIterator.fromList([...clients]);
  const passwords = ctx.secrets.passwords('ClientPassword', each);
  new TerraformOutput(scope, 'ClientPasswords', {
    value: passwords.all,
    sensitive: true,
    description: 'Basic-auth password of each environment sending metrics and logs here (read by their stacks from this state).',
  }).overrideLogicalId(CLIENT_PASSWORDS_OUTPUT);
  const secret = ctx.secrets.write('ClientSecret', { namespace: NAMESPACE, name: `vmauth-client-${EACH_KEY}`, data: { username: EACH_KEY, password: passwords.result(EACH_KEY) } }, each);
  return clients.map((stackId) => ({ object: vmUser(stackId, secret.instance(stackId)) }));
}

/** Alert e-mail of the observability stack. */
export interface AlertMail {
  readonly to: string;
  readonly from: string;
  /** `host:port` of the SMTP server. */
  readonly smarthost: string;
}

/** The observability stack's settings. */
export interface ObservabilitySettings {
  /** Stack ids of the environments sending metrics and logs here. */
  readonly clients: readonly string[];
  /** Where critical and major alerts are mailed (the loader fills in every field's default). */
  readonly alertMail: AlertMail;
}

export const observability: StackModule<undefined, CentralObservability, ObservabilitySettings> = {
  ...DECLARED.observability,
  ssoClients: GRAFANA_CLIENT.clients,
  build(scope, ctx) {
    if (!ctx.settings) throw new Error(`${scope.node.path}: the observability stack needs its clients and alert mail settings`);
    const { secrets } = ctx;
    const { clients, alertMail: mail } = ctx.settings;
    const oauth = { GF_AUTH_GENERIC_OAUTH_CLIENT_ID: GRAFANA_CLIENT.id, GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET: ctx.sso.secret(GRAFANA_CLIENT.id) };
    const grafanaClient = secrets.write('GrafanaClientSecret', { namespace: NAMESPACE, name: 'dex-grafana-client', data: oauth });
    // The SMTP account of the alert mails exists outside this program: given as TF_VAR_*. Its user
    // name is no secret and goes into the config as text (Alertmanager reads no file for it).
    const username = secrets.plainInput('alert_smtp_username', `SMTP user for alert mails via ${mail.smarthost}`);
    const password = secrets.write('EmailSecret', { namespace: NAMESPACE, name: 'email-user-credentials', data: { password: secrets.input('alert_smtp_password', 'SMTP password for alert mails') } });
    const vmUsers = clientUsers(scope, ctx, clients);
    return {
      applications: [
        {
          name: 'grafana-operator',
          namespace: NAMESPACE,
          chart: CHARTS.grafanaOperator,
          values: {},
          // Its grafanas CRD was 327 KiB as a client-side apply annotation at 5.18.0 and is 2 KiB
          // under the 256 KiB limit at 5.24.0 (charts/crds/crds/, the local `crds` subchart); the
          // chart asks for a server-side apply of its CRDs on upgrade (5.24.0 README.md:37-48).
          serverSideApply: true,
          manifests: [
            { object: grafana(ctx, grafanaClient) },
            { object: grafanaObject('GrafanaDatasource', 'victoriametrics', { datasource: { name: METRICS_DATASOURCE, type: 'prometheus', access: 'proxy', url: VMSINGLE_URL, isDefault: true } }) },
            {
              object: grafanaObject('GrafanaDatasource', 'victorialogs', {
                plugins: [{ name: 'victoriametrics-logs-datasource', version: VICTORIALOGS_PLUGIN_VERSION }],
                datasource: { name: 'VictoriaLogs', type: 'victoriametrics-logs-datasource', access: 'proxy', url: VLOGS_URL },
              }),
            },
            { object: dashboard('argocd', 14584) },
            // Traefik's "Official Kubernetes Dashboard" (traefik/traefik contrib/grafana/traefik-kubernetes.json,
            // gnetId 17347, input DS_PROMETHEUS); 17346 is the standalone (non-Kubernetes) one.
            { object: dashboard('traefik', 17347) },
          ],
        },
        vmStackApplication('victoria-k8s-stack', VM, victoriaValues(ctx, mail, { username, password }), vmUsers),
        {
          name: 'victoria-logs',
          namespace: NAMESPACE,
          chart: CHARTS.victoriaLogs,
          values: { server: { fullnameOverride: VLOGS, retentionPeriod: '30d', persistentVolume: { enabled: true, storageClassName: ctx.need(otc).storageClass, size: '20Gi' } } },
        },
      ],
    };
  },
  remote: central,
};

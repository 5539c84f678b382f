/**
 * observability-client (seed 2.2.7): metrics-server, Vector (container logs) and a VictoriaMetrics
 * agent stack that send to the central observability environment's VMAuth with basic auth.
 */
import type { Values } from '../argocd/types';
import type { SecretRef } from '../secrets';
import { CHARTS } from './charts';
import { DECLARED } from './declarations';
import { NAMESPACE, observability, vmStackApplication, type CentralObservability } from './observability';
import type { StackModule } from './types';

function vectorValues(stackId: string, central: CentralObservability, secret: SecretRef): Values {
  return {
    role: 'Agent',
    envFrom: [secret.envFrom()],
    customConfig: {
      data_dir: '/vector-data-dir',
      sources: { k8s: { type: 'kubernetes_logs' }, internal_metrics: { type: 'internal_metrics' } },
      transforms: {
        parser: {
          type: 'remap',
          inputs: ['k8s'],
          // JSON log lines become fields: the raw line goes first, so that the line's own
          // `message` (merge! lets the second object win, VRL v0.33.1 src/stdlib/merge.rs:163-171)
          // is what stays; every event carries the environment it came from.
          source: [
            'structured, err = parse_json(.message)',
            'if err == null && is_object(structured) {',
            '  del(.message)',
            '  . = merge!(., structured)',
            '}',
            `.cluster_environment = "${stackId}"`,
          ].join('\n'),
        },
      },
      sinks: {
        central: {
          type: 'elasticsearch',
          inputs: ['parser'],
          endpoints: [central.logs],
          api_version: 'v8',
          mode: 'bulk',
          compression: 'gzip',
          healthcheck: { enabled: false },
          // Vector reads both from its environment (Secret simple-user-secret).
          auth: { strategy: 'basic', user: '${' + secret.key('VECTOR_USER') + '}', password: '${' + secret.key('VECTOR_PASSWORD') + '}' },
          request: { headers: { AccountID: '0', ProjectID: '0' } },
          // The log message: a plain line's, or a JSON line's `message` or `msg` (slog, zap, logrus,
          // pino); VictoriaLogs takes the first of the list that is not empty (read at v1.26.0,
          // app/vlinsert/insertutil/common_params.go:55-61), else stores "missing _msg field".
          query: { _msg_field: 'message,msg', _time_field: 'timestamp', _stream_fields: 'kubernetes.pod_namespace,kubernetes.container_name' },
        },
      },
    },
  };
}

function vmClientValues(stackId: string, central: CentralObservability, secret: SecretRef): Values {
  return {
    vmsingle: { enabled: false },
    vmagent: {
      enabled: true,
      spec: {
        externalLabels: { cluster: stackId },
        remoteWrite: [
          {
            url: central.remoteWrite,
            basicAuth: { username: secret.keyRef('username'), password: secret.keyRef('password') },
          },
        ],
        extraArgs: { 'promscrape.streamParse': 'true', 'promscrape.dropOriginalLabels': 'true' },
      },
    },
    // Alerting and dashboards live in the central environment: its vmalert evaluates the rules on
    // every client's series (they carry the `cluster` label). No vmalert here, so no rules either:
    // chart 0.91.2's sync Job (values.yaml:161-207), which would download them from upstream
    // branches at every sync (victoria-rules.ts), is off.
    syncJob: { enabled: false },
    vmalert: { enabled: false },
    alertmanager: { enabled: false },
  };
}

export const observabilityClient: StackModule = {
  ...DECLARED.observabilityClient,
  build(_scope, ctx) {
    const central = ctx.remote(observability);
    const user = ctx.stackId;
    const remoteWrite = ctx.secrets.write('RemoteWriteSecret', { namespace: NAMESPACE, name: 'vm-remote-write-secret', type: 'kubernetes.io/basic-auth', data: { username: user, password: central.password } });
    const vector = ctx.secrets.write('VectorSecret', { namespace: NAMESPACE, name: 'simple-user-secret', data: { VECTOR_USER: user, VECTOR_PASSWORD: central.password } });
    return {
      applications: [
        // With a monitoring stack, its ServiceMonitor's CRD comes from core's prometheus-operator-crds.
        { name: 'metrics-server', namespace: NAMESPACE, chart: CHARTS.metricsServer, values: { metrics: { enabled: true }, serviceMonitor: { enabled: true } }, crdsFromOtherApplications: true },
        { name: 'vector', namespace: NAMESPACE, chart: CHARTS.vector, values: vectorValues(user, central, vector) },
        vmStackApplication('vm-client', 'vm-client', vmClientValues(user, central, remoteWrite)),
      ],
    };
  },
};


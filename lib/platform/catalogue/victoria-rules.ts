/**
 * The alerting and recording rules of the central VictoriaMetrics stack, pinned. From chart
 * victoria-metrics-k8s-stack 0.91.2 on, the chart renders no VMRules: its sync Job (values.yaml:
 * 161-207, templates/sync-job/) downloads them at deploy time from the URLs of
 * `defaultRules.sources` (values.yaml:367-417), which point at `master`/`main`. That would install
 * content nobody reviewed, and a different one on every sync. Each source the chart knows is
 * overridden here with the same file at a release tag (or, where the repository has no releases,
 * a commit); the render check `sync-job-sources` refuses any fetched source on a branch.
 *
 * Refs: VictoriaMetrics v1.150.0 and operator v0.74.0 are the versions the chart runs (Chart.yaml
 * appVersion; charts/victoria-metrics-operator/Chart.yaml appVersion); kube-prometheus v0.18.0
 * is its newest release (2026-06-18), whose rule group names are the ones `defaultRules.groups`
 * lists (values.yaml:256-357); monitoring-mixins/website has no tags. Each path was checked to
 * exist at its ref (`git cat-file -e <ref>:<path>` in a clone of the repository). Moving a ref
 * means reading the rules at the new one first.
 *
 * Not pinned: the VictoriaLogs and VictoriaTraces sources (vlhealth, vlagent, victorialogs,
 * victoriatraces, vthealth). They are fetched only for the stack's own vlsingle/vlcluster/
 * vldistributed/vlagent/vtsingle/vtcluster, which we do not run (VictoriaLogs comes from the
 * victoria-logs-single chart); the check fails if one of them is ever switched on unpinned.
 */

const KUBE_PROMETHEUS = 'https://raw.githubusercontent.com/prometheus-operator/kube-prometheus/refs/tags/v0.18.0/manifests';
const VICTORIA_METRICS = 'https://raw.githubusercontent.com/VictoriaMetrics/VictoriaMetrics/refs/tags/v1.150.0/deployment/docker/rules';
const VM_OPERATOR = 'https://raw.githubusercontent.com/VictoriaMetrics/operator/refs/tags/v0.74.0/config/alerting';
const MONITORING_MIXINS = 'https://raw.githubusercontent.com/monitoring-mixins/website/f901a79157f44b141be219b8887a34e4a96212fa/assets';

/** `defaultRules.sources.<key>.url`, per key of the chart's values.yaml:367-417 (the chart keeps each key's `enabled`). */
export const VM_RULE_SOURCES: Readonly<Record<string, string>> = {
  etcd: `${MONITORING_MIXINS}/etcd/alerts.yaml`,
  alertmanager: `${KUBE_PROMETHEUS}/alertmanager-prometheusRule.yaml`,
  'kubernetes-control-plane': `${KUBE_PROMETHEUS}/kubernetesControlPlane-prometheusRule.yaml`,
  kubernetes: `${KUBE_PROMETHEUS}/kubePrometheus-prometheusRule.yaml`,
  'kube-state-metrics': `${KUBE_PROMETHEUS}/kubeStateMetrics-prometheusRule.yaml`,
  'node-exporter': `${KUBE_PROMETHEUS}/nodeExporter-prometheusRule.yaml`,
  vmhealth: `${VICTORIA_METRICS}/alerts-health.yml`,
  vmagent: `${VICTORIA_METRICS}/alerts-vmagent.yml`,
  vmalert: `${VICTORIA_METRICS}/alerts-vmalert.yml`,
  vmsingle: `${VICTORIA_METRICS}/alerts-single-node.yml`,
  vmcluster: `${VICTORIA_METRICS}/alerts-cluster.yml`,
  vmoperator: `${VM_OPERATOR}/vmoperator-rules.yaml`,
};

/**
 * Rule groups of components CCE's managed control plane does not let us scrape (their scrapes
 * are off: `kubeControllerManager`, `kubeScheduler`). Chart 0.48.1 left these groups out by
 * itself (files/rules/generated/kubernetes-system-controller-manager.yaml, -scheduler.yaml,
 * kube-scheduler.rules.yaml: `condition: kubeControllerManager/kubeScheduler.enabled`); the
 * 0.91.2 sync Job installs every group of a source, and KubeControllerManagerDown and
 * KubeSchedulerDown (`absent(up{job=...})`, severity critical) would fire for ever and mail.
 */
export const VM_RULE_GROUPS_OFF: readonly string[] = ['kubernetes-system-controller-manager', 'kubernetes-system-scheduler', 'kube-scheduler.rules'];

/**
 * `failurePolicy` of the operator's validating webhooks. Chart 0.91.2 sets `Ignore`
 * (values.yaml:41-43: to install in one pass without racing the webhook server; its operator
 * subchart's own default is `Fail`, charts/victoria-metrics-operator/values.yaml:407); 0.48.1
 * rendered `Fail`. Kept at `Fail`: an invalid VMUser, VMAuth or synced VMRule is refused at apply
 * and the sync shows it, instead of being admitted and failing inside the operator. The race the
 * chart avoids is one Argo CD's bounded retry covers (a first sync that reaches the webhook before
 * the operator serves it is retried).
 */
export const VM_ADMISSION_POLICY = 'Fail';

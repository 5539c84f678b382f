/**
 * Every chart the platform installs, pinned, in one table (seed sections 2.2.1 to 2.2.7).
 * OCI charts are given as `<registry>/<path>` without scheme and need an Argo CD repository entry
 * with `enableOCI` (the core stack declares every OCI registry of this table to Argo CD).
 */

export interface ChartRef {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
  /** True for OCI registries (`repoURL` has no scheme). */
  readonly oci?: boolean;
}

export const CHARTS = {
  argocd: { repoURL: 'https://argoproj.github.io/argo-helm', chart: 'argo-cd', version: '10.1.1' },
  cloudnativePg: { repoURL: 'https://cloudnative-pg.github.io/charts', chart: 'cloudnative-pg', version: '0.29.0' },
  dex: { repoURL: 'https://charts.dexidp.io', chart: 'dex', version: '0.24.0' },
  // The seed gives no cert-manager version; v1.21.1 (the newest in the chart cache), whose
  // rendered CRDs the tests validate the ClusterIssuer and any Certificate against.
  certManager: { repoURL: 'https://charts.jetstack.io', chart: 'cert-manager', version: 'v1.21.1' },
  // Replaces the seed's ingress-nginx 4.12.1 (retired by Kubernetes SIG Network, March 2026):
  // Traefik v3.7.11, same dedicated ELB, same Ingress objects (docs/upgrades.md).
  traefik: { repoURL: 'https://traefik.github.io/charts', chart: 'traefik', version: '41.3.0' },
  // The seed names the chart's Git repository; the chart itself is published to this OCI registry.
  forgejo: { repoURL: 'code.forgejo.org/forgejo-helm', chart: 'forgejo', version: '15.0.3', oci: true },
  grafanaOperator: { repoURL: 'ghcr.io/grafana/helm-charts', chart: 'grafana-operator', version: '5.24.0', oci: true },
  victoriaMetricsK8sStack: { repoURL: 'https://victoriametrics.github.io/helm-charts', chart: 'victoria-metrics-k8s-stack', version: '0.91.2' },
  // Not in the seed's list, but its VictoriaLogs datasource and the clients' log shipping need a
  // VictoriaLogs server to exist; this is the chart line of the same release period.
  victoriaLogs: { repoURL: 'https://victoriametrics.github.io/helm-charts', chart: 'victoria-logs-single', version: '0.13.9' },
  metricsServer: { repoURL: 'https://kubernetes-sigs.github.io/metrics-server', chart: 'metrics-server', version: '3.13.1' },
  vector: { repoURL: 'https://helm.vector.dev', chart: 'vector', version: '0.56.0' },
  // Not in the seed: the CRDs of the ServiceMonitors that Traefik, Forgejo and metrics-server
  // render, which the VictoriaMetrics operator converts into its own scrape objects. The release
  // of the chart cache (../shared/charts); CRDs of monitoring.coreos.com/v1 only ever gain fields.
  prometheusOperatorCrds: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-operator-crds', version: '31.0.1' },
  coder: { repoURL: 'https://helm.coder.com/v2', chart: 'coder', version: '2.31.7' },
  // The seed names github.com/terralist/helm-charts; its releases are published to this OCI registry.
  terralist: { repoURL: 'ghcr.io/terralist/helm-charts', chart: 'terralist', version: '0.8.1', oci: true },
  /** bedag's raw chart: companion manifests in Applications, and the Terraform delivery release. */
  raw: { repoURL: 'https://bedag.github.io/helm-charts', chart: 'raw', version: '2.0.2' },
} as const satisfies Record<string, ChartRef>;

/**
 * The chart version the seed documents for each entry of CHARTS (`../shared/seed`, sections 2.2.1
 * to 2.2.7), as the seed spells it, or why it gives none. Typed by CHARTS' keys: a chart added to
 * or renamed in CHARTS needs its entry here, so the versions table never silently lacks a row.
 */
import { CHARTS } from '../../platform/catalogue/charts';

/** `chart` when the seed installed another chart in this entry's place (ingress-nginx for Traefik). */
export type SeedVersion = { readonly version: string; readonly chart?: string } | { readonly none: string };

export const SEED_VERSIONS: Readonly<Record<keyof typeof CHARTS, SeedVersion>> = {
  argocd: { version: '9.1.5' }, // "Deployed via Helm chart v9.1.5" (2.2.1)
  cloudnativePg: { version: '0.26.1' }, // "Deployed via Helm chart v0.26.1" (2.2.1)
  dex: { version: '0.23.0' }, // "Deployed via Helm chart v0.23.0" (2.2.1)
  certManager: { none: 'no version given' }, // "Deploys cert-manager Helm chart" (2.2.2)
  traefik: { chart: 'ingress-nginx', version: '4.12.1' }, // "Chart version: helm-chart-4.12.1" (2.2.2); replaced by Traefik
  forgejo: { version: '12.0.0' }, // "Helm chart v12.0.0" (2.2.5)
  grafanaOperator: { version: 'v5.18.0' }, // "Chart: grafana-operator v5.18.0" (2.2.6), published as v5.18.0
  victoriaMetricsK8sStack: { version: '0.48.1' }, // "Chart: victoria-metrics-k8s-stack v0.48.1" (2.2.6, 2.2.7)
  victoriaLogs: { none: 'not in the seed' }, // the seed has a VictoriaLogs datasource, no server chart (2.2.6)
  metricsServer: { version: '3.12.2' }, // "Chart version: 3.12.2" (2.2.7)
  vector: { version: '0.43.0' }, // "Chart version: 0.43.0" (2.2.7)
  prometheusOperatorCrds: { none: 'not in the seed' }, // the CRDs of the ServiceMonitors the seed's charts render
  coder: { version: '2.28.3' }, // "Deploys Coder Helm chart v2.28.3" (2.2.3)
  terralist: { version: '0.8.1' }, // "Deploys Terralist Helm chart v0.8.1" (2.2.4)
  raw: { none: 'not in the seed' }, // the program's delivery and companion-manifest chart
};

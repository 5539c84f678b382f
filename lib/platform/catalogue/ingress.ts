/**
 * What every ingress of the platform shares: class `nginx`, ClusterIssuer `main`, one TLS Secret
 * per host. Charts spell ingress values differently, so modules build their own shapes from these.
 */
export const INGRESS_CLASS = 'nginx';
export const CLUSTER_ISSUER = 'main';

export const INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER };

/** `argocd` + `edp.buildth.ing` -> `argocd.edp.buildth.ing`; no prefix gives the domain itself. */
export function host(domain: string, prefix?: string): string {
  return prefix ? `${prefix}.${domain}` : domain;
}

export function url(domain: string, prefix?: string): string {
  return `https://${host(domain, prefix)}`;
}

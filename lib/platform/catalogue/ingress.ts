import type { Values } from '../argocd/types';
import { CHARTS } from './charts';
import type { StackDeclaration } from './declarations';
import type { AppSpec } from './types';

/**
 * What every ingress of the platform shares: class `traefik` (the IngressClass of the `traefik`
 * Application, controller `traefik.io/ingress-controller`), ClusterIssuer `main`, one TLS Secret
 * per host. Charts spell ingress values differently: modules build their own shapes from these,
 * or take the common one (`chartIngress`).
 */
export const INGRESS_CLASS = 'traefik';
export const CLUSTER_ISSUER = 'main';

/**
 * The ingress controller's Application on either tier (core's on kind, otc's on OTC), with what it
 * needs on both: the default IngressClass `traefik` (traefik 41.3.0 values.yaml:126-130), no
 * version check or usage report to traefik.io (values.yaml:883-886); `values` add the tier's own.
 */
export function traefikApplication(values: Values, options: Pick<AppSpec, 'crdsFromOtherApplications'> = {}): AppSpec {
  const common = { ingressClass: { enabled: true, isDefaultClass: true, name: INGRESS_CLASS }, global: { checkNewVersion: false, sendAnonymousUsage: false } };
  return { name: 'traefik', namespace: 'traefik', chart: CHARTS.traefik, values: { ...common, ...values }, ...options };
}

export const INGRESS_ANNOTATIONS: Readonly<Record<string, string>> = { 'cert-manager.io/cluster-issuer': CLUSTER_ISSUER };

/**
 * The `ingress` values of charts with the common shape (dex, forgejo, terralist's bjw-s common):
 * one host at `/` and its TLS Secret; `path` adds the path's `pathType` or, for bjw-s, its Service.
 */
export function chartIngress(host: string, tlsSecret: string, path: { readonly pathType: 'Prefix' | 'ImplementationSpecific' } | { readonly service: Values }): Values {
  return { enabled: true, className: INGRESS_CLASS, annotations: INGRESS_ANNOTATIONS, hosts: [{ host, paths: [{ path: '/', ...path }] }], tls: [{ secretName: tlsSecret, hosts: [host] }] };
}

/**
 * A stack's hosts and URLs by the labels its declaration lists (`argocd` + `edp.buildth.ing` ->
 * `argocd.edp.buildth.ing`, no label the domain itself); any other label fails, naming `where`.
 */
export function hostsOf(stack: Pick<StackDeclaration, 'name' | 'hosts'>, domain: string, where: string) {
  const host = (label = ''): string => {
    if (!stack.hosts.includes(label)) throw new Error(`${where}: stack ${stack.name} declares no host "${label}" (hosts: ${stack.hosts.map((h) => `"${h}"`).join(', ')})`);
    return label ? `${label}.${domain}` : domain;
  };
  return { host, url: (label = ''): string => `https://${host(label)}` };
}
export type Hosts = ReturnType<typeof hostsOf>;

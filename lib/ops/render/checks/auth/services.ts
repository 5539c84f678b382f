/** A Service by namespace and name: rendered by a chart, or made by an operator from a custom resource. */
import type { Placed, StackObjects } from '../stack-objects';
import { OperatorBackend, operatorService, ServicePort } from './operators';

export interface RenderedServicePort extends ServicePort {
  readonly targetPort?: number | string;
  readonly nodePort?: number;
  readonly protocol?: string;
}

export interface ServiceSpec {
  readonly type?: string;
  readonly selector?: Readonly<Record<string, string>>;
  readonly externalName?: string;
  readonly ports?: readonly RenderedServicePort[];
}

export type FoundService =
  | { readonly by: 'chart'; readonly placed: Placed; readonly spec: ServiceSpec; readonly ports: readonly RenderedServicePort[] }
  | { readonly by: 'operator'; readonly cr: Placed; readonly backend: OperatorBackend; readonly ports: readonly ServicePort[] };

export function findService(objects: StackObjects, namespace: string, name: string): FoundService | undefined {
  const rendered = objects.named(namespace, 'Service', name, '')[0];
  if (rendered) {
    const spec = (rendered.object.spec ?? {}) as ServiceSpec;
    return { by: 'chart', placed: rendered, spec, ports: spec.ports ?? [] };
  }
  const made = operatorService(objects, namespace, name);
  if (made) return { by: 'operator', ...made, ports: made.backend.ports((made.cr.object.spec ?? {}) as Record<string, unknown>) };
  return undefined;
}

/** The API server's Service, which every cluster has and no chart renders. */
export const API_SERVER_SERVICE = { namespace: 'default', name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' }, ports: [{ name: 'https', port: 443 }] } as const;

/** The Service a host names inside the cluster: `<service>.<namespace>.svc[.cluster.local[.]]`, `<service>.<namespace>` or `<service>` (in `namespace`). */
export function clusterService(host: string, namespace: string): { name: string; namespace: string } | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  const svc = parts.indexOf('svc');
  if (svc === 2 && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local')) return { name: parts[0], namespace: parts[1] };
  if (parts.length === 2) return { name: parts[0], namespace: parts[1] };
  if (parts.length === 1) return { name: parts[0], namespace };
  return undefined;
}

/**
 * What is wrong with an in-cluster URL a component calls (`http://<service>.<namespace>.svc:<port>/...`):
 * not a URL, no such Service (rendered or made by an operator), or no such port on it; undefined
 * when it is right or names a host outside the cluster.
 */
export function clusterUrlProblem(objects: StackObjects, raw: string, namespace: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'not a URL';
  }
  const target = clusterService(url.hostname.toLowerCase(), namespace);
  if (!target) return undefined; // outside the cluster: nothing to check here
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (target.namespace === API_SERVER_SERVICE.namespace && target.name === API_SERVER_SERVICE.name) {
    return API_SERVER_SERVICE.ports.some((p) => p.port === port) ? undefined : `Service default/kubernetes (the API server) has no port ${port} (it has ${API_SERVER_SERVICE.ports.map(portLabel).join(', ')})`;
  }
  const service = findService(objects, target.namespace, target.name);
  if (!service) return `no Service ${target.namespace}/${target.name} in the render, nor one an operator makes`;
  if (!service.ports.some((p) => p.port === port)) return `Service ${target.namespace}/${target.name} has no port ${port} (it has ${service.ports.map(portLabel).join(', ')})`;
  return undefined;
}

export const portLabel = (p: ServicePort): string => (p.name ? `${p.name} ${p.port}` : String(p.port));

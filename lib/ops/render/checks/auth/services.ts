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

export const portLabel = (p: ServicePort): string => (p.name ? `${p.name} ${p.port}` : String(p.port));

/**
 * The authenticated routes of VMAuth lead somewhere: every VMUser target names a Service of the
 * render (chart-rendered, or made by an operator from a custom resource) and one of its ports, or
 * a custom resource that exists. With the unauthorized route off, the VMUsers are the only way in:
 * a target on a wrong port is a client whose remote write or log shipping fails.
 */
import type { StackRender } from '../render';
import { findService, portLabel } from './auth/services';
import { StackObjects } from './stack-objects';
import { where } from './where';

interface TargetRef {
  readonly static?: { readonly url?: string; readonly urls?: readonly string[] };
  readonly crd?: { readonly kind: string; readonly name: string; readonly namespace?: string };
}

/** `<service>.<namespace>.svc[.cluster.local[.]]`, `<service>.<namespace>` or `<service>`. */
function clusterService(host: string, namespace: string): { name: string; namespace: string } | undefined {
  const parts = host.replace(/\.$/, '').split('.');
  const svc = parts.indexOf('svc');
  if (svc === 2 && (parts.length === 3 || parts.slice(3).join('.') === 'cluster.local')) return { name: parts[0], namespace: parts[1] };
  if (parts.length === 2) return { name: parts[0], namespace: parts[1] };
  if (parts.length === 1) return { name: parts[0], namespace };
  return undefined;
}

export function vmauthRouteProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const problems: string[] = [];
  for (const user of objects.ofKind('VMUser', 'operator.victoriametrics.com')) {
    const refs = ((user.object.spec as { targetRefs?: TargetRef[] } | undefined)?.targetRefs ?? []) as TargetRef[];
    const at = `${where(render, user.app, user.source, user.template)}: VMUser ${user.namespace}/${user.object.metadata.name}`;
    refs.forEach((ref, i) => {
      if (ref.crd) {
        const ns = ref.crd.namespace ?? user.namespace;
        if (objects.named(ns, ref.crd.kind, ref.crd.name, 'operator.victoriametrics.com').length === 0) problems.push(`${at} targetRefs[${i}]: no ${ref.crd.kind} ${ns}/${ref.crd.name} in the render`);
      }
      for (const raw of [ref.static?.url, ...(ref.static?.urls ?? [])].filter((u): u is string => !!u)) {
        let url: URL;
        try {
          url = new URL(raw);
        } catch {
          problems.push(`${at} targetRefs[${i}] ${raw}: not a URL`);
          continue;
        }
        const target = clusterService(url.hostname, user.namespace);
        if (!target) continue; // outside the cluster: nothing to check here
        const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        const service = findService(objects, target.namespace, target.name);
        if (!service) problems.push(`${at} targetRefs[${i}] ${raw}: no Service ${target.namespace}/${target.name} in the render, nor one an operator makes`);
        else if (!service.ports.some((p) => p.port === port))
          problems.push(`${at} targetRefs[${i}] ${raw}: Service ${target.namespace}/${target.name} has no port ${port} (it has ${service.ports.map(portLabel).join(', ')})`);
      }
    });
  }
  return problems;
}

/**
 * The authenticated routes of VMAuth lead somewhere: every VMUser target names a Service of the
 * render (chart-rendered, or made by an operator from a custom resource) and one of its ports, or
 * a custom resource that exists. With the unauthorized route off, the VMUsers are the only way in:
 * a target on a wrong port is a client whose remote write or log shipping fails.
 */
import type { StackRender } from '../render';
import { clusterUrlProblem } from './auth/services';
import { StackObjects } from './stack-objects';
import { where } from './where';

interface TargetRef {
  readonly static?: { readonly url?: string; readonly urls?: readonly string[] };
  readonly crd?: { readonly kind: string; readonly name: string; readonly namespace?: string };
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
        const problem = clusterUrlProblem(objects, raw, user.namespace);
        if (problem) problems.push(`${at} targetRefs[${i}] ${raw}: ${problem}`);
      }
    });
  }
  return problems;
}

/**
 * Every in-cluster URL a component is given reaches a real port: wherever a rendered object holds
 * `http(s)://<service>.<namespace>.svc[.cluster.local]...` (a GrafanaDatasource's URL, a
 * container's environment or script, an Application's destination), that Service exists (rendered
 * by a chart, made by an operator from a custom resource, or the API server's `kubernetes.default`)
 * with that port. A wrong host or port is accepted everywhere and shows only when the call fails
 * (empty dashboards, a Job that retries until its deadline). Addresses of single pods of a
 * StatefulSet (`<pod>.<service>.<namespace>.svc`) are not checked here.
 */
import type { StackRender } from '../render';
import { clusterUrlProblem } from './auth/services';
import { isKind, StackObjects } from './stack-objects';
import { where } from './where';

const CLUSTER_URL = /https?:\/\/[a-z0-9-]+\.[a-z0-9-]+\.svc(?:\.cluster\.local\.?)?(?::\d+)?(?=[/"'\s;)]|$)/g;

/** Every string in a value, depth first. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v);
}

export function clusterUrlProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const problems: string[] = [];
  for (const p of objects.all) {
    if (p.object.kind === 'CustomResourceDefinition') continue;
    // An Application's sources hold values that are rendered (and checked) as objects of their own.
    const scanned = isKind(p.object, 'Application', 'argoproj.io') ? (p.object.spec as { destination?: unknown } | undefined)?.destination : p.object;
    const urls = new Set([...strings(scanned)].flatMap((s) => s.match(CLUSTER_URL) ?? []));
    for (const url of urls) {
      const problem = clusterUrlProblem(objects, url, p.namespace);
      if (problem) problems.push(`${where(render, p.app, p.source, p.template)}: ${p.object.kind} ${p.namespace}/${p.object.metadata.name} ${url}: ${problem}`);
    }
  }
  return problems;
}

/**
 * Every in-cluster URL a component is given reaches a real port. Fields that hold a URL and nothing
 * else (a GrafanaDatasource's `spec.datasource.url`, an Application's `destination.server`) are read
 * whole, any host form (`<service>`, `<service>.<namespace>`, `...svc[.cluster.local]`); every other
 * string of a rendered object (a container's environment or script, a chart's config) is searched
 * for `http(s)://<service>.<namespace>.svc[.cluster.local]` URLs. Each must name a Service (rendered
 * by a chart, made by an operator from a custom resource, or the API server's `kubernetes.default`)
 * with that port. A wrong host or port is accepted everywhere and shows only when the call fails
 * (empty dashboards, a Job that retries until its deadline). Not here: VMUser targets (the
 * vmauth-routes check), and addresses of single pods of a StatefulSet (`<pod>.<service>.<namespace>.svc`).
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { StackRender } from '../render';
import { clusterUrlProblem } from './auth/services';
import { isKind, StackObjects } from './stack-objects';
import { where } from './where';

/** A `.svc` URL in free text: optional user info, the host, an optional port, and no more host characters after it. */
const CLUSTER_URL = /https?:\/\/(?:[^\s/@"']+@)?[a-z0-9-]+\.[a-z0-9-]+\.svc(?:\.cluster\.local)?\.?(?::\d+)?(?![a-z0-9.-])/gi;

/** Every string in a value, depth first. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v);
}

/** The URL fields of an object, read whole; undefined: search its strings. */
function urlFields(o: KubernetesObject): string[] | undefined {
  if (isKind(o, 'GrafanaDatasource', 'grafana.integreatly.org')) return [(o.spec as { datasource?: { url?: string } } | undefined)?.datasource?.url ?? ''].filter(Boolean);
  // An Application's sources hold values that are rendered (and checked) as objects of their own.
  if (isKind(o, 'Application', 'argoproj.io')) return [(o.spec as { destination?: { server?: string } } | undefined)?.destination?.server ?? ''].filter(Boolean);
  return undefined;
}

export function clusterUrlProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const problems: string[] = [];
  for (const p of objects.all) {
    if (p.object.kind === 'CustomResourceDefinition' || isKind(p.object, 'VMUser', 'operator.victoriametrics.com')) continue;
    const urls = new Set(urlFields(p.object) ?? [...strings(p.object)].flatMap((s) => s.match(CLUSTER_URL) ?? []));
    for (const url of urls) {
      const problem = clusterUrlProblem(objects, url, p.namespace);
      if (problem) problems.push(`${where(render, p.app, p.source, p.template)}: ${p.object.kind} ${p.namespace}/${p.object.metadata.name} ${url}: ${problem}`);
    }
  }
  return problems;
}

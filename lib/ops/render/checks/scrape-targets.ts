/**
 * Every Service scrape selects something to scrape. A ServiceMonitor (which the VictoriaMetrics
 * operator converts) or a VMServiceScrape whose selector matches no Service, or whose endpoint
 * names a port the Service does not have, is accepted by the API server and scrapes nothing:
 * metrics and the alerts on them silently stay away. Checked for every endpoint with a named
 * `port`: some Service in the namespaces it selects (`namespaceSelector`: `any`, `matchNames`, or
 * its own namespace) has its labels (`matchLabels`, `matchExpressions`) and a port of that name. The
 * candidates are the rendered Services and the one Kubernetes makes itself, `default/kubernetes`
 * (labels `component: apiserver`, `provider: kubernetes`, port `https`). Services an operator makes
 * from a custom resource are no candidates yet (no scrape of the render selects one); node and pod
 * scrapes (VMNodeScrape, PodMonitor) are not checked here.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { StackRender } from '../render';
import { API_SERVER_SERVICE } from './auth/services';
import { type LabelSelector, selectorMatches, StackObjects } from './stack-objects';
import { where } from './where';

interface ScrapeSpec {
  readonly selector?: LabelSelector;
  readonly namespaceSelector?: { readonly any?: boolean; readonly matchNames?: readonly string[] };
  readonly endpoints?: readonly { readonly port?: string }[];
}

interface Candidate {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly string[];
}

const SCRAPES: readonly { readonly kind: string; readonly group: string }[] = [
  { kind: 'ServiceMonitor', group: 'monitoring.coreos.com' },
  { kind: 'VMServiceScrape', group: 'operator.victoriametrics.com' },
];


function candidatesOf(objects: StackObjects): Candidate[] {
  const rendered = objects.ofKind('Service', '').map((s) => {
    const ports = ((s.object.spec as { ports?: { name?: string }[] } | undefined)?.ports ?? []).flatMap((p) => (p.name ? [p.name] : []));
    return { namespace: s.namespace, name: s.object.metadata.name, labels: s.object.metadata.labels ?? {}, ports };
  });
  const api = API_SERVER_SERVICE;
  return [...rendered, { namespace: api.namespace, name: api.name, labels: api.labels, ports: api.ports.map((p) => p.name) }];
}

export function scrapeTargetProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const candidates = candidatesOf(objects);
  const problems: string[] = [];
  for (const { kind, group } of SCRAPES) {
    for (const scrape of objects.ofKind(kind, group)) {
      const spec = ((scrape.object as KubernetesObject).spec ?? {}) as ScrapeSpec;
      // Without `any`, an empty or absent `matchNames` means the scrape object's own namespace (as the operators read it).
      const names = spec.namespaceSelector?.matchNames ?? [];
      const namespaces = spec.namespaceSelector?.any ? undefined : names.length > 0 ? names : [scrape.namespace];
      const selected = candidates.filter((c) => (!namespaces || namespaces.includes(c.namespace)) && selectorMatches(spec.selector ?? {}, c.labels));
      const at = `${where(render, scrape.app, scrape.source, scrape.template)}: ${kind} ${scrape.namespace}/${scrape.object.metadata.name}`;
      const scope = namespaces ? `namespace ${namespaces.join(', ')}` : 'any namespace';
      if (selected.length === 0) {
        problems.push(`${at}: its selector ${JSON.stringify(spec.selector ?? {})} matches no Service in ${scope}: it scrapes nothing`);
        continue;
      }
      for (const port of (spec.endpoints ?? []).flatMap((e) => (e.port ? [e.port] : []))) {
        if (!selected.some((c) => c.ports.includes(port)))
          problems.push(`${at}: no Service it selects (${selected.map((c) => `${c.namespace}/${c.name}`).join(', ')}) has a port named ${port}: it scrapes nothing there`);
      }
    }
  }
  return problems;
}

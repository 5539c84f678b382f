/**
 * Every Grafana datasource reaches a real port: the URL of a GrafanaDatasource inside the cluster
 * names a Service of the render (chart-rendered, or made by an operator from a custom resource) and
 * one of its ports. The operator hands the URL to Grafana as it is; a wrong host or port shows only
 * as empty dashboards.
 */
import type { StackRender } from '../render';
import { clusterUrlProblem } from './auth/services';
import { StackObjects } from './stack-objects';
import { where } from './where';

export function datasourceUrlProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const problems: string[] = [];
  for (const ds of objects.ofKind('GrafanaDatasource', 'grafana.integreatly.org')) {
    const url = (ds.object.spec as { datasource?: { url?: string } } | undefined)?.datasource?.url;
    if (!url) continue;
    const problem = clusterUrlProblem(objects, url, ds.namespace);
    if (problem) problems.push(`${where(render, ds.app, ds.source, ds.template)}: GrafanaDatasource ${ds.namespace}/${ds.object.metadata.name} ${url}: ${problem}`);
  }
  return problems;
}

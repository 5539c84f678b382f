/**
 * Every value path the program hands to a chart is read by that chart version: by its
 * values.yaml, its values.schema.json, its templates, or a subchart's (chart-reads/). A misspelt
 * or renamed key is a problem here, not a silently ignored setting. Below a point the chart reads
 * as a whole (an empty map in values.yaml, a map handed to toYaml, a schema without keys) any key
 * is accepted: that content is Kubernetes' or the application's own, not the chart's.
 *
 * No hand-kept allow-list: every free-form point of the shipped values (annotations, `configs.cm`,
 * `gitea.config`, `vmsingle.spec`, Vector's and Dex's `config`) is one the chart's own files
 * declare, so a list would only repeat them (and hide a misspelling next to them).
 */
import { chartReads, valueReach } from '../chart-reads/chart-reads';
import type { StackRender } from '../render';
import { formatPath, isRecord as isMap } from '../../../util/values';
import { where } from './where';

/** `gitea.config["storage.lfs"]`, `ingress.hosts[0].host`. */
const display = formatPath;

export function unreadValues(render: StackRender): string[] {
  const problems: string[] = [];
  for (const app of render.applications) {
    for (const source of app.sources) {
      if (!source.chartDir || source.error) continue; // the renders check reports those
      const chart = chartReads(source.chartDir);
      const visit = (value: unknown, segs: string[], shown: (string | number)[]) => {
        const entries: [string, string | number, unknown][] = isMap(value)
          ? Object.entries(value).map(([k, v]) => [k, k, v])
          : Array.isArray(value)
            ? value.map((v, i) => ['*', i, v])
            : [];
        for (const [seg, show, child] of entries) {
          const s = [...segs, seg];
          const at = [...shown, show];
          const reach = valueReach(chart, s, typeof child !== 'object' || child === null);
          if (reach === 'unknown') problems.push(`${where(render, app, source)}: value ${display(at)} is not read by the chart (not in its values.yaml, values.schema.json or templates, nor a subchart's)`);
          else if (reach === 'known') visit(child, s, at);
        }
      };
      visit(source.values, [], []);
    }
  }
  return problems;
}

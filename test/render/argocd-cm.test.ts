/**
 * Argo CD's settings as the chart renders them (ConfigMap argocd-cm, both for the `argocd`
 * Application and Terraform's bootstrap release): the chart's resource exclusions stay. Setting
 * `configs.cm."resource.exclusions"` replaces the chart's whole list, and Argo CD then watches
 * Endpoints, EndpointSlices, Leases, access reviews and CertificateRequests again (the seed set its
 * two kinds that way, and so did this program until 2026-12-01).
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import type { StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

type Obj = Record<string, any>;
const ARGOCD_CM = (o: Obj) => o.kind === 'ConfigMap' && o.metadata.name === 'argocd-cm';

const defaults = new Map<string, unknown>();
/** The chart's own `configs.cm."resource.exclusions"`, parsed. */
const chartDefault = (chartDir: string) => {
  if (!defaults.has(chartDir)) defaults.set(chartDir, parse(parse(readFileSync(join(chartDir, 'values.yaml'), 'utf8')).configs.cm['resource.exclusions']));
  return defaults.get(chartDir);
};

/** One line per argocd-cm whose `resource.exclusions` is not the chart's own default list (`compared` counts the ones held). */
function exclusionProblems(r: StackRender, compared: string[] = []): string[] {
  const problems: string[] = [];
  for (const app of r.applications.filter((a) => a.name === 'argocd' || a.name === 'terraform-argocd')) {
    for (const source of app.sources) {
      const cm = source.objects.map((o) => o.object as Obj).find(ARGOCD_CM);
      if (!cm || !source.chartDir) {
        problems.push(`${r.stackId} ${app.name}: no argocd-cm rendered, or no chart to hold it against`);
        continue;
      }
      compared.push(`${r.stackId} ${app.name}`);
      const rendered = JSON.stringify(parse(cm.data?.['resource.exclusions'] ?? 'null'));
      if (rendered !== JSON.stringify(chartDefault(source.chartDir)))
        problems.push(`${r.stackId} ${app.name}: argocd-cm resource.exclusions is not the chart's list (${source.chart.chart} ${source.chart.version} values.yaml): ${rendered}`);
    }
  }
  return problems;
}

test("every argocd-cm keeps the chart's resource exclusions, which exclude the seed's CiliumIdentity", () => {
  const compared: string[] = [];
  expect(renders.flatMap((r) => exclusionProblems(r, compared))).toEqual([]);
  expect(compared).toHaveLength(2 * renders.length);
  for (const r of renders) {
    const cm = r.applications.find((a) => a.name === 'argocd')!.sources.flatMap((s) => s.objects.map((o) => o.object as Obj)).find(ARGOCD_CM)!;
    const kinds = (parse(cm.data['resource.exclusions']) as { kinds: string[] }[]).flatMap((e) => e.kinds);
    expect(kinds).toEqual(expect.arrayContaining(['Endpoints', 'EndpointSlice', 'Lease', 'CertificateRequest', 'CiliumIdentity']));
  }
});

test("fails if the program sets its own resource exclusions (the chart's list is then gone)", () => {
  const r = plantable(renders.find((x) => x.stackId === 'prod-edp')!);
  for (const cm of thaw(r, 'argocd', ARGOCD_CM)) cm.data['resource.exclusions'] = '- apiGroups: [cilium.io]\n  kinds: [CiliumIdentity]\n  clusters: ["*"]\n';
  expect(exclusionProblems(r)).toEqual([expect.stringMatching(/^prod-edp argocd: argocd-cm resource\.exclusions is not the chart's list \(argo-cd 10\.1\.1 values\.yaml\): \[\{"apiGroups":\["cilium\.io"\]/)]);
});

/**
 * Every ServiceMonitor and VMServiceScrape selects a Service with the port it scrapes (check
 * scrape-targets): Forgejo's companion ServiceMonitor against the chart's Services, the charts' own.
 */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { scrapeTargetProblems } from '../../lib/ops/render/checks/scrape-targets';
import type { StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const render = (id: string) => renders.find((r) => r.stackId === id)!;
const FORGEJO_MONITOR = `prod-edp forgejo-server (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: ServiceMonitor gitea/forgejo`;

test('every scrape object of a shipped environment selects a Service with the port it scrapes', () => {
  expect(renders.flatMap(scrapeTargetProblems)).toEqual([]);
  const kinds = renders.flatMap((r) => r.applications.flatMap((a) => a.sources.flatMap((s) => s.objects.map((o) => o.object.kind))));
  expect(kinds.filter((k) => k === 'ServiceMonitor').length).toBeGreaterThanOrEqual(5);
  expect(kinds.filter((k) => k === 'VMServiceScrape').length).toBeGreaterThanOrEqual(10);
});

test("fails if the Forgejo ServiceMonitor's selector matches no Service (the chart's labels moved)", () => {
  const r = plantable(render('prod-edp'));
  for (const svc of thaw(r, 'forgejo-server', (o) => o.kind === 'Service')) svc.metadata.labels['app.kubernetes.io/name'] = 'gitea';
  expect(scrapeTargetProblems(r)).toEqual([`${FORGEJO_MONITOR}: its selector {"matchLabels":{"app.kubernetes.io/instance":"forgejo","app.kubernetes.io/name":"forgejo"}} matches no Service in namespace gitea: it scrapes nothing`]);
});

test('fails if no Service it selects has the port it scrapes', () => {
  const r = plantable(render('prod-edp'));
  for (const svc of thaw(r, 'forgejo-server', (o) => o.kind === 'Service' && o.metadata.name === 'forgejo-http')) svc.spec.ports[0].name = 'web';
  expect(scrapeTargetProblems(r)).toEqual([`${FORGEJO_MONITOR}: no Service it selects (gitea/forgejo-http, gitea/forgejo-ssh) has a port named http: it scrapes nothing there`]);
});

test('reads matchExpressions and namespaceSelector as Kubernetes does', () => {
  const r = plantable(render('prod-edp'));
  const [monitor] = thaw(r, 'forgejo-server', (o) => o.kind === 'ServiceMonitor');
  monitor.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'In', values: ['forgejo'] }, { key: 'nothing', operator: 'DoesNotExist' }] };
  expect(scrapeTargetProblems(r)).toEqual([]);
  monitor.spec.selector = { matchExpressions: [{ key: 'app.kubernetes.io/name', operator: 'NotIn', values: ['forgejo'] }] };
  expect(scrapeTargetProblems(r)).toEqual([expect.stringContaining('matches no Service in namespace gitea')]);
  monitor.spec.selector = { matchLabels: { 'app.kubernetes.io/name': 'forgejo' } };
  monitor.spec.namespaceSelector = { matchNames: ['observability'] };
  expect(scrapeTargetProblems(r)).toEqual([expect.stringContaining('matches no Service in namespace observability')]);
  monitor.spec.namespaceSelector = { any: true };
  expect(scrapeTargetProblems(r)).toEqual([]);
  // No `any` and no names: its own namespace.
  monitor.spec.namespaceSelector = { matchNames: [] };
  expect(scrapeTargetProblems(r)).toEqual([]);
});

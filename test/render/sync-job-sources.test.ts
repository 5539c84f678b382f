/**
 * victoria-metrics-k8s-stack 0.91.2 renders no VMRules; its sync Job fetches them at deploy time.
 * Every source it fetches is pinned to a tag or commit (check sync-job-sources); the client stack,
 * which runs no vmalert, has no sync Job at all.
 */
import { parse } from 'yaml';
import { syncJobSourceProblems, unpinned } from '../../lib/ops/render/checks/sync-job-sources';
import type { StackRender } from '../../lib/ops/render/render';
import { VM_RULE_GROUPS_OFF, VM_RULE_SOURCES } from '../../lib/platform/catalogue/victoria-rules';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

type Obj = Record<string, any>;
const objectsOf = (r: StackRender, app: string) => r.applications.find((a) => a.name === app)!.sources.flatMap((s) => s.objects.map((o) => o.object as Obj));
const central = () => renders.find((r) => r.stackId === 'prod-observability')!;
const isSyncConfig = (o: Obj) => o.kind === 'ConfigMap' && o.metadata.name === 'vm-sync-job-config';
const syncConfig = (r: StackRender) => objectsOf(r, 'victoria-k8s-stack').find(isSyncConfig)!;

test('every source the sync Jobs fetch is pinned, in every shipped environment', () => {
  expect(renders.flatMap(syncJobSourceProblems)).toEqual([]);
});

test('the central stack fetches exactly our pinned rule sources, no dashboards, and leaves out the control-plane groups CCE does not expose', () => {
  const config = parse(syncConfig(central()).data['config.yaml']);
  const fetched = (config.rules.sources as Obj[]).filter((s) => s.enabled !== false).map((s) => s.url);
  expect(fetched.length).toBeGreaterThan(0);
  expect(fetched.filter((u) => !Object.values(VM_RULE_SOURCES).includes(u))).toEqual([]);
  expect(config.dashboards.sources).toEqual([]);
  expect(config.common.multicluster).toBe(true);
  for (const g of VM_RULE_GROUPS_OFF) expect([g, config.rules.groups[g]]).toEqual([g, { enabled: false }]);
  // The chart itself renders no rules any more: they come from the Job.
  expect(objectsOf(central(), 'victoria-k8s-stack').filter((o) => o.kind === 'VMRule')).toEqual([]);
  expect(objectsOf(central(), 'victoria-k8s-stack').some((o) => o.kind === 'Job' && o.metadata.name === 'vm-sync-job')).toBe(true);
});

test('the client stack (no vmalert) renders no sync Job, and no rules', () => {
  const client = objectsOf(renders.find((r) => r.stackId === 'prod-edp')!, 'vm-client');
  expect(client.filter((o) => o.kind === 'VMAlert' || o.kind === 'VMRule' || /sync-job/.test(o.metadata?.name ?? '')).map((o) => `${o.kind} ${o.metadata.name}`)).toEqual([]);
});

test('fails if a fetched rule source points at a branch (the chart default, master)', () => {
  const r = plantable(central());
  const [cm] = thaw(r, 'victoria-k8s-stack', isSyncConfig);
  const config = parse(cm.data['config.yaml']);
  const i = (config.rules.sources as Obj[]).findIndex((s) => s.url === VM_RULE_SOURCES.vmsingle);
  config.rules.sources[i].url = 'https://raw.githubusercontent.com/VictoriaMetrics/VictoriaMetrics/master/deployment/docker/rules/alerts-single-node.yml';
  cm.data['config.yaml'] = JSON.stringify(config);
  expect(syncJobSourceProblems(r)).toEqual([
    `prod-observability victoria-k8s-stack (victoria-metrics-k8s-stack 0.91.2) victoria-metrics-k8s-stack/templates/sync-job/config.yaml: ConfigMap observability/vm-sync-job-config rules.sources[${i}] https://raw.githubusercontent.com/VictoriaMetrics/VictoriaMetrics/master/deployment/docker/rules/alerts-single-node.yml: on master, a branch or an ambiguous name (use refs/tags/<tag> or a commit id); the sync Job would install content that changes without a commit`,
  ]);
});

test('fails if a source left unpinned because it is off is switched on (a VictoriaLogs source on master)', () => {
  const r = plantable(central());
  const [cm] = thaw(r, 'victoria-k8s-stack', isSyncConfig);
  const config = parse(cm.data['config.yaml']);
  const off = (config.rules.sources as Obj[]).filter((s) => s.enabled === false && /\/master\//.test(s.url));
  expect(off.length).toBeGreaterThan(0);
  delete off[0].enabled;
  cm.data['config.yaml'] = JSON.stringify(config);
  expect(syncJobSourceProblems(r)).toEqual([expect.stringMatching(/rules\.sources\[\d+\] https:\/\/raw\.githubusercontent\.com\/VictoriaMetrics\/Victoria(Logs|Traces)\/master\/.*: on master/)]);
});

test('a tag (refs/tags/...) or a full commit id is pinned; a branch, a bare name or another host is not', () => {
  expect(unpinned('https://raw.githubusercontent.com/o/r/refs/tags/v1.2.3/a/b.yml')).toBeUndefined();
  expect(unpinned('https://raw.githubusercontent.com/o/r/f901a79157f44b141be219b8887a34e4a96212fa/a.yml')).toBeUndefined();
  expect(unpinned('https://github.com/o/r/raw/refs/tags/v1/a.yml')).toBeUndefined();
  expect(unpinned('https://raw.githubusercontent.com/o/r/main/a.yml')).toMatch(/^on main, a branch/);
  expect(unpinned('https://raw.githubusercontent.com/o/r/v1.2.3/a.yml')).toMatch(/^on v1\.2\.3, a branch or an ambiguous name/);
  expect(unpinned('https://raw.githubusercontent.com/o/r/refs/heads/release/a.yml')).toBe('on branch release');
  expect(unpinned('https://raw.githubusercontent.com/o/r/f901a79/a.yml')).toMatch(/^on f901a79, a branch/);
  expect(unpinned('https://example.com/rules.yml')).toMatch(/^not an https GitHub raw URL/);
  expect(unpinned('http://raw.githubusercontent.com/o/r/refs/tags/v1/a.yml')).toMatch(/^not an https GitHub raw URL/);
});

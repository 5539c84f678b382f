/** `npm run outdated`: pinned charts against the newest version in a (temporary) chart cache. */
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { outdatedReport } from '../../lib/ops/versions/outdated';
import { compareSemver, parseSemver } from '../../lib/ops/versions/semver';
import { NO_STACK_TRACE, cleanUp, cli, inProcess, tempDir } from './helpers';

afterAll(cleanUp);

/** A chart cache holding `<chart>/<version>/Chart.yaml` for each given version. */
function cacheWith(versions: Record<string, readonly string[]>): string {
  const dir = tempDir('edp-charts-');
  for (const [chart, list] of Object.entries(versions)) {
    for (const v of list) {
      mkdirSync(join(dir, chart, v), { recursive: true });
      writeFileSync(join(dir, chart, v, 'Chart.yaml'), `apiVersion: v2\nname: ${chart}\nversion: ${v}\n`);
    }
  }
  return dir;
}

/** Charts of the catalogue pinned at the seed's versions (the report takes any table of pins). */
const SAMPLE = {
  argocd: { ...CHARTS.argocd, version: '9.1.5' },
  grafanaOperator: { ...CHARTS.grafanaOperator, version: '5.18.0' },
  dex: { ...CHARTS.dex, version: '0.23.0' },
  coder: { ...CHARTS.coder, version: '2.28.3' },
} as const;

/** The next major version after a pin (keeps a leading v). */
const nextMajor = (v: string) => v.replace(/^(v?)(\d+)\..*$/, (_m, p: string, major: string) => `${p}${Number(major) + 1}.0.0`);
const esc = (v: string) => v.replace(/\./g, '\\.');

describe('SemVer order', () => {
  const order = (a: string, b: string) => Math.sign(compareSemver(parseSemver(a)!, parseSemver(b)!));

  it('compares numerically, ignores a leading v, ranks prereleases below their release', () => {
    expect(order('10.1.1', '9.1.5')).toBe(1);
    expect(order('v5.18.0', '5.18.0')).toBe(0);
    expect(order('0.91.2', '0.48.1')).toBe(1);
    expect(order('2.0.0-rc.1', '2.0.0')).toBe(-1);
    expect(order('2.0.0-rc.10', '2.0.0-rc.9')).toBe(1);
    expect(order('2.0.0-alpha', '2.0.0-1')).toBe(1);
  });

  it('fails if a version is no SemVer', () => {
    expect(parseSemver('latest')).toBeUndefined();
    expect(parseSemver('1.2')).toBeUndefined();
  });
});

describe('outdated report', () => {
  it('marks a pin older than the newest cached version, and treats v5.18.0 on disk as the pin 5.18.0', () => {
    const dir = cacheWith({ 'argo-cd': ['9.1.5', '10.1.1', '9.10.0'], 'grafana-operator': ['v5.18.0'], dex: ['0.23.0', 'not-a-version'], coder: ['2.28.3', '2.31.7-rc.1', '2.20.0'] });
    mkdirSync(join(dir, 'dex', '0.99.0')); // no Chart.yaml: not a chart
    const report = outdatedReport(SAMPLE, { dirs: [dir], pullTo: dir });
    expect(report.map((e) => [e.chart, e.pinned, e.newest, e.status, e.pinnedCached])).toEqual([
      ['argo-cd', '9.1.5', '10.1.1', 'outdated', true],
      ['grafana-operator', '5.18.0', 'v5.18.0', 'current', true],
      ['dex', '0.23.0', '0.23.0', 'current', true],
      ['coder', '2.28.3', '2.31.7-rc.1', 'outdated', true],
    ]);
    expect(report[0].cached).toEqual(['9.1.5', '9.10.0', '10.1.1']);
  });

  it('takes the newest across every cache dir, and says when a chart or the pin is not cached', () => {
    const a = cacheWith({ 'argo-cd': ['9.1.5'] });
    const b = cacheWith({ 'argo-cd': ['10.1.1'], dex: ['0.22.0'] });
    const report = outdatedReport(SAMPLE, { dirs: [a, b, join(a, 'missing')], pullTo: a });
    expect(report.map((e) => [e.chart, e.newest, e.status, e.pinnedCached])).toEqual([
      ['argo-cd', '10.1.1', 'outdated', true],
      ['grafana-operator', null, 'not cached', false],
      ['dex', '0.22.0', 'newer than cache', false],
      ['coder', null, 'not cached', false],
    ]);
  });
});

describe('npm run outdated (the command)', () => {
  const argocd = CHARTS.argocd.version;
  const grafana = CHARTS.grafanaOperator.version;
  const cache = cacheWith({ 'argo-cd': [argocd, nextMajor(argocd)], 'grafana-operator': [`v${grafana}`, nextMajor(grafana)], terralist: [CHARTS.terralist.version] });

  it('prints every pinned chart with its pin and the newest cached version, marks the older ones, exits 0', () => {
    const r = cli('outdated', [], { env: { EDP_CHART_CACHE: cache } });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CHART +PINNED +NEWEST CACHED +STATUS +REPOSITORY$/);
    expect(lines.slice(2, 2 + Object.keys(CHARTS).length).map((l) => l.split(/ +/)[0])).toEqual(Object.values(CHARTS).map((c) => c.chart));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^argo-cd +${esc(argocd)} +${esc(nextMajor(argocd))} +OUTDATED +https://argoproj\\.github\\.io/argo-helm$`)));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^grafana-operator +${esc(grafana)} +${esc(nextMajor(grafana))} +OUTDATED +ghcr\\.io/grafana/helm-charts$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^terralist +\S+ +\S+ +current /));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^dex +${esc(CHARTS.dex.version)} +- +not cached `)));
    expect(lines).toContain(`2 of ${Object.keys(CHARTS).length} pinned charts are older than the newest version in the chart cache (${cache}).`);
  });

  it('prints JSON with --json', () => {
    const r = inProcess('outdated', ['--json'], { env: { EDP_CHART_CACHE: cache } });
    expect(r.status).toBe(0);
    const entries = JSON.parse(r.stdout) as { key: string; newest: string | null; status: string }[];
    expect(entries.map((e) => e.key)).toEqual(Object.keys(CHARTS));
    expect(entries.find((e) => e.key === 'grafanaOperator')).toMatchObject({ pinned: grafana, newest: nextMajor(grafana), status: 'outdated', cached: [`v${grafana}`, nextMajor(grafana)] });
  });

  it('exits 0 even when every chart is missing from the cache (a report, not a check)', () => {
    const r = inProcess('outdated', [], { env: { EDP_CHART_CACHE: tempDir('edp-empty-') } });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Pinned version not in the cache: argo-cd,');
    expect((JSON.parse(inProcess('outdated', ['--json'], { env: { EDP_CHART_CACHE: tempDir('edp-empty-') } }).stdout) as { newest: unknown }[])[0].newest).toBeNull();
  });

  it('says in --help that it is a report and exits 0', () => {
    const r = inProcess('outdated', ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('This is a report, not a check: it exits 0 whether or not charts are outdated.');
  });

  it('fails if given arguments it does not take: exit 2 with the usage, no stack trace', () => {
    const r = inProcess('outdated', ['--all']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^outdated: unknown option "--all"\n\nUsage: npm run outdated/);
    expect(r.stderr).not.toMatch(NO_STACK_TRACE);
    expect(inProcess('outdated', ['argo-cd']).status).toBe(2);
  });
});

describe('npm run outdated in process', () => {
  it('gives the same answer twice in a row, and the same as the program (no state left between runs)', () => {
    const cache = cacheWith({ 'argo-cd': [CHARTS.argocd.version] });
    const runs = [inProcess('outdated', ['--json'], { env: { EDP_CHART_CACHE: cache } }), inProcess('outdated', ['--json'], { env: { EDP_CHART_CACHE: tempDir('edp-empty-') } })];
    expect([inProcess('outdated', ['--json'], { env: { EDP_CHART_CACHE: cache } }), runs[1]]).toEqual(runs);
    expect(runs[0]).toEqual(cli('outdated', ['--json'], { env: { EDP_CHART_CACHE: cache } }));
  });
});

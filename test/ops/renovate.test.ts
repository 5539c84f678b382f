/**
 * renovate.json: the regex managers must see every pinned chart of charts.ts (and the images the
 * catalogue pins), with the datasource Renovate needs to look the next version up. Evaluated here
 * the way Renovate's regex manager does (lib/modules/manager/custom/regex: each matchString with
 * the `g` flag, `<field>Template` compiled over the named groups, else the group of that name).
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { DIND_IMAGE, RUNNER_IMAGE } from '../../lib/platform/catalogue/forgejo';
import { ROOT } from '../support/synth';

interface RegexManager {
  readonly customType: string;
  readonly managerFilePatterns: readonly string[];
  readonly matchStrings: readonly string[];
  readonly [template: string]: unknown;
}

interface Dep {
  readonly depName?: string;
  readonly packageName?: string;
  readonly currentValue?: string;
  readonly datasource?: string;
  readonly registryUrl?: string;
  readonly versioning?: string;
  readonly extractVersion?: string;
}

const FIELDS = ['depName', 'packageName', 'currentValue', 'datasource', 'registryUrl', 'versioning', 'extractVersion'] as const;

const config = JSON.parse(readFileSync(join(ROOT, 'renovate.json'), 'utf8')) as { customManagers: RegexManager[] };

/** `{{{name}}}` / `{{name}}` over the match's groups; anything else is more Handlebars than we evaluate. */
function compile(template: string, groups: Record<string, string | undefined>): string {
  const out = template.replace(/\{\{\{?\s*([A-Za-z]+)\s*\}?\}\}/g, (_, name: string) => {
    if (groups[name] === undefined) throw new Error(`template "${template}" uses group "${name}", which the matchString does not capture`);
    return groups[name]!;
  });
  if (out.includes('{{')) throw new Error(`template "${template}" uses Handlebars this test does not evaluate`);
  return out;
}

function fileRegex(pattern: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (!m) throw new Error(`managerFilePatterns entry ${pattern} is not in the /regex/ form`);
  return new RegExp(m[1], m[2]);
}

/** What Renovate's regex managers extract from one file (path relative to the repository root). */
function extract(path: string, text: string): Dep[] {
  const deps: Dep[] = [];
  for (const manager of config.customManagers) {
    if (!manager.managerFilePatterns.some((p) => fileRegex(p).test(path))) continue;
    for (const matchString of manager.matchStrings) {
      for (const match of text.matchAll(new RegExp(matchString, 'g'))) {
        const groups = match.groups ?? {};
        const dep: Record<string, string> = {};
        for (const field of FIELDS) {
          const template = manager[`${field}Template`];
          const value = typeof template === 'string' ? compile(template, groups) : groups[field];
          if (value !== undefined) dep[field] = value;
        }
        deps.push(dep);
      }
    }
  }
  return deps;
}

/** What Renovate must find for each chart: helm datasource for https repositories, docker for OCI. */
function expectedChartDeps(charts: Readonly<Record<string, { repoURL: string; chart: string; version: string; oci?: boolean }>>): Dep[] {
  return Object.values(charts).map((c) =>
    c.oci
      ? { datasource: 'docker', depName: c.chart, packageName: `${c.repoURL}/${c.chart}`, currentValue: c.version, versioning: 'semver-coerced' }
      : { datasource: 'helm', depName: c.chart, registryUrl: c.repoURL, currentValue: c.version },
  );
}

const byName = (a: Dep, b: Dep) => `${a.depName} ${a.currentValue}`.localeCompare(`${b.depName} ${b.currentValue}`);

/** Charts of CHARTS that Renovate does not see exactly as pinned, by chart name. */
function unseenCharts(text: string): string[] {
  const found = extract('lib/platform/catalogue/charts.ts', text);
  return expectedChartDeps(CHARTS)
    .filter((want) => !found.some((dep) => JSON.stringify(Object.entries(dep).sort()) === JSON.stringify(Object.entries(want).sort())))
    .map((want) => want.depName!);
}

const chartsText = readFileSync(join(ROOT, 'lib', 'platform', 'catalogue', 'charts.ts'), 'utf8');
const forgejoText = readFileSync(join(ROOT, 'lib', 'platform', 'catalogue', 'forgejo.ts'), 'utf8');

describe('renovate.json', () => {
  it('sees every chart of CHARTS, once, as pinned, with the datasource of its repository', () => {
    const found = extract('lib/platform/catalogue/charts.ts', chartsText);
    expect([...found].sort(byName)).toEqual(expectedChartDeps(CHARTS).sort(byName));
    expect(unseenCharts(chartsText)).toEqual([]);
  });

  it('sees the runner and Docker-in-Docker images, and the VictoriaLogs Grafana plugin', () => {
    const image = (ref: string) => ({ datasource: 'docker', depName: ref.slice(0, ref.lastIndexOf(':')), currentValue: ref.slice(ref.lastIndexOf(':') + 1) });
    expect(extract('lib/platform/catalogue/forgejo.ts', forgejoText)).toEqual([image(RUNNER_IMAGE), image(DIND_IMAGE)]);
    const observability = readFileSync(join(ROOT, 'lib', 'platform', 'catalogue', 'observability.ts'), 'utf8');
    const plugin = /const VICTORIALOGS_PLUGIN_VERSION = '([^']+)'/.exec(observability)![1];
    expect(extract('lib/platform/catalogue/observability.ts', observability)).toEqual([
      { datasource: 'github-releases', depName: 'VictoriaMetrics/victorialogs-datasource', currentValue: plugin, extractVersion: '^v(?<version>.+)$' },
    ]);
  });

  it('leaves out no image constant of the catalogue except FORGEJO_IMAGE (the chart appVersion, moved with the chart)', () => {
    const dir = join(ROOT, 'lib', 'platform', 'catalogue');
    const constants = readdirSync(dir).flatMap((f) => [...readFileSync(join(dir, f), 'utf8').matchAll(/\bconst ([A-Z_]+_IMAGE) = '/g)].map((m) => `${f}:${m[1]}`));
    expect(constants.sort()).toEqual(['forgejo.ts:DIND_IMAGE', 'forgejo.ts:FORGEJO_IMAGE', 'forgejo.ts:RUNNER_IMAGE']);
  });

  it('uses only regex syntax that RE2 (Renovate\'s regex engine) also accepts: no lookaround, no back-references', () => {
    for (const m of config.customManagers) for (const s of m.matchStrings) expect(s).not.toMatch(/\(\?[=!]|\(\?<[=!]|\\[1-9]/);
  });

  describe('fails if a chart is written in a way the regexes do not see', () => {
    const argocdLine = chartsText.split('\n').find((l) => l.includes("chart: 'argo-cd'"))!;
    const forgejoLine = chartsText.split('\n').find((l) => l.includes("chart: 'forgejo'"))!;

    it('an entry broken over lines', () => {
      const planted = chartsText.replace(argocdLine, argocdLine.replace(", chart: '", ",\n    chart: '"));
      expect(unseenCharts(planted)).toEqual(['argo-cd']);
    });

    it('double quotes', () => {
      expect(unseenCharts(chartsText.replace(argocdLine, argocdLine.replace(/'/g, '"')))).toEqual(['argo-cd']);
    });

    it('an OCI chart whose oci flag comes first (it would be looked up as a Helm repository, or not at all)', () => {
      const planted = chartsText.replace(forgejoLine, forgejoLine.replace("{ repoURL:", '{ oci: true, repoURL:').replace(', oci: true }', ' }'));
      expect(unseenCharts(planted)).toEqual(['forgejo']);
    });

    it('a template naming a group the matchString does not capture', () => {
      expect(() => compile('{{{registy}}}/{{{depName}}}', { registry: 'ghcr.io', depName: 'x' })).toThrow('uses group "registy"');
    });
  });
});

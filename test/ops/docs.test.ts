/** docs/architecture.md and README.md's chart versions are generated from the code and must be fresh (`npm run docs`). */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { architectureModel } from '../../lib/ops/docs/model';
import { withGeneratedSection } from '../../lib/ops/docs/readme';
import { chartVersionsTable, renderArchitecture } from '../../lib/ops/docs/render';
import { SEED_VERSIONS } from '../../lib/ops/versions/seed';
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { DIND_IMAGE, RUNNER_IMAGE } from '../../lib/platform/catalogue/forgejo';
import { STACKS } from '../../lib/platform/catalogue/index';
import { ROOT } from '../support/synth';
import { inProcess } from './helpers';

describe('docs/architecture.md', () => {
  const model = architectureModel();
  const generated = renderArchitecture(model);

  it('is what `npm run docs` generates from the current code (run it and commit the result)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8')).toBe(generated);
  });

  it('shows every registered stack with its dependencies and pinned Applications', () => {
    expect(model.stacks.map((s) => s.name)).toEqual(STACKS.map((s) => s.name));
    const forgejo = model.stacks.find((s) => s.name === 'forgejo')!;
    expect(forgejo.needs).toEqual(['core', 'otc']);
    expect(forgejo.applications).toContainEqual({ name: 'forgejo-server', namespace: 'gitea', charts: ['forgejo 15.0.3', 'raw 2.0.2'] });
    expect(generated).toContain('    stack_otc --> stack_forgejo\n');
    expect(generated).toContain('helm_release argo-cd 10.1.1');
    expect(generated).not.toMatch(/TfToken|\$\{/);
  });

  it('shows the infra constructs with the references between them', () => {
    const cluster = model.infra.find((p) => p.id === 'Cluster')!;
    expect(cluster.types).toContain('cce_cluster_v3');
    expect(cluster.uses).toEqual(['ApiAccess', 'Encryption', 'Network']);
    expect(generated).toContain('    LoadBalancer --> Dns\n');
  });

  it('lists every pinned chart with the seed\'s version and the shipped one, and where it is used', () => {
    expect(model.charts.map((c) => [c.chart, c.shipped])).toEqual(Object.values(CHARTS).map((c) => [c.chart, c.version]));
    expect(Object.keys(SEED_VERSIONS)).toEqual(Object.keys(CHARTS));
    const row = (chart: string) => model.charts.find((c) => c.chart === chart)!;
    expect(row('argo-cd')).toMatchObject({ seed: '9.1.5', usedBy: ['terraform argocd', 'core/argocd'] });
    expect(row('grafana-operator').seed).toBe('v5.18.0');
    expect(row('cert-manager').seed).toBe('- (no version given)');
    // The seed installed ingress-nginx where Traefik is now: its chart and version, not a Traefik version.
    expect(row('traefik')).toMatchObject({ seed: 'ingress-nginx 4.12.1', shipped: '41.3.0', usedBy: ['otc/traefik'] });
    expect(row('raw').usedBy[0]).toBe('terraform edp-stack-<stack>');
    expect(chartVersionsTable(model)).toContain('| `forgejo` | 12.0.0 | 15.0.3 | `forgejo/forgejo-server` | code.forgejo.org/forgejo-helm |');
  });

  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('README.md carries the generated chart versions table', () => {
    expect(readme).toBe(withGeneratedSection(readme, 'chart versions', chartVersionsTable(model)));
    expect(readme).toContain(chartVersionsTable(model));
  });

  /** Versions written in the README's hand-written stack table that are no current pin. */
  const staleStackTableVersions = (text: string) => {
    const table = text.slice(text.indexOf('### Stacks'), text.indexOf('`npx cdktf output <stack>`'));
    const known = new Set([...Object.values(CHARTS).map((c) => c.version), ...[RUNNER_IMAGE, DIND_IMAGE].map((i) => i.slice(i.lastIndexOf(':') + 1).replace(/-dind$/, ''))]);
    return [...table.matchAll(/\bv?\d+\.\d+\.\d+\b/g)].map((m) => m[0]).filter((v) => !known.has(v));
  };

  it('the README stack table names only pinned versions', () => {
    expect(staleStackTableVersions(readme)).toEqual([]);
  });

  it('fails if the README stack table keeps a version that is no longer pinned', () => {
    expect(staleStackTableVersions(readme.replace(`\`dex\` (${CHARTS.dex.version}, dex)`, '`dex` (0.22.0, dex)'))).toEqual(['0.22.0']);
  });

  it('fails if the README lost its markers: the message names them', () => {
    expect(() => withGeneratedSection('# README\n', 'chart versions', 'x')).toThrow('README.md has no "<!-- BEGIN chart versions (npm run docs) -->" ... "<!-- END chart versions -->" section');
  });

  // The compiled command once (its exit code and output as the program), the other cases in process.
  const checkProcess = () => spawnSync(process.execPath, [join(ROOT, 'dist', 'lib', 'cli', 'docs.js'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  const check = (...args: string[]) => inProcess('docs', ['--check', ...args]);

  it('npm run docs -- --check exits 0 on the committed file', () => {
    const r = checkProcess();
    expect(check()).toEqual({ status: r.status, stdout: r.stdout, stderr: r.stderr });
    expect([r.status, r.stdout]).toEqual([0, 'docs/architecture.md is fresh\ndocs/management.md is fresh\nREADME.md (chart versions, environment fields, management graph) is fresh\nschemas/tenant.json is fresh\nschemas/environment.production.json is fresh\nschemas/environment.non-production.json is fresh\nschemas/environment.local.json is fresh\n']);
  });

  it('fails if the file is stale: --check exits 1 and says what to run', () => {
    const file = join(ROOT, 'docs', 'architecture.md');
    const committed = readFileSync(file, 'utf8');
    try {
      writeFileSync(file, committed.replace('stack_otc --> stack_forgejo', 'stack_otc --> stack_coder'));
      const r = check();
      expect([r.status, r.stderr]).toEqual([1, 'docs: docs/architecture.md is stale: run `npm run docs` and commit the result\n']);
    } finally {
      writeFileSync(file, committed);
    }
  });

  it('fails if the README chart versions are stale: --check exits 1 and says what to run', () => {
    const file = join(ROOT, 'README.md');
    try {
      writeFileSync(file, readme.replace(`| \`dex\` | 0.23.0 | ${CHARTS.dex.version} |`, '| `dex` | 0.23.0 | 0.22.0 |'));
      const r = check();
      expect([r.status, r.stderr]).toEqual([1, 'docs: README.md (chart versions, environment fields, management graph) is stale: run `npm run docs` and commit the result\n']);
    } finally {
      writeFileSync(file, readme);
    }
  });

  it('fails if given an argument: exit 2 with the usage', () => {
    const r = check('extra');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^docs: expected no arguments, got "extra"\n\nUsage: npm run docs/);
  });
});

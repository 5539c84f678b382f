/** docs/architecture.md is generated from the code and must be fresh (`npm run docs`). */
import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { architectureModel } from '../../lib/ops/docs/model';
import { renderArchitecture } from '../../lib/ops/docs/render';
import { STACKS } from '../../lib/platform/catalogue/index';
import { ROOT } from '../support/synth';

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
    expect(forgejo.applications).toContainEqual({ name: 'forgejo-server', namespace: 'gitea', charts: ['forgejo 12.0.0', 'raw 2.0.0'] });
    expect(generated).toContain('    stack_otc --> stack_forgejo\n');
    expect(generated).toContain('helm_release argo-cd 9.1.5');
    expect(generated).not.toMatch(/TfToken|\$\{/);
  });

  it('shows the infra constructs with the references between them', () => {
    const cluster = model.infra.find((p) => p.id === 'Cluster')!;
    expect(cluster.types).toContain('cce_cluster_v3');
    expect(cluster.uses).toEqual(['Encryption', 'Network']);
    expect(generated).toContain('    LoadBalancer --> Dns\n');
  });

  const check = (...args: string[]) => spawnSync(process.execPath, [join(ROOT, 'dist', 'lib', 'cli', 'docs.js'), '--check', ...args], { cwd: ROOT, encoding: 'utf8' });

  it('npm run docs -- --check exits 0 on the committed file', () => {
    const r = check();
    expect([r.status, r.stdout]).toEqual([0, 'docs/architecture.md is fresh\n']);
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

  it('fails if given an argument: exit 2 with the usage', () => {
    const r = check('extra');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^docs: expected no arguments, got "extra"\n\nUsage: npm run docs/);
  });
});

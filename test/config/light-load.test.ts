/**
 * Loading and refusing environment files loads neither cdktf nor a provider package: the stack
 * rules come from the catalogue's declarations (lib/platform/catalogue/declarations.ts), and the
 * program loads the stack modules only to synthesize. `--help` and a refused run stay fast.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NONPROD_TENANT, envTree } from '../support/env-tree';
import { HEAVY_REPORT as REPORT, heavyOf, reportedSmallSynth } from '../support/reported-synth';
import { ROOT } from '../support/synth';

/** REPORT as a file to preload (`-r`). */
const reportDir = mkdtempSync(join(tmpdir(), 'edp-light-'));
afterAll(() => rmSync(reportDir, { recursive: true, force: true }));
function reportFile(): string {
  const file = join(reportDir, 'report.js');
  writeFileSync(file, REPORT);
  return file;
}

/** Runs the compiled program with `preloads` and returns its exit code and the heavy packages it loaded. */
function run(args: readonly string[], environments: string, preloads: readonly string[] = [], env: NodeJS.ProcessEnv = {}) {
  const main = join(ROOT, 'dist', 'main.js');
  // The program itself (main.ts runs only as `require.main`), with the report preloaded last.
  const r = spawnSync(process.execPath, [...preloads.flatMap((p) => ['-r', p]), '-r', reportFile(), main, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', EDP_ENVIRONMENTS_DIR: environments, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, heavy: heavyOf(r.stderr) };
}

describe('node dist/main.js before synthesis', () => {
  const root = envTree({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc, nosuchstack]\n' });
  const environments = join(root, 'environments');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a bad environment file without loading cdktf or a provider', () => {
    const r = run([], environments);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nosuchstack');
    expect(r.heavy).toEqual([]);
  });

  it('prints --help without loading cdktf or a provider', () => {
    const r = run(['--help'], environments);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: npm run synth');
    expect(r.heavy).toEqual([]);
  });

  it('fails if the loading path imports cdktf or a provider (planted: a preloaded import)', () => {
    const r = run([], environments, ['cdktf', '@cdktf/provider-opentelekomcloud/lib/vpc-v1']);
    expect(r.status).toBe(1);
    expect(r.heavy).toEqual(['@cdktf/provider-opentelekomcloud', 'cdktf']);
  });

  it('loads them to synthesize (the check sees a real load)', () => {
    // The run's synth of a one-environment tree with this report preloaded (../support/reported-synth.ts).
    const r = reportedSmallSynth();
    expect(r.status).toBe(0);
    expect(heavyOf(r.stderr)).toEqual(expect.arrayContaining(['cdktf', '@cdktf/provider-opentelekomcloud']));
  });
});

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
import { ROOT } from '../support/synth';

/**
 * Preloaded into the child: on exit, prints the heavy packages it loaded as one JSON line on
 * stderr, from node_modules or from the linked program's package files (dist/vendor/<name>.js).
 */
const REPORT = `process.on('exit', () => {
  const heavy = new Set(Object.keys(require.cache).map((f) => (/node_modules[\\\\/]((?:@cdktf[\\\\/]provider-[^\\\\/]+)|cdktf)[\\\\/]/.exec(f) ?? /[\\\\/]vendor[\\\\/]((?:@cdktf\\+provider-[^\\\\/]+)|cdktf)\\.js$/.exec(f))?.[1]?.replace('+', '/')).filter(Boolean));
  process.stderr.write('\\nheavy: ' + JSON.stringify([...heavy].sort().map((h) => h.replace(/\\\\/g, '/'))) + '\\n');
})`;

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
  const line = /\nheavy: (.*)\n$/.exec(r.stderr);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, heavy: line ? (JSON.parse(line[1]) as string[]) : undefined };
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
    const good = envTree({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' });
    try {
      const r = run([], join(good, 'environments'), [], { CDKTF_OUTDIR: join(good, 'out') });
      expect(r.status).toBe(0);
      expect(r.heavy).toEqual(expect.arrayContaining(['cdktf', '@cdktf/provider-opentelekomcloud']));
    } finally {
      rmSync(good, { recursive: true, force: true });
    }
  });
});

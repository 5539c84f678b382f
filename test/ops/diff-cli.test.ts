/**
 * `npm run diff` end to end, in a scratch git repository holding a copy of this checkout (never
 * by committing here): it must show exactly what a change to one environment file changed, and
 * nothing for the stacks it did not touch.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { main } from '../../main';
import { Json } from '../../lib/ops/diff/values';
import { ROOT, shippedStacks } from '../support/synth';
import { CliResult, NO_STACK_TRACE, cleanUp, cli, inProcessAsync, tempDir } from './helpers';

afterAll(cleanUp);

function git(repo: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.invalid', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.invalid' },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A git repository with this checkout's files (tracked and new) committed on main. */
function scratchRepo(): string {
  const repo = tempDir('edp-diff-repo-');
  const files = git(ROOT, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
  for (const file of files) {
    if (file.startsWith('test/')) continue;
    try {
      mkdirSync(join(repo, file, '..'), { recursive: true });
      cpSync(join(ROOT, file), join(repo, file), { preserveTimestamps: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // deleted in the working tree
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'), 'dir');
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, '.git', 'info', 'exclude'), 'node_modules\n'); // a symlink here, which .gitignore's node_modules/ does not match
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  return repo;
}

/** Runs the diff command in `repo` with its own TMPDIR, so leftovers can be seen. */
function diff(repo: string, args: string[]): CliResult & { tmp: string } {
  const tmp = tempDir('edp-diff-tmp-');
  return { ...cli('diff', args, { cwd: repo, env: { TMPDIR: tmp } }), tmp };
}

/** The program's main in this process (test/cli.test.ts runs node dist/main.js). */
async function synth(environmentsDir: string): Promise<Map<string, Json>> {
  const out = tempDir('edp-diff-out-');
  let stderr = '';
  const status = await main([], { env: { ...process.env, CDKTF_OUTDIR: out, EDP_ENVIRONMENTS_DIR: environmentsDir }, root: ROOT, stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) } });
  if (status !== 0) throw new Error(stderr);
  return new Map(readdirSync(join(out, 'stacks')).map((id) => [id, JSON.parse(readFileSync(join(out, 'stacks', id, 'cdk.tf.json'), 'utf8')) as Json]));
}

/** Independent of the tool: the top-level blocks (`resource.<type>.<name>`, `provider.<type>`, ...) whose JSON differs. */
function changedBlocks(a: Json, b: Json): string[] {
  const blocks = (tf: Json) => {
    const out = new Map<string, string>();
    const strip = (_: string, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([k]) => k !== '//')) : v);
    for (const [section, content] of Object.entries(tf as Record<string, Record<string, Json>>)) {
      if (section === '//') continue;
      for (const [key, value] of Object.entries(content)) {
        if (section === 'resource' || section === 'data') for (const [name, body] of Object.entries(value as Record<string, Json>)) out.set(`${section}.${key}.${name}`, JSON.stringify(body, strip));
        else out.set(`${section}.${key}`, JSON.stringify(value, strip));
      }
    }
    return out;
  };
  const x = blocks(a);
  const y = blocks(b);
  return [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k)).sort();
}

const toolAddress = (a: string) => (/^(provider|terraform|output|data|locals|variable|module)\./.test(a) ? a.replace(/^provider\.([^.]+).*$/, 'provider.$1') : `resource.${a}`);

describe('npm run diff in a scratch repository', () => {
  let repo: string;
  beforeAll(() => {
    repo = scratchRepo();
    git(repo, 'checkout', '-q', '-b', 'feature');
  });

  it('against the previous commit, shows exactly what a change to one environment file changed', async () => {
    const file = join(repo, 'environments', 'nonprod', 'test-me.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('flavor: s3.xlarge.4', 'flavor: s3.2xlarge.4').replace('count: 2', 'count: 3'));
    git(repo, 'commit', '-q', '-am', 'test-me: bigger nodes');
    // Anything outside environments/ may change the program: the ref is then compiled on its own.
    const pkg = join(repo, 'package.json');
    const pkgText = readFileSync(pkg, 'utf8');
    writeFileSync(pkg, pkgText.replace('"private": true', '"private": true, "x-scratch": 1'));

    const r = diff(repo, ['HEAD~1', '--json']);
    expect(r.stderr).not.toMatch(NO_STACK_TRACE);
    expect(r.stderr).toContain('Compiling and synthesizing HEAD~1');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { base: string; stacks: { id: string; kind: string; blocks: { address: string }[] }[] };
    expect(report.base).toMatch(/^HEAD~1 \([0-9a-f]{7}\)$/);

    // Cross-check with a plain comparison of both synthesized trees. Before the change the scratch
    // repository's environments are this checkout's: the run's shared synth of them (the same
    // program; only cdktf's "//" metadata differs, which the comparison leaves out).
    const a = new Map([...shippedStacks()].map(([id, json]) => [id, JSON.parse(json) as Json]));
    const b = await synth(join(repo, 'environments'));
    expect(report.stacks.map((s) => s.id)).toEqual([...a.keys()]);
    for (const s of report.stacks) {
      const expected = changedBlocks(a.get(s.id)!, b.get(s.id)!);
      expect([s.id, s.kind]).toEqual([s.id, expected.length ? 'changed' : 'unchanged']);
      expect([s.id, [...new Set(s.blocks.map((x) => toolAddress(x.address)))].sort()]).toEqual([s.id, expected]);
    }
    // The stacks the file does not feed are untouched.
    const others = report.stacks.filter((s) => s.id !== 'nonprod-test-me');
    expect(others.length).toBeGreaterThanOrEqual(3);
    expect(others.map((s) => s.kind)).toEqual(others.map(() => 'unchanged'));
    expect(readdirSync(r.tmp)).toEqual([]);
    writeFileSync(pkg, pkgText);
  });

  it('by default against the merge base with main: committed and uncommitted changes, as Markdown', () => {
    writeFileSync(join(repo, 'environments', 'nonprod', 'extra.yaml'), 'stacks: [core, otc]\n');
    const tenant = join(repo, 'environments', 'nonprod', 'tenant.yaml');
    writeFileSync(tenant, readFileSync(tenant, 'utf8').replace(/^acmeEmail: .*$/m, 'acmeEmail: letsencrypt@t09.de'));

    const r = diff(repo, ['--markdown', '--exit-code']);
    expect(r.stderr).toContain('(the program is the same)');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^### Config diff: main, merge base [0-9a-f]{7} -> working tree\n/);
    expect(r.stdout).toContain('| `nonprod-extra` | new stack, ');
    expect(r.stdout).toMatch(/\| `nonprod-test-me` \| (\d+ added, )?(\d+ removed, )?\d+ changed \|/);
    for (const id of ['local-kind', 'prod-edp', 'prod-observability']) expect(r.stdout).toContain(`| \`${id}\` | unchanged |`);
    expect(r.stdout).toMatch(/spec\.acme\.email: admin@think-ahead\.tech -> letsencrypt@t09\.de\n/);
    expect(readdirSync(r.tmp)).toEqual([]);
  });

  it('fails if the working tree does not synthesize: exit 2 with the problems, never "changed"', () => {
    const broken = join(repo, 'environments', 'nonprod', 'broken.yaml');
    writeFileSync(broken, 'stacks: [core, gitlab]\n');
    const r = diff(repo, ['HEAD', '--exit-code']);
    rmSync(broken);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('diff: the working tree does not synthesize:\n1 problem in environments/:\nenvironments/nonprod/broken.yaml: stacks[1]: expected one of core, otc,');
    expect(r.stderr).not.toMatch(NO_STACK_TRACE);
    expect(readdirSync(r.tmp)).toEqual([]);
  });

  it('fails if the ref is unknown: exit 2, one clear line', async () => {
    const r = await inProcessAsync('diff', ['no-such-branch'], { cwd: repo });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('diff: unknown git ref "no-such-branch" (expected a branch, tag or commit of this repository, e.g. main, origin/main, HEAD~1)\n');
  });

  it.each([
    [['a', 'b'], 'expected at most one git ref, got 2'],
    [['--markdown', '--json'], 'choose one of --markdown and --json'],
    [['HEAD', '--merge-base', 'main'], 'give either a git ref or --merge-base, not both'],
    [['--since', 'main'], 'unknown option "--since"'],
    [['--', '-x'], 'expected a git ref, got "-x"'],
    [['--merge-base', 'nope'], 'unknown git ref "nope" (expected a branch, tag or commit of this repository, e.g. main, origin/main, HEAD~1)'],
  ])('fails if the arguments are %j: exit 2', async (args, message) => {
    // In process: the command's end-to-end runs are the cases above.
    const r = await inProcessAsync('diff', args, { cwd: repo });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`diff: ${message}`);
  });
});

describe('npm run diff outside a repository', () => {
  it('fails if there is no git checkout: exit 2', () => {
    const r = cli('diff', [], { cwd: tempDir('edp-not-a-repo-') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^diff: .* is not inside a git checkout; the config diff compares git commits\n$/);
  });
});

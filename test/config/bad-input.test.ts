/**
 * The bad-input corpus (test/bad-input/README.md): every case is a broken environments/ tree and
 * the exact lines it must produce, from the loader or, for mistakes only synth can see, from the
 * policy. Cases with a case.json (links, named pipes, generated files, the output folder) run
 * the program's `main` over a previous output: in this process (main.ts returns its exit code and
 * writes through the streams it is given), except the cases whose regression would be a hang
 * (a named pipe, a link to a device), which run `node dist/main.js`, killed after 60 s.
 * UPDATE_BAD_INPUT=1 writes what each case produces into its expected.txt (review the diff).
 */
import { App } from 'cdktf';
import { execFileSync, spawn } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join, relative } from 'path';
import { main } from '../../main';
import { ConfigError } from '../../lib/config/errors';
import { loadEnvironments } from '../../lib/config/load';
import { EnvironmentStack } from '../../lib/environment-stack';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { checkPolicy, errorLines } from '../../lib/policy/report';
import { envTree } from '../support/env-tree';
import { ROOT } from '../support/synth';

const CORPUS = join(ROOT, 'test', 'bad-input');
const EXPECTED = 'expected.txt';
const SPECIAL = 'case.json';
const cases = readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory()).sort();

function filesOf(dir: string, base = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, filesOf(full, base));
    else if (full !== join(base, EXPECTED) && full !== join(base, SPECIAL)) files[relative(base, full).split('\\').join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}

/** The case's tree; tenant folders named like a shipped tenant borrow its tenant.yaml. */
function treeOf(name: string, special: readonly string[] = []): Record<string, string> {
  const files = filesOf(join(CORPUS, name));
  for (const tenant of new Set([...Object.keys(files), ...special].filter((p) => p.includes('/')).map((p) => p.split('/')[0]))) {
    const shipped = join(ROOT, 'environments', tenant, 'tenant.yaml');
    if (!files[`${tenant}/tenant.yaml`] && !special.includes(`${tenant}/tenant.yaml`) && existsSync(shipped)) files[`${tenant}/tenant.yaml`] = readFileSync(shipped, 'utf8');
  }
  return files;
}

/** What a synth of the tree prints: the loader's problems, else the policy's errors. */
function run(files: Record<string, string>): string[] {
  const root = envTree(files);
  try {
    const envs = loadEnvironments({ root, stacks: STACK_RULES });
    const app = new App({ outdir: tmpdir(), stackTraces: false });
    for (const env of envs) new EnvironmentStack(app, env);
    checkPolicy(app);
    return errorLines(app);
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n');
    throw e;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function expected(name: string): { comments: string[]; lines: string[] } {
  const text = readFileSync(join(CORPUS, name, EXPECTED), 'utf8').split('\n').filter((l) => l !== '');
  return { comments: text.filter((l) => l.startsWith('#')), lines: text.filter((l) => !l.startsWith('#')) };
}

/**
 * What a file system can hold but a folder of committed files cannot. Paths are relative to the
 * case's environments/ folder.
 */
interface Special {
  /** Symbolic links: path -> target, verbatim. */
  readonly symlinks?: Readonly<Record<string, string>>;
  /** Named pipes (mkfifo). */
  readonly pipes?: readonly string[];
  /** Empty folders. */
  readonly folders?: readonly string[];
  /** Generated files: path -> pieces [text, times]; "{i}" in a text is the repetition's index. */
  readonly generated?: Readonly<Record<string, readonly (readonly [string, number])[]>>;
  /** Files given as base64 (bytes that are no text). */
  readonly base64?: Readonly<Record<string, string>>;
  /** EDP_ENVIRONMENTS_DIR, relative to the environments/ folder. */
  readonly environmentsDir?: string;
  /** CDKTF_OUTDIR is a file, or lies below one. */
  readonly outdir?: 'file' | 'below-a-file';
}

function specialOf(name: string): Special | undefined {
  const path = join(CORPUS, name, SPECIAL);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Special) : undefined;
}

/** Generated file texts by case and path: made once, written for each run of the case (up to 5 MB). */
const generated = new Map<string, string>();

function generatedText(name: string, path: string, pieces: readonly (readonly [string, number])[]): string {
  const key = `${name}\0${path}`;
  let text = generated.get(key);
  if (text === undefined) generated.set(key, (text = pieces.map(([piece, times]) => Array.from({ length: times }, (_, i) => piece.split('{i}').join(String(i))).join('')).join('')));
  return text;
}

/** Builds the case's tree with its special entries; returns the project root. */
function buildSpecial(name: string, special: Special): string {
  const paths = [...Object.keys(special.symlinks ?? {}), ...(special.pipes ?? []), ...(special.folders ?? []), ...Object.keys(special.generated ?? {}), ...Object.keys(special.base64 ?? {})];
  const root = envTree(treeOf(name, paths));
  const at = (p: string) => {
    const full = join(root, 'environments', p);
    mkdirSync(dirname(full), { recursive: true });
    return full;
  };
  for (const [p, target] of Object.entries(special.symlinks ?? {})) symlinkSync(target, at(p));
  for (const p of special.pipes ?? []) execFileSync('mkfifo', [at(p)]);
  for (const p of special.folders ?? []) mkdirSync(at(p), { recursive: true });
  for (const [p, pieces] of Object.entries(special.generated ?? {})) writeFileSync(at(p), generatedText(name, p, pieces));
  for (const [p, data] of Object.entries(special.base64 ?? {})) writeFileSync(at(p), Buffer.from(data, 'base64'));
  return root;
}

/** A previous synth's output, to prove that a failed run leaves it as it was. */
const PREVIOUS: Record<string, string> = {
  'manifest.json': '{"previous": true}\n',
  'stacks/nonprod-x/cdk.tf.json': '{"previous": true}\n',
  'stacks/nonprod-x/.terraform.lock.hcl': '# previous\n',
};

function snapshot(dir: string): Record<string, string> {
  if (!existsSync(dir)) return {};
  if (statSync(dir).isFile()) return { '': readFileSync(dir, 'utf8') };
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const full = join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

type Ran = { status: number | null; signal: string | null; stdout: string; stderr: string };

/** The cases whose regression would be a hang (reading a pipe or a device never ends). */
function mayHang(special: Special): boolean {
  return (special.pipes ?? []).length > 0 || Object.values(special.symlinks ?? {}).some((target) => target.startsWith('/dev/'));
}

/** The program's `main` in this process, with the given environment on top of this one's. */
async function synthInProcess(env: NodeJS.ProcessEnv): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const status = await main([], {
    env: { ...process.env, ...env },
    root: ROOT,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { status, signal: null, stdout, stderr };
}

/** `node dist/main.js` as `npm run synth` runs it, killed after 60 s (a hang). */
function synth(env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr });
    });
  });
}

interface SynthRun {
  readonly status: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  /** What it printed on stderr, with the temporary folders' names replaced. */
  readonly lines: string[];
  readonly seconds: number;
  /** The previous output before and after the run, and staging folders left in it. */
  readonly before: Record<string, string>;
  readonly after: Record<string, string>;
  readonly staging: string[];
}

/** Runs the program on the case, over a previous output. */
async function runSynth(name: string, special: Special): Promise<SynthRun> {
  const root = buildSpecial(name, special);
  const scratch = mkdtempSync(join(tmpdir(), 'edp-out-'));
  try {
    let outdir = join(scratch, 'cdktf.out');
    if (special.outdir === 'file' || special.outdir === 'below-a-file') {
      writeFileSync(outdir, 'a file, not a folder\n');
      if (special.outdir === 'below-a-file') outdir = join(outdir, 'out');
    } else {
      for (const [p, text] of Object.entries(PREVIOUS)) {
        mkdirSync(dirname(join(outdir, p)), { recursive: true });
        writeFileSync(join(outdir, p), text);
      }
    }
    const before = snapshot(join(scratch, 'cdktf.out'));
    const environments = join(root, 'environments', special.environmentsDir ?? '');
    const started = Date.now();
    const r = await (mayHang(special) ? synth : synthInProcess)({ CDKTF_OUTDIR: outdir, EDP_ENVIRONMENTS_DIR: environments });
    const seconds = (Date.now() - started) / 1000;
    // The tree lies outside the project: name its files as if it were environments/.
    // The loader names files relative to the project (ROOT): "../../tmp/edp-env-x/environments"
    // or, from a checkout in /tmp, "../edp-env-x/environments".
    const lines = r.stderr
      .split(`${relative(ROOT, root)}/`).join('<root>/')
      .split(root).join('<root>')
      .split(scratch).join('<scratch>')
      .replace(/(\.\.\/)+[^ ]*?<root>\/environments/g, 'environments')
      .replace(/<root>\/environments/g, 'environments')
      .split('\n')
      .filter((l) => l !== '');
    const staging = existsSync(outdir) && statSync(outdir).isDirectory() ? readdirSync(outdir).filter((n) => n.startsWith('.staging-')) : [];
    return { status: r.status, signal: r.signal, stdout: r.stdout, lines, seconds, before, after: snapshot(join(scratch, 'cdktf.out')), staging };
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

it('holds at least 88 cases, each with a comment and at least one expected line', () => {
  expect(cases.length).toBeGreaterThanOrEqual(88);
  for (const name of cases) {
    const { comments, lines } = expected(name);
    expect([name, comments.length > 0, lines.length > 0]).toEqual([name, true, true]);
  }
});

function check(name: string, produced: string[]): void {
  if (process.env.UPDATE_BAD_INPUT) {
    writeFileSync(join(CORPUS, name, EXPECTED), [...expected(name).comments, ...produced, ''].join('\n'));
  }
  expect(produced).toEqual(expected(name).lines);
}

const inProcess = cases.filter((name) => !specialOf(name));
const throughProgram = cases.filter((name) => specialOf(name));

it.each(inProcess)('%s', (name) => check(name, run(treeOf(name))));

describe('through the program (main, in process; node dist/main.js where a case may hang)', () => {
  const runs = new Map<string, SynthRun>();
  // All before the checks: the child processes two at a time (most of their time is Node
  // starting), the in-process runs one after the other, meanwhile.
  beforeAll(async () => {
    const children = throughProgram.filter((name) => mayHang(specialOf(name)!));
    const worker = async () => {
      for (let name = children.shift(); name; name = children.shift()) runs.set(name, await runSynth(name, specialOf(name)!));
    };
    const inProcess = async () => {
      for (const name of throughProgram.filter((n) => !mayHang(specialOf(n)!))) runs.set(name, await runSynth(name, specialOf(name)!));
    };
    await Promise.all([worker(), worker(), inProcess()]);
  }, 600_000);

  it('runs the cases that may hang, and only those, as a child process', () => {
    expect(throughProgram.filter((name) => mayHang(specialOf(name)!))).toEqual(['named-pipe-environment-file', 'named-pipe-tenant-file', 'symlink-to-device']);
  });

  it('gives the same answer in process a second time (no state left between runs)', async () => {
    for (const name of throughProgram.filter((n) => !mayHang(specialOf(n)!))) {
      const again = await runSynth(name, specialOf(name)!);
      const first = runs.get(name)!;
      expect([name, again.status, again.stdout, again.lines, again.staging]).toEqual([name, first.status, first.stdout, first.lines, first.staging]);
    }
  });

  it.each(throughProgram)('%s', (name) => {
    const r = runs.get(name)!;
    expect({ status: r.status, signal: r.signal, stdout: r.stdout }).toEqual({ status: 1, signal: null, stdout: '' });
    expect(r.lines.filter((l) => /^\s+at /.test(l))).toEqual([]); // no stack trace
    // It ends by itself (a hang is killed after 60 s). On an idle machine: a second or two; the
    // bound leaves room for a test machine busy with other jobs.
    expect(r.seconds).toBeLessThan(45);
    expect(r.after).toEqual(r.before); // the previous output as it was
    expect(r.staging).toEqual([]);
    check(name, r.lines);
  });
});

/**
 * `tsc -p <project>` with TypeScript's incremental state kept between runs, under
 * `<cacheDir>/<project hash>.tsbuildinfo` (node_modules/.cache/edp-tsc for the project itself).
 * The result is the same as a full check: TypeScript records in the state a hash of every file it
 * read (sources, declarations in node_modules, lib files), the compiler options and its own
 * version, and checks again every file whose inputs changed, or all of them; errors are kept in
 * the state and reported again. Each run works on its own copy of the state and publishes it by
 * renaming, so runs at once never read a half-written one.
 *
 * An unchanged tree still costs tsc its parse of every file (about 6 s of CPU for the project).
 * So a clean result is also recorded, in `<state>.clean`: the hash of the state it came from and
 * of what decides which files tsc reads (its version, the tsconfig files, the root files the
 * config names today, the installed packages). The next run reuses it, without starting tsc, only
 * while all of that is the same and every file the state lists still has the content hash tsc
 * recorded for it (tsc's own hash: sha256 of the text). Anything else runs tsc.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { ROOT } from './shared';

export interface TypeCheckResult {
  readonly status: number | null;
  /** What tsc printed (stdout and stderr): empty when there is no error. */
  readonly output: string;
  /** True when the recorded clean result was reused and tsc did not run. */
  readonly reused: boolean;
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** The state's file list with the content hash tsc recorded for each (tsc's BuildInfo format). */
interface BuildInfo {
  readonly version: string;
  readonly fileNames: readonly string[];
  readonly fileInfos: ReadonlyArray<string | { readonly version: string }>;
}

/**
 * What decides which files tsc reads and how: tsc's version, the project's tsconfig and every
 * config it extends, the root files the config names now (a new file changes them), and the
 * installed packages (node_modules/.package-lock.json, which npm rewrites on every install).
 */
function inputsOf(cwd: string, project: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const file = resolve(cwd, project);
  const json = ts.readJsonConfigFile(file, ts.sys.readFile);
  const parsed = ts.parseJsonSourceFileConfigFileContent(json, ts.sys, dirname(file), undefined, file);
  const configs = [file, ...(json.extendedSourceFiles ?? [])].map((f) => [f, readFileSync(f, 'utf8')]);
  const packages = join(ROOT, 'node_modules', '.package-lock.json');
  return sha256(JSON.stringify([ts.version, configs, [...parsed.fileNames].sort(), existsSync(packages) ? readFileSync(packages, 'utf8') : null]));
}

/** Whether every file the state lists still has the content tsc read. */
function unchanged(state: string, stateText: string): boolean {
  const info = JSON.parse(stateText) as BuildInfo;
  return info.fileNames.every((name, i) => {
    const recorded = info.fileInfos[i];
    const path = resolve(dirname(state), name);
    return existsSync(path) && sha256(readFileSync(path, 'utf8')) === (typeof recorded === 'string' ? recorded : recorded.version);
  });
}

/** Runs tsc with `args` in `cwd`: exit status and everything it printed. */
export type Tsc = (args: readonly string[], cwd: string) => { status: number | null; output: string };

/** tsc as its own process (bin/tsc), as `npm run build` runs it. */
export const tscProcess: Tsc = (args, cwd) => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
};

/**
 * tsc's command line in this process (`ts.executeCommandLine`, what bin/tsc runs), with its
 * output collected and its exit caught: for small projects, where starting a process and loading
 * TypeScript cost ten times the check itself.
 */
export const tscInProcess: Tsc = (args, cwd) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript') & { executeCommandLine(sys: import('typescript').System, cb: () => void, args: readonly string[]): void };
  let output = '';
  const exited = Symbol('exit');
  let status: number | null = null;
  const sys: import('typescript').System = {
    ...ts.sys,
    write: (text) => void (output += text),
    writeOutputIsTTY: () => false,
    getCurrentDirectory: () => cwd,
    exit: (code) => {
      status = code ?? 0;
      throw exited;
    },
  };
  try {
    ts.executeCommandLine(sys, () => undefined, args.map((a, i) => (args[i - 1] === '-p' || args[i - 1] === '--tsBuildInfoFile' ? resolve(cwd, a) : a)));
  } catch (e) {
    if (e !== exited) throw e;
  }
  return { status, output };
};

export function typeCheck(cwd: string, project: string, cacheDir = join(ROOT, 'node_modules', '.cache', 'edp-tsc'), tsc: Tsc = tscProcess): TypeCheckResult {
  const key = createHash('sha256').update(resolve(cwd, project)).digest('hex').slice(0, 16);
  const state = join(cacheDir, `${key}.tsbuildinfo`);
  const clean = `${state}.clean`;
  const mine = `${state}.${process.pid}`;
  mkdirSync(cacheDir, { recursive: true });
  const inputs = inputsOf(cwd, project);
  if (existsSync(state) && existsSync(clean)) {
    const stateText = readFileSync(state, 'utf8');
    const record = JSON.parse(readFileSync(clean, 'utf8')) as { state: string; inputs: string };
    if (record.state === sha256(stateText) && record.inputs === inputs && unchanged(state, stateText)) return { status: 0, output: '', reused: true };
  }
  if (existsSync(state)) copyFileSync(state, mine);
  try {
    const r = tsc(['-p', project, '--incremental', '--tsBuildInfoFile', mine], cwd);
    const output = r.output;
    if (existsSync(mine)) {
      const stateText = readFileSync(mine, 'utf8');
      renameSync(mine, state);
      // The record names the state it belongs to: another run's state published meanwhile never passes for clean.
      if (r.status === 0 && output === '') {
        writeFileSync(`${clean}.${process.pid}`, JSON.stringify({ state: sha256(stateText), inputs }));
        renameSync(`${clean}.${process.pid}`, clean);
      }
    }
    return { status: r.status, output, reused: false };
  } finally {
    rmSync(mine, { force: true });
  }
}

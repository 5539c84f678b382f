/**
 * Synthesizes a checkout offline into a given output folder, the way `npm run synth` does:
 * compile with the project's TypeScript, then `node dist/main.js` with `CDKTF_OUTDIR`.
 */
import { spawnSync } from 'child_process';
import { Dirent, existsSync, readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';
import { EXIT, OpsError } from '../cli';

/** Exit code of a command stopped by Ctrl-C, as shells report it. */
const INTERRUPTED = 130;
/** A side that does not compile or synthesize: no comparison, and never "changed" (1). */
const CANNOT_COMPARE = EXIT.usage;

function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...extra };
  if (!('EDP_ENVIRONMENTS_DIR' in extra)) delete env.EDP_ENVIRONMENTS_DIR;
  return env;
}

function tail(text: string, lines = 20): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}

/** `tsc -p tsconfig.json` in `dir` with the TypeScript of `nodeModules` (incremental where the project says so). */
export function compile(dir: string, nodeModules: string, label: string): void {
  const tsc = join(nodeModules, 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) throw new OpsError(`no TypeScript in ${nodeModules}; run npm ci first`, CANNOT_COMPARE);
  const r = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8', env: childEnv({}) });
  if (r.signal) throw new OpsError(`compiling ${label} was interrupted (${r.signal})`, INTERRUPTED);
  if (r.status !== 0) throw new OpsError(`${label} does not compile:\n${tail(r.stdout + r.stderr)}`, CANNOT_COMPARE);
}

/** Newest modification time of the program's sources (main.ts, tsconfig.json, lib/**\/*.ts). */
function newestSource(dir: string): number {
  let newest = 0;
  const visit = (path: string, entry?: Dirent) => {
    if (entry?.isDirectory()) {
      for (const e of readdirSync(path, { withFileTypes: true })) visit(join(path, e.name), e);
    } else if (!entry || entry.name.endsWith('.ts')) {
      if (existsSync(path)) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  visit(join(dir, 'main.ts'));
  visit(join(dir, 'tsconfig.json'));
  if (existsSync(join(dir, 'lib'))) for (const e of readdirSync(join(dir, 'lib'), { withFileTypes: true })) visit(join(dir, 'lib', e.name), e);
  return newest;
}

/**
 * Compiles `dir` unless its last build is newer than every source (as after `npm run build`,
 * which `npm run diff` runs first): saves a second type-check of an unchanged program.
 */
export function compileIfStale(dir: string, nodeModules: string, label: string): void {
  const buildInfo = join(dir, 'dist', '.tsbuildinfo');
  if (existsSync(buildInfo) && existsSync(join(dir, 'dist', 'main.js')) && statSync(buildInfo).mtimeMs >= newestSource(dir)) return;
  compile(dir, nodeModules, label);
}

/**
 * Runs `<dir>/dist/main.js` into `outdir`; `environmentsDir` reads another environments folder.
 * Returns stack id -> cdk.tf.json text.
 */
export function synthesize(dir: string, outdir: string, label: string, environmentsDir?: string): Map<string, string> {
  const extra: Record<string, string> = { CDKTF_OUTDIR: outdir };
  if (environmentsDir) extra.EDP_ENVIRONMENTS_DIR = environmentsDir;
  const r = spawnSync(process.execPath, [join(dir, 'dist', 'main.js')], { cwd: dir, encoding: 'utf8', env: childEnv(extra), maxBuffer: 64 * 1024 * 1024 });
  if (r.signal) throw new OpsError(`synthesizing ${label} was interrupted (${r.signal})`, INTERRUPTED);
  if (r.status !== 0) throw new OpsError(`${label} does not synthesize:\n${tail(r.stderr || r.stdout)}`, CANNOT_COMPARE);
  // A program from before CDKTF_OUTDIR existed writes to its own cdktf.out.
  const stacksDir = [join(outdir, 'stacks'), join(dir, 'cdktf.out', 'stacks')].find((d) => existsSync(d));
  const stacks = new Map<string, string>();
  if (!stacksDir) return stacks;
  for (const id of readdirSync(stacksDir).sort()) {
    const file = join(stacksDir, id, 'cdk.tf.json');
    if (existsSync(file)) stacks.set(id, readFileSync(file, 'utf8'));
  }
  return stacks;
}

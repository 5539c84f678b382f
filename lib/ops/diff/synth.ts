/**
 * Synthesizes a checkout offline into a given output folder, the way `npm run synth` does:
 * build (./build: transpile with the checkout's TypeScript), then `node dist/main.js` with
 * `CDKTF_OUTDIR`.
 */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { BuildError, buildFolderOf, ensureBuild } from '../build';
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

/**
 * Brings `<dir>/dist` up to date with `dir`'s sources, with the fast build every command runs
 * (lib/ops/build: transpile only what changed, no type-check). Nothing to do for a working tree
 * that `npm run diff` has just built; for a git ref, the outputs of every source that has the
 * same content as in the build this command runs from are taken from there.
 */
export function build(dir: string, label: string): void {
  if (!existsSync(join(dir, 'node_modules', 'typescript'))) throw new OpsError(`no TypeScript in ${join(dir, 'node_modules')}; run npm ci first`, CANNOT_COMPARE);
  const own = buildFolderOf(__dirname);
  try {
    ensureBuild(dir, { reuse: own ? [own] : [] });
  } catch (e) {
    if (e instanceof BuildError) throw new OpsError(`${label} does not compile:\n${tail(e.message)}`, CANNOT_COMPARE);
    throw e;
  }
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

/**
 * `tsc -p <project>` with TypeScript's incremental state kept between runs, under
 * `<cacheDir>/<project hash>.tsbuildinfo` (node_modules/.cache/edp-tsc for the project itself).
 * The result is the same as a full check: TypeScript records in the state a hash of every file it
 * read (sources, declarations in node_modules, lib files), the compiler options and its own
 * version, and checks again every file whose inputs changed, or all of them; errors are kept in
 * the state and reported again. Here an unchanged tree costs parsing only, about a third of a full
 * check (docs/performance.md). Each run works on its own copy of the state and publishes it by
 * renaming, so runs at once never read a half-written one.
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { ROOT } from './shared';

export interface TypeCheckResult {
  readonly status: number | null;
  /** What tsc printed (stdout and stderr): empty when there is no error. */
  readonly output: string;
}

export function typeCheck(cwd: string, project: string, cacheDir = join(ROOT, 'node_modules', '.cache', 'edp-tsc')): TypeCheckResult {
  const key = createHash('sha256').update(resolve(cwd, project)).digest('hex').slice(0, 16);
  const state = join(cacheDir, `${key}.tsbuildinfo`);
  const mine = `${state}.${process.pid}`;
  mkdirSync(cacheDir, { recursive: true });
  if (existsSync(state)) copyFileSync(state, mine);
  try {
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', project, '--incremental', '--tsBuildInfoFile', mine], { cwd, encoding: 'utf8' });
    if (existsSync(mine)) renameSync(mine, state);
    return { status: r.status, output: r.stdout + r.stderr };
  } finally {
    rmSync(mine, { force: true });
  }
}

/** The few git operations the config diff needs; every failure becomes a clear OpsError. */
import { spawnSync } from 'child_process';
import { EXIT, OpsError } from '../cli';

/**
 * Paths whose content cannot change what the program synthesizes. When nothing outside them
 * differs between a ref and the working tree, the ref synthesizes with this checkout's compiled
 * program and only its environments/ folder (no second compile).
 */
const NOT_PROGRAM = ['environments', 'test', 'docs', '.forgejo', '.ci', '*.md', '.gitignore', 'node_modules', 'dist', '.dist-*', 'cdktf.out'];

export function git(cwd: string, args: readonly string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new OpsError(`could not run git: ${r.error.message}`, EXIT.usage);
  if (r.status !== 0) throw new OpsError(`git ${args[0]} failed: ${r.stderr.trim()}`, EXIT.usage);
  return r.stdout;
}

/** Top folder of the git checkout around `cwd`. */
export function repoRoot(cwd: string): string {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new OpsError(`${cwd} is not inside a git checkout; the config diff compares git commits`, EXIT.usage);
  return r.stdout.trim();
}

/** The commit a ref names, or a usage error naming the ref. */
export function resolveCommit(root: string, ref: string): string {
  if (ref.startsWith('-')) throw new OpsError(`expected a git ref, got "${ref}"`, EXIT.usage);
  const r = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new OpsError(`unknown git ref "${ref}" (expected a branch, tag or commit of this repository, e.g. main, origin/main, HEAD~1)`, EXIT.usage);
  return r.stdout.trim();
}

/** The first of `branches` that exists, for the default comparison. */
export function firstExisting(root: string, branches: readonly string[]): string | undefined {
  return branches.find((b) => spawnSync('git', ['rev-parse', '--verify', '--quiet', `${b}^{commit}`], { cwd: root }).status === 0);
}

export function mergeBase(root: string, a: string, b: string): string {
  const r = spawnSync('git', ['merge-base', a, b], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new OpsError(`${a} and ${b} have no common commit; name a ref to compare with: npm run diff -- <ref>`, EXIT.usage);
  return r.stdout.trim();
}

/** True when anything that can change the synthesized output differs between `commit` and the working tree. */
export function programChangedSince(root: string, commit: string): boolean {
  const excludes = NOT_PROGRAM.map((p) => `:(exclude)${p}`);
  const tracked = spawnSync('git', ['diff', '--quiet', commit, '--', '.', ...excludes], { cwd: root });
  if (tracked.status !== 0) return true;
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '--', '.', ...excludes]);
  return untracked.trim() !== '';
}

/** Writes the tree of `commit` (or some of its paths) into `dest`. */
export function extractTree(root: string, commit: string, dest: string, paths: readonly string[] = []): void {
  const archive = spawnSync('git', ['archive', '--format=tar', commit, ...paths], { cwd: root, maxBuffer: 1024 * 1024 * 1024 });
  if (archive.status !== 0) throw new OpsError(`git archive ${commit} failed: ${archive.stderr.toString().trim()}`, EXIT.usage);
  const tar = spawnSync('tar', ['-x', '-f', '-', '-C', dest], { input: archive.stdout });
  if (tar.status !== 0) throw new OpsError(`could not unpack ${commit}: ${tar.stderr.toString().trim()}`, EXIT.usage);
}

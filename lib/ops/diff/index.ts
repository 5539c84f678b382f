/**
 * `npm run diff`: what a change does to the synthesized stacks, offline. Synthesizes a git ref
 * (default: the merge base with main) and the working tree into temporary folders and compares
 * them per stack and per block (./stacks.ts, ./values.ts).
 *
 * The ref is synthesized with its own program (git archive, this checkout's node_modules, the
 * fast build of lib/ops/build, `node dist/main.js`), unless nothing but environments, tests and docs differ: then this
 * checkout's compiled program reads the ref's environments/ folder, which gives the same output
 * without a second compile.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EXIT, OpsError } from '../cli';
import { extractTree, firstExisting, mergeBase, programChangedSince, repoRoot, resolveCommit } from './git';
import { DiffReport } from './render';
import { diffApps } from './stacks';
import { build, synthesize } from './synth';

export interface DiffOptions {
  /** Any folder inside the checkout. */
  readonly cwd: string;
  /** Ref to compare the working tree with. @default - the merge base of HEAD and `mergeBaseWith` */
  readonly ref?: string;
  /** @default - `main`, else `origin/main` */
  readonly mergeBaseWith?: string;
  /** Progress messages (stderr in the CLI). */
  readonly log?: (message: string) => void;
}

const short = (sha: string) => sha.slice(0, 7);

function baseCommit(root: string, options: DiffOptions): { sha: string; label: string } {
  if (options.ref !== undefined) {
    const sha = resolveCommit(root, options.ref);
    return { sha, label: `${options.ref} (${short(sha)})` };
  }
  const branch = options.mergeBaseWith ?? firstExisting(root, ['main', 'origin/main']);
  if (branch === undefined) throw new OpsError('there is no branch main or origin/main to compare with; name a ref: npm run diff -- <ref>', EXIT.usage);
  resolveCommit(root, branch);
  const sha = mergeBase(root, 'HEAD', branch);
  return { sha, label: `${branch}, merge base ${short(sha)}` };
}

/** Runs `work` with a temporary folder that is removed afterwards, also after Ctrl-C. */
function withTempDir<T>(work: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'edp-diff-'));
  // Without a handler Node would die on the signal before `finally` removes the folder; the
  // running child gets the signal too, so the synchronous work ends with an error right away.
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  try {
    return work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    process.off('SIGINT', ignore);
    process.off('SIGTERM', ignore);
  }
}

export function runDiff(options: DiffOptions): DiffReport {
  const log = options.log ?? (() => undefined);
  const root = repoRoot(options.cwd);
  const nodeModules = join(root, 'node_modules');
  if (!existsSync(join(root, 'package.json')) || !existsSync(nodeModules)) throw new OpsError(`${root} has no package.json or node_modules; run npm ci first`, EXIT.usage);
  const base = baseCommit(root, options);

  return withTempDir((tmp) => {
    log('Synthesizing the working tree');
    build(root, 'the working tree');
    const after = synthesize(root, join(tmp, 'after'), 'the working tree');

    let before: Map<string, string>;
    if (!programChangedSince(root, base.sha)) {
      log(`Synthesizing the environments of ${base.label} (the program is the same)`);
      const src = join(tmp, 'before-src');
      mkdirSync(src);
      extractTree(root, base.sha, src, ['environments']);
      before = synthesize(root, join(tmp, 'before'), base.label, join(src, 'environments'));
    } else {
      log(`Compiling and synthesizing ${base.label}`);
      const src = join(tmp, 'before-src');
      mkdirSync(src);
      extractTree(root, base.sha, src);
      rmSync(join(src, 'node_modules'), { recursive: true, force: true }); // should a ref hold one
      symlinkSync(nodeModules, join(src, 'node_modules'), 'dir');
      const lock = (dir: string) => (existsSync(join(dir, 'package-lock.json')) ? readFileSync(join(dir, 'package-lock.json'), 'utf8') : '');
      if (lock(src) !== lock(root)) log(`Note: ${base.label} locks other dependencies; it is synthesized with this checkout's node_modules`);
      build(src, base.label);
      before = synthesize(src, join(tmp, 'before'), base.label);
    }
    return { base: base.label, head: 'working tree', stacks: diffApps(before, after) };
  });
}

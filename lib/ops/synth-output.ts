/**
 * The output folder of a synth (`cdktf.out/`): a staging folder beside it that only a complete
 * synth publishes, staging folders of killed runs removed by the next run (never those of a run
 * still going), and Terraform's working files in `stacks/<id>/` kept across synths.
 */
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import { join } from 'path';

const STAGING = '.staging-';

/**
 * What `terraform init` (and the guarded flow's plan) writes into a stack folder and a synth
 * keeps: the providers and modules, the lock file with the provider checksums. Everything else in
 * the folder is the synth's and is replaced.
 */
export const TERRAFORM_WORKING_FILES: readonly string[] = ['.terraform', '.terraform.lock.hcl'];

/** A folder that cannot be written: one line, exit 1, nothing changed. */
export class OutputError extends Error {
  constructor(outdir: string, e: unknown) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EACCES' || code === 'EPERM' ? 'permission denied'
      : code === 'EEXIST' || code === 'ENOTDIR' ? 'a file stands where a folder is needed'
      : code === 'EROFS' ? 'the file system is read-only'
      : code === 'ENOSPC' ? 'no space left on the device'
      : (code ?? (e instanceof Error ? e.message : String(e)));
    super(`${outdir}: expected a folder the synth can write, got one it cannot (${why})`);
    this.name = 'OutputError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Staging folders whose run is gone (killed, crashed); a folder of a live run stays. */
export function staleStagingFolders(outdir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(outdir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(STAGING))
    .filter((name) => {
      const pid = Number(/^\.staging-(\d+)-/.exec(name)?.[1]);
      // Folders without a process id come from older versions, which never left one behind alive.
      return !Number.isInteger(pid) || pid === process.pid || !isAlive(pid);
    })
    .map((name) => join(outdir, name));
}

/** Creates the output folder if needed, removes stale staging folders, returns a new staging folder. */
export function openStaging(outdir: string, label = outdir): string {
  try {
    mkdirSync(outdir, { recursive: true });
    for (const stale of staleStagingFolders(outdir)) rmSync(stale, { recursive: true, force: true });
    // Next to the old output (same file system, so publishing is a rename).
    return mkdtempSync(join(outdir, `${STAGING}${process.pid}-`));
  } catch (e) {
    throw new OutputError(label, e);
  }
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Moves a complete synth into the output folder: top-level files replace the old ones; each stack
 * folder keeps its Terraform working files and gets the new synth's files; stack folders of
 * environments that no longer exist go. Returns the stack ids written.
 */
export function publish(staging: string, outdir: string, label = outdir): string[] {
  try {
    const stacks = isFolder(join(staging, 'stacks')) ? readdirSync(join(staging, 'stacks')).sort() : [];
    const target = join(outdir, 'stacks');
    if (!isFolder(target)) rmSync(target, { recursive: true, force: true });
    if (stacks.length > 0) mkdirSync(target, { recursive: true });
    if (isFolder(target)) for (const old of readdirSync(target)) if (!stacks.includes(old)) rmSync(join(target, old), { recursive: true, force: true });
    for (const id of stacks) {
      const from = join(staging, 'stacks', id);
      const to = join(target, id);
      if (!isFolder(to)) rmSync(to, { recursive: true, force: true });
      mkdirSync(to, { recursive: true });
      for (const old of readdirSync(to)) if (!TERRAFORM_WORKING_FILES.includes(old)) rmSync(join(to, old), { recursive: true, force: true });
      for (const entry of readdirSync(from)) renameSync(join(from, entry), join(to, entry));
    }
    for (const entry of readdirSync(staging)) {
      if (entry === 'stacks') continue;
      rmSync(join(outdir, entry), { recursive: true, force: true });
      renameSync(join(staging, entry), join(outdir, entry));
    }
    return stacks;
  } catch (e) {
    throw new OutputError(label, e);
  }
}

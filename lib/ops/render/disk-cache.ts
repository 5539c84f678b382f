/**
 * A folder of files named by key, kept to a size: the renderer's caches (Helm's output, the CRD
 * validators, what charts read) under `node_modules/.cache/`. A file is written whole and then
 * renamed, so a reader never sees half of one; a read marks the file read now (its modification
 * time); a write removes the files read least recently until the rest fit in `maxBytes`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';

export interface DiskCache {
  readonly dir: string;
  /** The files' ending, `.json`. */
  readonly suffix: string;
  /** Bytes kept at most. */
  readonly maxBytes: number;
}

/**
 * `node_modules/.cache/<name>` of the project this program runs from, found from an installed
 * dependency (the renderer's helpers have no project root at hand): the same folder whether the
 * code runs compiled from `dist/` or under jest.
 */
export function cacheDir(name: string): string {
  return join(dirname(require.resolve('yaml/package.json')), '..', '.cache', name);
}

export function keptFileOf(cache: DiskCache, key: string): string {
  return join(cache.dir, `${key}${cache.suffix}`);
}

/** The kept text for a key (marked read now), if any. */
export function readKept(cache: DiskCache, key: string): string | undefined {
  const file = keptFileOf(cache, key);
  if (!existsSync(file)) return undefined;
  try {
    const text = readFileSync(file, 'utf8');
    const now = new Date();
    utimesSync(file, now, now);
    return text;
  } catch {
    return undefined; // removed meanwhile by another run keeping the folder to its size
  }
}

/** Keeps a text under a key, then keeps the folder to its size. */
export function keep(cache: DiskCache, key: string, text: string): void {
  mkdirSync(cache.dir, { recursive: true });
  const file = keptFileOf(cache, key);
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
  prune(cache);
}

function prune(cache: DiskCache): void {
  const entries = readdirSync(cache.dir)
    .filter((n) => n.endsWith(cache.suffix))
    .flatMap((n) => {
      try {
        const s = statSync(join(cache.dir, n));
        return [{ path: join(cache.dir, n), size: s.size, read: s.mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.read - a.read);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > cache.maxBytes) rmSync(e.path, { force: true });
  }
}

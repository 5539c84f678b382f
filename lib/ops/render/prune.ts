/** Keeping a cache folder to a size: the files read least recently go first. */
import { readdirSync, rmSync, statSync } from 'fs';
import { join } from 'path';

/** Removes the files ending in `suffix` read least recently (oldest modification time: readers touch what they read) until the rest fit in `maxBytes`. */
export function pruneByLastRead(dir: string, suffix: string, maxBytes: number): void {
  const entries = readdirSync(dir)
    .filter((n) => n.endsWith(suffix))
    .flatMap((n) => {
      try {
        const s = statSync(join(dir, n));
        return [{ path: join(dir, n), size: s.size, read: s.mtimeMs }];
      } catch {
        return [];
      }
    })
    .sort((a, b) => b.read - a.read);
  let total = 0;
  for (const e of entries) {
    total += e.size;
    if (total > maxBytes) rmSync(e.path, { force: true });
  }
}

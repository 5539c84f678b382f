/**
 * `node_modules/.cache/<name>` of the project this program runs from, found from an installed
 * dependency (the renderer's helpers have no project root at hand): the same folder whether the
 * code runs compiled from `dist/` or under jest.
 */
import { dirname, join } from 'path';

export function cacheDir(name: string): string {
  return join(dirname(require.resolve('yaml/package.json')), '..', '.cache', name);
}

/**
 * Helm's output, kept on disk. `helm template` gives the same text for the same inputs: the files
 * of the chart folder, the values, the arguments and Helm itself. So a render asked again with all
 * of them the same reads the text Helm wrote the last time instead of starting Helm (about 5 s of
 * CPU for the Argo CD chart alone).
 *
 * - Where: `node_modules/.cache/edp-helm-output/<key>.json`: Helm's text and the objects parsed
 *   from it (parsing the YAML costs more than Helm's own run on a hit). The key is the sha256 of Helm's path
 *   and version, every file below the chart folder (relative path and content, subcharts
 *   included), and the arguments with the values file's content in place of its path.
 * - What is kept: successful renders only. An error is always Helm's answer of this run.
 * - Size: at most 256 MB; the renders read least recently go first.
 * - Off: `EDP_RENDER_CACHE=off`, and every render runs Helm.
 */
import { createHash } from 'crypto';
import { join } from 'path';
import { chartDigest } from './chart-cache';
import { DiskCache, keep, readKept } from './disk-cache';
import type { Helm } from './helm';

export type OutputCache = DiskCache;

const MAX_BYTES = 256 * 1024 * 1024;

/** The project's output cache, or none when `EDP_RENDER_CACHE=off`. */
export function outputCache(root: string, env: NodeJS.ProcessEnv = process.env): OutputCache | undefined {
  if (env.EDP_RENDER_CACHE === 'off') return undefined;
  return { dir: join(root, 'node_modules', '.cache', 'edp-helm-output'), suffix: '.json', maxBytes: MAX_BYTES };
}

/** The key of one `helm template` run: Helm, the chart's content, the arguments, the values. */
export function outputKey(helm: Helm, chartDir: string, args: readonly string[], values: string): string {
  return createHash('sha256').update(JSON.stringify([helm.path, helm.version, chartDigest(chartDir), args, values])).digest('hex');
}

/** A kept render: Helm's text, exactly, and the objects parsed from it. */
export interface KeptOutput<T> {
  readonly manifest: string;
  readonly objects: T;
}

/** The kept output for a key, if any. */
export function readOutput<T>(cache: OutputCache, key: string): KeptOutput<T> | undefined {
  const text = readKept(cache, key);
  return text === undefined ? undefined : (JSON.parse(text) as KeptOutput<T>);
}

/**
 * Keeps an output. Not kept when JSON cannot carry the objects exactly (a YAML `.nan` or `.inf`):
 * such a render runs Helm again.
 */
export function writeOutput<T>(cache: OutputCache, key: string, output: KeptOutput<T>): void {
  let exact = true;
  const text = JSON.stringify(output, (_k, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) exact = false;
    return v;
  });
  if (exact) keep(cache, key, text);
}

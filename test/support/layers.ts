/**
 * The import direction of lib/ (HELPERS rule 4, README "Layers"): every folder under lib/ is a
 * layer of one tier, and a file imports only its own layer and the layers of lower tiers, never
 * a layer of its own tier or of a higher one. main.ts is the top tier.
 *
 *   util <- config <- contracts <- providers <- infra, platform, policy <- environment-stack <- ops <- cli, main
 */
import { preProcessFile } from 'typescript';
import { dirname, join, normalize } from 'path';

/** Lowest tier first; layers of one tier never import each other. */
export const LAYER_TIERS: readonly (readonly string[])[] = [
  ['util'],
  ['config'],
  ['contracts'],
  ['providers'],
  ['infra', 'platform', 'policy'],
  ['environment-stack'],
  ['ops'],
  ['cli', 'main'],
];

const TIER = new Map(LAYER_TIERS.flatMap((layers, tier) => layers.map((l) => [l, tier] as const)));

/** The layer of a repository path: `lib/<layer>/...`, or `main` for main.ts; undefined outside. */
export function layerOf(path: string): string | undefined {
  if (path === 'main.ts') return 'main';
  const m = /^lib\/([^/]+)\//.exec(path);
  return m?.[1];
}

export interface SourceFile {
  /** Repository-relative, `/`-separated: `lib/config/load.ts`. */
  readonly path: string;
  readonly text: string;
}

/** One line per import against the direction: file, line, imported module, the rule it breaks. */
export function importViolations(files: readonly SourceFile[]): string[] {
  const problems: string[] = [];
  const rule = LAYER_TIERS.map((t) => t.join(', ')).join(' <- ');
  for (const file of files) {
    const from = layerOf(file.path);
    const fromTier = from === undefined ? undefined : TIER.get(from);
    if (from === undefined || fromTier === undefined) {
      problems.push(`${file.path}: lies in no layer: lib/${from ?? '?'}/ is not one of ${[...TIER.keys()].filter((l) => l !== 'main').join(', ')} (add it to LAYER_TIERS in test/support/layers.ts and to the README's layers)`);
      continue;
    }
    for (const ref of preProcessFile(file.text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue; // packages and node: builtins
      const target = normalize(join(dirname(file.path), ref.fileName)).split('\\').join('/');
      const to = target === 'main' ? 'main' : layerOf(`${target}/`);
      const line = file.text.slice(0, ref.pos).split('\n').length;
      const where = `${file.path}:${line}: imports ${target}`;
      if (to === undefined) {
        problems.push(`${where}, which lies outside lib/ (layers import only lib/)`);
        continue;
      }
      if (to === from) continue;
      const toTier = TIER.get(to);
      if (toTier === undefined) problems.push(`${where}, which lies in no layer (lib/${to}/)`);
      else if (toTier === fromTier) problems.push(`${where}: ${from} and ${to} are layers of one tier and never import each other (${rule})`);
      else if (toTier > fromTier) problems.push(`${where}: ${from} may not import ${to}, a higher layer (${rule})`);
    }
  }
  return problems;
}

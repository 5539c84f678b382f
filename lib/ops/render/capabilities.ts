/**
 * What a chart's files (its subcharts included) say about how it renders: whether it can define
 * CRDs, and whether it asks which API versions the cluster serves. Read once per chart folder.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

interface ChartFacts {
  readonly definesCrds: boolean;
  /** The API versions the chart asks for by literal (`.Capabilities.APIVersions.Has "x/v1"`). */
  readonly asks: ReadonlySet<string>;
  /** True when some use is no literal `Has` (a variable, printf, the whole list): anything may matter. */
  readonly asksOpaquely: boolean;
}

const CAPABILITY_USE = /\.Capabilities\.APIVersions(\.Has\s+"([^"]+)")?/g;

const known = new Map<string, ChartFacts>();

interface Scan {
  definesCrds: boolean;
  asks: Set<string>;
  asksOpaquely: boolean;
}

function scan(dir: string, facts: Scan): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scan(path, facts);
    else if (/\.(ya?ml|tpl|txt|json)$/.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      facts.definesCrds ||= text.includes('CustomResourceDefinition');
      for (const use of text.matchAll(CAPABILITY_USE)) {
        if (use[2] === undefined) facts.asksOpaquely = true;
        else facts.asks.add(use[2]);
      }
    }
  }
}

function facts(chartDir: string): ChartFacts {
  let f = known.get(chartDir);
  if (!f) {
    const found: Scan = { definesCrds: false, asks: new Set(), asksOpaquely: false };
    scan(chartDir, found);
    f = found;
    known.set(chartDir, f);
  }
  return f;
}

/**
 * True when rendering with `apiVersions` (on top of the built-in ones) can give another result
 * than without them: the chart asks for one of them, or asks in a way that cannot be read.
 */
export function asksFor(chartDir: string, apiVersions: readonly string[]): boolean {
  const f = facts(chartDir);
  return f.asksOpaquely || apiVersions.some((v) => f.asks.has(v));
}

/** True when the chart may render a CustomResourceDefinition (its files name the kind). */
export function mayDefineCrds(chartDir: string): boolean {
  return facts(chartDir).definesCrds;
}

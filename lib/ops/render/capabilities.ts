/**
 * What a chart's files (its subcharts included) say about how it renders: whether it can define
 * CRDs, and whether it asks which API versions the cluster serves. Read once per chart folder.
 */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

interface ChartFacts {
  readonly definesCrds: boolean;
  readonly readsCapabilities: boolean;
}

const known = new Map<string, ChartFacts>();

function scan(dir: string, facts: { definesCrds: boolean; readsCapabilities: boolean }): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) scan(path, facts);
    else if (/\.(ya?ml|tpl|txt|json)$/.test(entry.name)) {
      const text = readFileSync(path, 'utf8');
      facts.definesCrds ||= text.includes('CustomResourceDefinition');
      facts.readsCapabilities ||= text.includes('.Capabilities.APIVersions');
    }
  }
}

function facts(chartDir: string): ChartFacts {
  let f = known.get(chartDir);
  if (!f) {
    const found = { definesCrds: false, readsCapabilities: false };
    scan(chartDir, found);
    f = found;
    known.set(chartDir, f);
  }
  return f;
}

/** True when the chart gates objects on `.Capabilities.APIVersions`. */
export function readsCapabilities(chartDir: string): boolean {
  return facts(chartDir).readsCapabilities;
}

/** True when the chart may render a CustomResourceDefinition (its files name the kind). */
export function mayDefineCrds(chartDir: string): boolean {
  return facts(chartDir).definesCrds;
}

/** Whether a chart (or one of its subcharts) asks which API versions the cluster serves. */
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const known = new Map<string, boolean>();

function search(dir: string): boolean {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (search(path)) return true;
    } else if (/\.(ya?ml|tpl|txt)$/.test(entry.name) && readFileSync(path, 'utf8').includes('.Capabilities.APIVersions')) {
      return true;
    }
  }
  return false;
}

export function readsCapabilities(chartDir: string): boolean {
  let answer = known.get(chartDir);
  if (answer === undefined) {
    answer = search(chartDir);
    known.set(chartDir, answer);
  }
  return answer;
}

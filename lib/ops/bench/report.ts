/** The benchmark's results as a Markdown table plus the figures the targets are about. */
import { cpus, totalmem } from 'os';
import { markdownTable } from '../table';
import { BenchResult } from './index';
import { Measurement, medianRss, medianWall } from './measure';

/** Targets from the issues (ratios of median wall times; the test suite in seconds). */
export const TARGETS = {
  synthOverFloor: 2,
  appOverSynth: 1.3,
  changedAppOverSynth: 2,
  testSeconds: 40,
  marginalMsPerEnvironment: 15,
} as const;

export interface Figures {
  /** `node dist/main.js` over the floor. */
  readonly synthOverFloor: number;
  /** cdktf.json's `app` with nothing changed over `node dist/main.js`. */
  readonly appOverSynth: number;
  /** cdktf.json's `app` after a one-line change over `node dist/main.js`. */
  readonly changedAppOverSynth: number;
  readonly testSeconds?: number;
  /** (synth of the most generated environments - synth of the fewest) / the difference in number. */
  readonly marginalMsPerEnvironment?: number;
  readonly marginalMbPerEnvironment?: number;
}

export function figures(r: BenchResult): Figures {
  const synth = medianWall(r.synth);
  const base = {
    synthOverFloor: synth / medianWall(r.floor),
    appOverSynth: medianWall(r.app) / synth,
    changedAppOverSynth: medianWall(r.appChanged) / synth,
    ...(r.test ? { testSeconds: medianWall(r.test) / 1000 } : {}),
  };
  if (r.generated.length < 2) return base;
  const sorted = [...r.generated].sort((a, b) => a.count - b.count);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const n = hi.count - lo.count;
  const hiRss = medianRss(hi.measurement);
  const loRss = medianRss(lo.measurement);
  return {
    ...base,
    marginalMsPerEnvironment: (medianWall(hi.measurement) - medianWall(lo.measurement)) / n,
    ...(hiRss !== undefined && loRss !== undefined ? { marginalMbPerEnvironment: (hiRss - loRss) / n } : {}),
  };
}

const ms = (v: number) => `${Math.round(v)} ms`;
const mb = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} MB`);

function row(m: Measurement): string[] {
  const walls = m.runs.map((r) => r.wallMs);
  return [m.label, String(m.runs.length), ms(medianWall(m)), `${ms(Math.min(...walls))} .. ${ms(Math.max(...walls))}`, mb(medianRss(m))];
}

export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 1024 ** 3)} GB RAM, Node ${process.version}, ${process.platform}`;
}

export function renderBench(r: BenchResult): string {
  const f = figures(r);
  const measurements = [r.floor, r.synth, r.app, r.appChanged, r.typeCheck, ...r.generated.map((g) => g.measurement), ...(r.test ? [r.test] : [])];
  const table = markdownTable(['measurement', 'runs', 'median wall', 'range', 'median peak RSS'], measurements.map(row));
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const ratio = (label: string, value: number, target: number) => `- ${label}: ${value.toFixed(2)}x (target <= ${target}x: ${verdict(value <= target)})`;
  const lines = [
    `Machine: ${machine()}`,
    '',
    table,
    ratio('node dist/main.js / floor', f.synthOverFloor, TARGETS.synthOverFloor),
    ratio('app, nothing changed / node dist/main.js', f.appOverSynth, TARGETS.appOverSynth),
    ratio('app, one line changed / node dist/main.js', f.changedAppOverSynth, TARGETS.changedAppOverSynth),
  ];
  if (f.testSeconds !== undefined) lines.push(`- npm test: ${f.testSeconds.toFixed(1)} s (target < ${TARGETS.testSeconds} s: ${verdict(f.testSeconds < TARGETS.testSeconds)})`);
  if (f.marginalMsPerEnvironment !== undefined) {
    const memory = f.marginalMbPerEnvironment === undefined ? '' : ` and ${f.marginalMbPerEnvironment.toFixed(2)} MB`;
    lines.push(`- each further environment: ${f.marginalMsPerEnvironment.toFixed(1)} ms${memory} (target < ${TARGETS.marginalMsPerEnvironment} ms: ${verdict(f.marginalMsPerEnvironment < TARGETS.marginalMsPerEnvironment)})`);
  }
  return `${lines.join('\n')}\n`;
}

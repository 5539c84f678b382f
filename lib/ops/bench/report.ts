/** The benchmark's results as a Markdown table plus the figures the targets are about. */
import { cpus, totalmem } from 'os';
import { markdownTable } from '../table';
import { BenchResult } from './index';
import { Measurement, medianRss, medianWall } from './measure';

/** Targets from the issue. */
export const TARGETS = { synthOverFloor: 1.5, marginalMsPerEnvironment: 15 } as const;

export interface Figures {
  /** Median synth of the shipped environments over the median floor (wall time). */
  readonly synthOverFloor: number;
  /** (synth of the most generated environments - synth of the fewest) / the difference in number. */
  readonly marginalMsPerEnvironment?: number;
  readonly marginalMbPerEnvironment?: number;
}

export function figures(r: BenchResult): Figures {
  const synthOverFloor = medianWall(r.shipped) / medianWall(r.floor);
  if (r.generated.length < 2) return { synthOverFloor };
  const sorted = [...r.generated].sort((a, b) => a.count - b.count);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const n = hi.count - lo.count;
  return {
    synthOverFloor,
    marginalMsPerEnvironment: (medianWall(hi.measurement) - medianWall(lo.measurement)) / n,
    marginalMbPerEnvironment: (medianRss(hi.measurement) - medianRss(lo.measurement)) / n,
  };
}

const ms = (v: number) => `${Math.round(v)} ms`;
const mb = (v: number) => `${Math.round(v)} MB`;

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
  const table = markdownTable(
    ['measurement', 'runs', 'median wall', 'range', 'median peak RSS'],
    [r.build, r.rebuild, r.floor, r.shipped, ...r.generated.map((g) => g.measurement)].map(row),
  );
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const lines = [
    `Machine: ${machine()}`,
    '',
    table,
    `- synth of the shipped environments / floor: ${f.synthOverFloor.toFixed(2)}x (target <= ${TARGETS.synthOverFloor}x: ${verdict(f.synthOverFloor <= TARGETS.synthOverFloor)})`,
  ];
  if (f.marginalMsPerEnvironment !== undefined) {
    lines.push(
      `- each further environment: ${f.marginalMsPerEnvironment.toFixed(1)} ms and ${f.marginalMbPerEnvironment!.toFixed(2)} MB (target < ${TARGETS.marginalMsPerEnvironment} ms: ${verdict(f.marginalMsPerEnvironment < TARGETS.marginalMsPerEnvironment)})`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Runs a Node command several times and records wall time and peak memory of each run. */
import { spawnSync } from 'child_process';
import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { OpsError } from '../cli';

export interface Run {
  readonly wallMs: number;
  /** Peak resident set size of the measured process, in MB. */
  readonly maxRssMb: number;
}

export interface Measurement {
  readonly label: string;
  readonly runs: readonly Run[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export const medianWall = (m: Measurement) => median(m.runs.map((r) => r.wallMs));
export const medianRss = (m: Measurement) => median(m.runs.map((r) => r.maxRssMb));

export interface MeasureOptions {
  readonly cwd: string;
  readonly env?: Record<string, string>;
  readonly runs: number;
  /** Folder for the memory reports. */
  readonly tmp: string;
  /** Runs before each measured run, unmeasured (e.g. remove a build folder). */
  readonly before?: () => void;
}

/** `node --require rss-hook <args>` `runs` times. */
export function measure(label: string, nodeArgs: readonly string[], options: MeasureOptions): Measurement {
  const runs: Run[] = [];
  const rssFile = join(options.tmp, 'rss');
  for (let i = 0; i < options.runs; i++) {
    options.before?.();
    rmSync(rssFile, { force: true });
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--require', join(__dirname, 'rss-hook.js'), ...nodeArgs], {
      cwd: options.cwd,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', ...options.env, EDP_BENCH_RSS_FILE: rssFile },
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new OpsError(`${label} failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).trim().split('\n').slice(-10).join('\n')}`);
    runs.push({ wallMs, maxRssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 });
  }
  return { label, runs };
}

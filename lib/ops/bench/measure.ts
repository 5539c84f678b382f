/** Runs commands several times and records wall time and peak memory of each run. */
import { spawnSync } from 'child_process';
import { existsSync, readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { OpsError } from '../cli';

export interface Run {
  readonly wallMs: number;
  /** Peak resident set size of the measured Node process, in MB; undefined for a command of many processes. */
  readonly maxRssMb?: number;
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
/** Undefined when no run recorded its memory. */
export const medianRss = (m: Measurement): number | undefined => {
  const rss = m.runs.flatMap((r) => (r.maxRssMb === undefined ? [] : [r.maxRssMb]));
  return rss.length === 0 ? undefined : median(rss);
};

/** One thing to measure: a Node process (`nodeArgs`) or a shell command line (`shell`, as cdktf runs its `app`). */
export interface Subject {
  readonly label: string;
  readonly nodeArgs?: readonly string[];
  readonly shell?: string;
  readonly cwd: string;
  readonly env?: Record<string, string>;
  /** Runs before each measured run, unmeasured (e.g. change a source). */
  readonly before?: () => void;
  /** Record the peak memory of the (single) Node process. @default true */
  readonly memory?: boolean;
}

export interface MeasureOptions {
  readonly runs: number;
  /** Folder for the memory reports. */
  readonly tmp: string;
}

function once(subject: Subject, rssFile: string): Run {
  const memory = subject.memory ?? true;
  rmSync(rssFile, { force: true });
  const hook = `--require ${JSON.stringify(join(__dirname, 'rss-hook.js'))}`;
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: '1', ...subject.env };
  if (memory) Object.assign(env, { EDP_BENCH_RSS_FILE: rssFile, NODE_OPTIONS: [process.env.NODE_OPTIONS, hook].filter(Boolean).join(' ') });
  subject.before?.();
  const start = process.hrtime.bigint();
  const r = subject.shell !== undefined
    ? spawnSync(subject.shell, { cwd: subject.cwd, encoding: 'utf8', env, shell: true, maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(process.execPath, subject.nodeArgs ?? [], { cwd: subject.cwd, encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new OpsError(`${subject.label} failed (exit ${r.status ?? r.signal}):\n${(r.stderr || r.stdout).trim().split('\n').slice(-10).join('\n')}`);
  return { wallMs, maxRssMb: memory && existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : undefined };
}

/**
 * Runs every subject `runs` times, taking turns (run 1 of each, then run 2 of each, ...), so that
 * a machine that gets busier or quieter meanwhile shifts all measurements alike.
 */
export function measureAll(subjects: readonly Subject[], options: MeasureOptions, log: (label: string, run: number) => void = () => undefined): Measurement[] {
  const runs: Run[][] = subjects.map(() => []);
  const rssFile = join(options.tmp, 'rss');
  for (let i = 0; i < options.runs; i++) {
    subjects.forEach((subject, s) => {
      log(subject.label, i + 1);
      runs[s].push(once(subject, rssFile));
    });
  }
  return subjects.map((subject, s) => ({ label: subject.label, runs: runs[s] }));
}

/** `node <nodeArgs>` `runs` times in `cwd`. */
export function measure(label: string, nodeArgs: readonly string[], options: MeasureOptions & { readonly cwd: string; readonly env?: Record<string, string>; readonly before?: () => void }): Measurement {
  return measureAll([{ label, nodeArgs, cwd: options.cwd, env: options.env, before: options.before }], options)[0];
}

/**
 * `npm run bench`: what building and synthesizing cost on this machine, against the floor of
 * merely loading cdktf and the four providers. Not a test: numbers go to docs/performance.md.
 *
 * Measured, each `runs` times (median): a clean build (tsc into a temporary folder), a build
 * with nothing changed (what every `npm run synth` pays), the floor, synth of the shipped
 * environments, and synth of 1, 10, 100 generated environments read through EDP_ENVIRONMENTS_DIR.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { generateEnvironments } from './generate';
import { Measurement, measure } from './measure';

export interface BenchOptions {
  readonly root: string;
  readonly runs: number;
  /** Numbers of generated environments. */
  readonly sizes: readonly number[];
  readonly log?: (message: string) => void;
}

export interface BenchResult {
  readonly build: Measurement;
  readonly rebuild: Measurement;
  readonly floor: Measurement;
  readonly shipped: Measurement;
  /** Per size of generated environments. */
  readonly generated: readonly { readonly count: number; readonly measurement: Measurement }[];
}

/** The floor: a Node process that loads cdktf and the four providers by their deep paths, nothing else. */
export const FLOOR_SCRIPT = [
  'cdktf',
  '@cdktf/provider-opentelekomcloud/lib/provider',
  '@cdktf/provider-helm/lib/provider',
  '@cdktf/provider-kubernetes/lib/provider',
  '@cdktf/provider-random/lib/provider',
]
  .map((m) => `require(${JSON.stringify(m)});`)
  .join('');

export function runBench(options: BenchOptions): BenchResult {
  const log = options.log ?? (() => undefined);
  const { root, runs } = options;
  const tmp = mkdtempSync(join(tmpdir(), 'edp-bench-'));
  try {
    const common = { cwd: root, runs, tmp };
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const buildDir = join(tmp, 'build');
    log('build (clean)');
    const build = measure('build (clean)', [tsc, '-p', 'tsconfig.json', '--outDir', buildDir, '--tsBuildInfoFile', join(buildDir, '.tsbuildinfo')], { ...common, before: () => rmSync(buildDir, { recursive: true, force: true }) });
    log('build (nothing changed)');
    const rebuild = measure('build (nothing changed)', [tsc, '-p', 'tsconfig.json'], common);
    log('floor');
    const floor = measure('floor', ['-e', FLOOR_SCRIPT], common);
    const main = join(root, 'dist', 'main.js');
    log('synth of the shipped environments');
    const shipped = measure('synth: shipped environments', [main], { ...common, env: { CDKTF_OUTDIR: join(tmp, 'out-shipped') } });
    const generated = options.sizes.map((count) => {
      const dir = join(tmp, `envs-${count}`);
      mkdirSync(dir);
      generateEnvironments(dir, count);
      log(`synth of ${count} generated environment${count === 1 ? '' : 's'}`);
      const measurement = measure(`synth: ${count} generated`, [main], { ...common, env: { CDKTF_OUTDIR: join(tmp, `out-${count}`), EDP_ENVIRONMENTS_DIR: dir } });
      return { count, measurement };
    });
    return { build, rebuild, floor, shipped, generated };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

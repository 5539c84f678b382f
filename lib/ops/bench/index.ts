/**
 * `npm run bench`: what the commands cost on this machine, against the floor of merely loading
 * cdktf and the four providers. Not a test: numbers go to docs/performance.md.
 *
 * Measured in a scratch copy of the program (its sources and environments, this checkout's
 * node_modules), each `runs` times, taking turns (median): the floor; `node dist/main.js` (synth
 * of the shipped environments); cdktf.json's `app` command (the fast build, then the synth) with
 * nothing changed and after a one-line change to a source; the type-check (`tsc`, part of
 * `npm run build` and `npm test`); synth of 1, 10, 100 generated environments read through
 * EDP_ENVIRONMENTS_DIR. Then `npm test` in this checkout, `testRuns` times.
 */
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { OpsError } from '../cli';
import { generateEnvironments } from './generate';
import { Measurement, Subject, measureAll } from './measure';

export interface BenchOptions {
  readonly root: string;
  readonly runs: number;
  /** Numbers of generated environments. */
  readonly sizes: readonly number[];
  /** Runs of `npm test` (0: not measured). */
  readonly testRuns: number;
  readonly log?: (message: string) => void;
}

export interface BenchResult {
  readonly floor: Measurement;
  /** `node dist/main.js`, the shipped environments. */
  readonly synth: Measurement;
  /** cdktf.json's `app` with nothing changed since the last build. */
  readonly app: Measurement;
  /** cdktf.json's `app` after a one-line change to a source. */
  readonly appChanged: Measurement;
  readonly typeCheck: Measurement;
  /** Per size of generated environments. */
  readonly generated: readonly { readonly count: number; readonly measurement: Measurement }[];
  readonly test?: Measurement;
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

/** What the scratch copy holds of the checkout: everything the program and its build read. */
const PROGRAM = ['main.ts', 'lib', 'environments', 'tsconfig.json', 'package.json', 'cdktf.json'];
/** The source the one-line change goes to: a module every command loads. */
export const CHANGED_SOURCE = join('lib', 'config', 'naming.ts');

/** cdktf.json's `app`: the command cdktf synth/plan/deploy run. */
export function appCommand(root: string): string {
  const app = (JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')) as { app?: unknown }).app;
  if (typeof app !== 'string') throw new OpsError(`${join(root, 'cdktf.json')} has no "app" command`);
  return app;
}

export function runBench(options: BenchOptions): BenchResult {
  const log = options.log ?? (() => undefined);
  const { root, runs } = options;
  const tmp = mkdtempSync(join(tmpdir(), 'edp-bench-'));
  try {
    const copy = join(tmp, 'project');
    for (const entry of PROGRAM) cpSync(join(root, entry), join(copy, entry), { recursive: true });
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    const app = appCommand(copy);
    const out = (name: string) => ({ CDKTF_OUTDIR: join(tmp, `out-${name}`) });
    let change = 0;
    const subjects: Subject[] = [
      { label: 'floor', nodeArgs: ['-e', FLOOR_SCRIPT], cwd: copy },
      { label: 'node dist/main.js', nodeArgs: ['dist/main.js'], cwd: copy, env: out('synth') },
      { label: 'app, nothing changed', shell: app, cwd: copy, env: out('app') },
      { label: 'app, one line changed', shell: app, cwd: copy, env: out('changed'), before: () => appendFileSync(join(copy, CHANGED_SOURCE), `// bench change ${++change}\n`) },
      { label: 'type-check (tsc)', nodeArgs: [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], cwd: copy },
      ...options.sizes.map((count): Subject => {
        const dir = join(tmp, `envs-${count}`);
        mkdirSync(dir);
        generateEnvironments(dir, count);
        return { label: `node dist/main.js, ${count} generated`, nodeArgs: ['dist/main.js'], cwd: copy, env: { ...out(`${count}`), EDP_ENVIRONMENTS_DIR: dir } };
      }),
    ];
    // The app command once, unmeasured: the first build of the copy, which "nothing changed" starts from.
    measureAll([{ label: 'first build', shell: app, cwd: copy, env: out('first'), memory: false }], { runs: 1, tmp });
    const measured = measureAll(subjects, { runs, tmp }, (label, run) => log(`${label} (${run}/${runs})`));
    const [floor, synth, appNothing, appChanged, typeCheck, ...generated] = measured;
    let test: Measurement | undefined;
    if (options.testRuns > 0) {
      test = measureAll([{ label: 'npm test', shell: 'npm test', cwd: root, memory: false }], { runs: options.testRuns, tmp }, (label, run) => log(`${label} (${run}/${options.testRuns})`))[0];
    }
    return {
      floor,
      synth,
      app: appNothing,
      appChanged,
      typeCheck,
      generated: generated.map((measurement, i) => ({ count: options.sizes[i], measurement })),
      test,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

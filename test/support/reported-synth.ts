/**
 * What a `node dist/main.js` process loads, reported by preloads at its exit, and one synth of a
 * small tree (one OTC environment) with both reports, made once per jest run (./shared.ts) for
 * the two files that check what a synth loads: test/config/light-load.test.ts (cdktf and the
 * providers, loaded to synthesize) and test/environment-stack/deferred-archiver.test.ts (cdktf's
 * archiver, not loaded). One process shows both: neither check needs a process of its own.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { NONPROD_TENANT, envTree } from './env-tree';
import { ROOT, shared } from './shared';

/**
 * Preloaded into the child: on exit, prints the heavy packages it loaded as one JSON line on
 * stderr, from node_modules or from the linked program's package files (dist/vendor/<name>.js).
 */
export const HEAVY_REPORT = `process.on('exit', () => {
  const heavy = new Set(Object.keys(require.cache).map((f) => (/node_modules[\\\\/]((?:@cdktf[\\\\/]provider-[^\\\\/]+)|cdktf)[\\\\/]/.exec(f) ?? /[\\\\/]vendor[\\\\/]((?:@cdktf\\+provider-[^\\\\/]+)|cdktf)\\.js$/.exec(f))?.[1]?.replace('+', '/')).filter(Boolean));
  process.stderr.write('\\nheavy: ' + JSON.stringify([...heavy].sort().map((h) => h.replace(/\\\\/g, '/'))) + '\\n');
})`;

/** The heavy packages of a report on `stderr` (undefined without one). */
export function heavyOf(stderr: string): string[] | undefined {
  const line = /\nheavy: (.*)\n$/.exec(stderr);
  return line ? (JSON.parse(line[1]) as string[]) : undefined;
}

export const ARCHIVER_MODULE = join(ROOT, 'dist', 'lib', 'environment-stack', 'deferred-archiver.js');

/** Files of the archiver packages (not the stand-in's own entry) in Node's module cache. */
export const LOADED = `const loaded = () => Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](archiver|archiver-utils|zip-stream)[\\\\/]/.test(f) && f !== file).length;`;

/** Preloaded into the child: on exit, prints `archiver files: <n>` on stderr. */
export const ARCHIVER_REPORT = `process.on('exit', () => { const file = require(${JSON.stringify(ARCHIVER_MODULE)}).archiverFile(); ${LOADED} process.stderr.write('archiver files: ' + loaded() + '\\n'); });`;

export interface ReportedSynth {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `node -r <archiver report> -r <heavy report> dist/main.js` over a tree with one environment
 * (`stacks: [core, otc]`), once per jest run.
 */
export function reportedSmallSynth(): ReportedSynth {
  const made = shared('reported-small-synth', () => {
    const root = envTree({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' });
    const preloads = mkdtempSync(join(tmpdir(), 'edp-reports-'));
    try {
      writeFileSync(join(preloads, 'archiver.js'), ARCHIVER_REPORT);
      writeFileSync(join(preloads, 'heavy.js'), HEAVY_REPORT);
      const r = spawnSync(process.execPath, ['-r', join(preloads, 'archiver.js'), '-r', join(preloads, 'heavy.js'), join(ROOT, 'dist', 'main.js')], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CHECKPOINT_DISABLE: '1', EDP_ENVIRONMENTS_DIR: join(root, 'environments'), CDKTF_OUTDIR: join(root, 'out') },
      });
      return new Map([['run', JSON.stringify({ status: r.status, stdout: r.stdout, stderr: r.stderr })]]);
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(preloads, { recursive: true, force: true });
    }
  });
  return JSON.parse(made.get('run')!) as ReportedSynth;
}

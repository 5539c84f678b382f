/**
 * `npm run bench`: its parts and its arguments. Nothing here is timed: the benchmark is run by
 * hand and its numbers go to docs/performance.md.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import type { BenchResult } from '../../lib/ops/bench';
import { FLOOR_SCRIPT, appCommand } from '../../lib/ops/bench';
import { GENERATED_STACKS, generateEnvironments } from '../../lib/ops/bench/generate';
import { Measurement, median } from '../../lib/ops/bench/measure';
import { figures, renderBench } from '../../lib/ops/bench/report';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { ROOT } from '../support/synth';
import { cleanUp, cli, inProcess, tempDir } from './helpers';

afterAll(cleanUp);

const m = (label: string, walls: number[], rss = 70): Measurement => ({ label, runs: walls.map((wallMs) => ({ wallMs, maxRssMb: rss })) });

describe('bench parts', () => {
  it('takes the median of the runs', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow('median of nothing');
  });

  it('generates valid environments with every stack that needs no other environment', () => {
    const root = tempDir('edp-bench-');
    const ids = generateEnvironments(join(root, 'environments'), 12);
    const envs = loadEnvironments({ root, stacks: STACK_RULES });
    expect(envs.map((e) => e.stackId)).toEqual(ids);
    expect(ids[11]).toBe('bench-env-012');
    expect(new Set(envs.map((e) => e.settings.stacks.join(',')))).toEqual(new Set([GENERATED_STACKS.join(',')]));
  });

  it('loads the floor\'s modules by their deep paths, never a provider package barrel', () => {
    expect(FLOOR_SCRIPT).toBe(
      'require("cdktf");require("@cdktf/provider-opentelekomcloud/lib/provider");require("@cdktf/provider-helm/lib/provider");require("@cdktf/provider-kubernetes/lib/provider");require("@cdktf/provider-random/lib/provider");',
    );
    expect(spawnSync(process.execPath, ['-e', FLOOR_SCRIPT], { cwd: ROOT }).status).toBe(0);
  });

  it('measures wall time and peak memory of each run of a process', () => {
    // The compiled module: its memory hook is the compiled rss-hook.js next to it.
    const { measure } = require(join(ROOT, 'dist', 'lib', 'ops', 'bench', 'measure.js')) as typeof import('../../lib/ops/bench/measure');
    const result = measure('noop', ['-e', 'Buffer.alloc(64 * 1024 * 1024, 1)'], { cwd: ROOT, runs: 2, tmp: tempDir('edp-bench-m-') });
    expect(result.runs).toHaveLength(2);
    for (const run of result.runs) {
      expect(run.wallMs).toBeGreaterThan(0);
      expect(run.maxRssMb).toBeGreaterThan(64);
    }
    expect(() => measure('failing', ['-e', 'process.exit(3)'], { cwd: ROOT, runs: 1, tmp: tempDir('edp-bench-m-') })).toThrow('failing failed (exit 3)');
  });

  it('derives the ratios the targets are about, and says whether they are met', () => {
    const result: BenchResult = {
      floor: m('floor', [200, 220, 210]),
      synth: m('node dist/main.js', [400, 410, 390]),
      app: m('app, nothing changed', [500, 510]),
      appChanged: m('app, one line changed', [810]),
      typeCheck: m('type-check (tsc)', [3000]),
      generated: [
        { count: 1, measurement: m('node dist/main.js, 1 generated', [300], 70) },
        { count: 10, measurement: m('node dist/main.js, 10 generated', [400], 75) },
        { count: 100, measurement: m('node dist/main.js, 100 generated', [2280], 169) },
      ],
      test: { label: 'npm test', runs: [{ wallMs: 39_000 }] },
    };
    expect(figures(result)).toEqual({
      synthOverFloor: 400 / 210,
      appOverSynth: 505 / 400,
      changedAppOverSynth: 810 / 400,
      testSeconds: 39,
      marginalMsPerEnvironment: 20,
      marginalMbPerEnvironment: 1,
    });
    const text = renderBench(result);
    expect(text).toContain('| floor | 3 | 210 ms | 200 ms .. 220 ms | 70 MB |');
    expect(text).toContain('| npm test | 1 | 39000 ms | 39000 ms .. 39000 ms | - |');
    expect(text).toContain('- node dist/main.js / floor: 1.90x (target <= 2x: met)');
    expect(text).toContain('- app, nothing changed / node dist/main.js: 1.26x (target <= 1.3x: met)');
    expect(text).toContain('- app, one line changed / node dist/main.js: 2.02x (target <= 2x: NOT met)');
    expect(text).toContain('- npm test: 39.0 s (target < 40 s: met)');
    expect(text).toContain('- each further environment: 20.0 ms and 1.00 MB (target < 15 ms: NOT met)');
  });

  it('takes turns: run 1 of every subject, then run 2 of every subject', () => {
    const { measureAll } = require(join(ROOT, 'dist', 'lib', 'ops', 'bench', 'measure.js')) as typeof import('../../lib/ops/bench/measure');
    const order: string[] = [];
    const subject = (label: string) => ({ label, nodeArgs: ['-e', '0'], cwd: ROOT, memory: false, before: () => order.push(label) });
    const result = measureAll([subject('a'), subject('b')], { runs: 2, tmp: tempDir('edp-bench-t-') });
    expect(order).toEqual(['a', 'b', 'a', 'b']);
    expect(result.map((r) => [r.label, r.runs.length, r.runs[0].maxRssMb])).toEqual([['a', 2, undefined], ['b', 2, undefined]]);
  });

  it('measures the app command of cdktf.json, the one cdktf synth, plan and deploy run', () => {
    expect(appCommand(ROOT)).toBe('node -r ./lib/ops/build/fresh.js dist/main.js');
  });
});

describe('npm run bench (the command)', () => {
  it.each([
    [['--runs', '0'], 'expected --runs as a whole number from 1 to 50, got "0"'],
    [['--runs', 'many'], 'expected --runs as a whole number from 1 to 50, got "many"'],
    [['--test-runs', '11'], 'expected --test-runs as a whole number from 0 to 10, got "11"'],
    [['--sizes', '1,x'], 'expected --sizes as a whole number from 1 to 999, got "x"'],
    [['fast'], 'expected no arguments, got "fast"'],
  ])('fails if the arguments are %j: exit 2, nothing measured', (args, message) => {
    const r = inProcess('bench', args);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`bench: ${message}`);
    expect(r.stdout).toBe('');
  });

  it('is the same as the compiled command, twice in a row (no state left between runs)', () => {
    const first = inProcess('bench', ['fast']);
    expect(inProcess('bench', ['fast'])).toEqual(first);
    expect(cli('bench', ['fast'])).toEqual(first);
  });
});

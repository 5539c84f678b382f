/**
 * The program lets functions run longer before V8 optimizes them (lib/ops/short-run.ts): a
 * function called a few thousand times stays unoptimized, a hot one is still optimized, and
 * `node dist/main.js` applies it before anything else. Child processes (`--trace-opt`), since V8
 * flags belong to a process.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SHORT_RUN_V8_FLAGS } from '../../lib/ops/short-run';
import { ROOT } from '../support/synth';

const MODULE = join(ROOT, 'dist', 'lib', 'ops', 'short-run.js');
const dir = mkdtempSync(join(tmpdir(), 'edp-short-run-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How often V8 finished optimizing `warm` after `calls` calls, tuned or not. */
function optimizations(tuned: boolean, calls: number): number {
  const script = `${tuned ? `require(${JSON.stringify(MODULE)}).tuneForShortRun();` : ''}
    function warm(o) { let s = 0; for (const k of Object.keys(o)) s += k.length * 2 + (o[k] | 0); return s; }
    let t = 0; const o = { a: 1, bb: 2, ccc: 3, dddd: 4 };
    for (let i = 0; i < ${calls}; i++) t += warm(o);
    if (t <= 0) throw new Error('never');`;
  const r = spawnSync(process.execPath, ['--trace-opt', '-e', script], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout.split('\n').filter((l) => /completed (compiling|optimizing).*JSFunction warm /.test(l)).length;
}

it('keeps a function that runs briefly unoptimized, and fails if untuned V8 would optimize it too (planted: no tuning)', () => {
  expect(optimizations(false, 3200)).toBeGreaterThan(0);
  expect(optimizations(true, 3200)).toBe(0);
});

it('still optimizes a hot function', () => {
  expect(optimizations(true, 50000)).toBeGreaterThan(0);
});

it('is what node dist/main.js sets first (before --help is even read)', () => {
  const preload = join(dir, 'record.js');
  writeFileSync(preload, `const v8 = require('v8'); const set = v8.setFlagsFromString; v8.setFlagsFromString = (f) => { process.stderr.write('v8 flags: ' + f + '\\n'); return set(f); };`);
  const r = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'dist', 'main.js'), '--help'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe(`v8 flags: ${SHORT_RUN_V8_FLAGS}\n`);
});

/** cdktf's token stack traces are off in the program (lib/environment-stack/token-traces.ts) and in every test file (test/support/token-traces.ts). */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { ROOT } from '../support/synth';

const TRACES = join(ROOT, 'node_modules', 'cdktf', 'lib', 'tokens', 'private', 'stack-trace.js');

it('records none once the program has turned them off: cdktf calls captureStackTrace through the patched exports', () => {
  const script = `
    const traces = require(${JSON.stringify(TRACES)});
    const before = traces.captureStackTrace().length;
    require(${JSON.stringify(join(ROOT, 'dist', 'lib', 'environment-stack', 'token-traces.js'))}).skipTokenStackTraces();
    const { Lazy } = require('cdktf');
    const token = Lazy.anyValue({ produce: () => 'x' });
    console.log(JSON.stringify([before > 0, traces.captureStackTrace().length, token.creationStack.length]));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(JSON.parse(r.stdout)).toEqual([true, 0, 0]);
});

it('records none in a test file either (jest setupFiles)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect((require(TRACES) as { captureStackTrace: () => string[] }).captureStackTrace()).toEqual([]);
});

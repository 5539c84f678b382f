/**
 * cdktf's archiver loads only when something uses it (lib/environment-stack/deferred-archiver.ts):
 * a synth without assets never loads it, a use of it gets the real package. Child processes,
 * because jest's module registry is not Node's module cache.
 */
import { spawnSync } from 'child_process';
import { ARCHIVER_MODULE as MODULE, LOADED, reportedSmallSynth } from '../support/reported-synth';
import { ROOT } from '../support/synth';

/** Runs `script` in a child Node in the project root and returns its last stdout line as JSON. */
function child(script: string, args: readonly string[] = []) {
  const r = spawnSync(process.execPath, ['-e', script, ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

it('keeps the archiver unloaded when cdktf loads, and gives the real package at its first use', () => {
  const out = child(`
    const { deferArchiver, archiverFile } = require(${JSON.stringify(MODULE)});
    const file = archiverFile();
    ${LOADED}
    const installed = deferArchiver();
    require(require.resolve('cdktf', { paths: [process.cwd()] }));
    const afterCdktf = loaded();
    const standIn = require(file);
    const archive = standIn('zip', { zlib: { level: 9 } });
    const real = require(file);
    console.log(JSON.stringify({
      installed, afterCdktf, afterUse: loaded() > 0,
      api: [typeof archive.directory, typeof archive.finalize, typeof archive.pipe],
      replaced: real !== standIn, isArchiver: typeof real === 'function' && typeof real.create === 'function',
      again: deferArchiver(),
    }));
  `);
  expect(out).toEqual({ installed: true, afterCdktf: 0, afterUse: true, api: ['function', 'function', 'function'], replaced: true, isArchiver: true, again: false });
});

it('fails if cdktf loads the archiver itself (planted: no stand-in, so the check sees a real load)', () => {
  const out = child(`
    const { archiverFile } = require(${JSON.stringify(MODULE)});
    const file = archiverFile();
    ${LOADED}
    require(require.resolve('cdktf', { paths: [process.cwd()] }));
    console.log(JSON.stringify({ loaded: loaded() }));
  `);
  expect(out.loaded).toBeGreaterThan(0);
});

it('node dist/main.js synthesizes without loading the archiver', () => {
  // The run's synth of a one-environment tree with this report preloaded (../support/reported-synth.ts),
  // and light-load's report of the heavy packages after it.
  const r = reportedSmallSynth();
  expect(r.stdout).toContain('Wrote 1 stack');
  expect(r.stderr.replace(/\nheavy: .*\n$/, '')).toBe('archiver files: 0\n');
});

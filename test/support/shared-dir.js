/**
 * jest globalSetup: one temporary folder for the whole run, removed when jest exits. It becomes
 * TMPDIR of the run (the workers and the processes they start inherit it), so that nothing a
 * test or cdktf leaves in the temporary folder outlives the run: cdktf's `Testing` apps make a
 * `cdktf.outdir.*` folder each and never remove it, and a /tmp holding many thousands of them
 * made every directory listing there slow (esbuild's resolution lists each parent folder).
 * Inside it, the folder for synthesized output that the test files share (test/support/shared.ts).
 */
const { mkdtempSync, mkdirSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = () => {
  const run = mkdtempSync(join(tmpdir(), 'edp-test-run-'));
  process.env.TMPDIR = run;
  const dir = join(run, 'shared');
  mkdirSync(dir);
  process.env.EDP_TEST_SHARED_DIR = dir;
  process.on('exit', () => rmSync(run, { recursive: true, force: true }));
};

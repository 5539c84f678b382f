/**
 * jest globalSetup: the folder for synthesized output that the test files of this run share
 * (test/support/shared.ts), removed when jest exits.
 */
const { mkdtempSync, rmSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

module.exports = () => {
  const dir = mkdtempSync(join(tmpdir(), 'edp-test-shared-'));
  process.env.EDP_TEST_SHARED_DIR = dir;
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
};

/** Unit, snapshot and policy tests. ts-jest only transpiles (isolatedModules); `npm run build` type-checks. */
module.exports = {
  testEnvironment: 'node',
  // Jest's default is one worker less than the cores: a single worker on this two-core machine.
  // Two workers took npm test from 38 s to 27 s here (many tests wait on child processes).
  maxWorkers: 2,
  // The default 5 s per test is a hang guard, not a speed target: on a busy two-core machine the
  // tests that start Node processes take longer (the bench measures speed).
  testTimeout: 60_000,
  roots: ['<rootDir>/test'],
  // A folder where test files share synthesized stacks (test/support/shared.ts).
  globalSetup: '<rootDir>/test/support/shared-dir.js',
  // No cdktf token stack traces in any test file, as in the program's synth.
  setupFiles: ['<rootDir>/test/support/token-traces.ts', '<rootDir>/test/support/deferred-archiver.ts'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};

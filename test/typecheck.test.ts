/**
 * The type-check of the program and the tests (`tsc -p tsconfig.test.json`), as one test file:
 * it runs in a jest worker next to the other files instead of before them all. The commands
 * themselves only transpile (lib/ops/build), so this is where a type error fails `npm test`.
 */
import { spawnSync } from 'child_process';
import { join } from 'path';
import { ROOT } from './support/shared';

it('type-checks main.ts, lib/ and test/ without errors', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.test.json'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

/**
 * Synthesized output shared by the test files of one jest run. The first file that needs a set
 * makes it and stores it as JSON in the run's folder (jest.config.js's globalSetup,
 * ./shared-dir.js); later files, in either worker, read it: no second synth, and no cdktf to
 * load for a file that only reads output. Synthesis is deterministic, so a file that makes a set
 * at the same time as another stores the same. Without the folder (a file loaded outside jest),
 * every call makes its set.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';

export const ROOT = resolve(__dirname, '../..');

/** `name` -> (key -> text), made by `make` once per jest run. */
export function shared(name: string, make: () => Map<string, string>): Map<string, string> {
  const dir = process.env.EDP_TEST_SHARED_DIR;
  const file = dir ? join(dir, `${name}.json`) : undefined;
  if (file && existsSync(file)) return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
  const made = make();
  if (file) {
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, JSON.stringify(Object.fromEntries(made)));
    renameSync(partial, file); // whole or not at all, for the other worker
  }
  return made;
}

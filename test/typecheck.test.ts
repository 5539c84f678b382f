/**
 * The type-check of the program and the tests (`tsc -p tsconfig.test.json`), as one test file:
 * it runs in a jest worker next to the other files instead of before them all. The commands
 * themselves only transpile (lib/ops/build), so this is where a type error fails `npm test`.
 * TypeScript keeps its incremental state between runs (test/support/typecheck.ts); the tests
 * below prove that the state never hides an error a full check finds.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT } from './support/shared';
import { tscInProcess, tscProcess, typeCheck } from './support/typecheck';

it('type-checks main.ts, lib/ and test/ without errors', () => {
  const r = typeCheck(ROOT, 'tsconfig.test.json');
  expect(r.output).toBe('');
  expect(r.status).toBe(0);
}, 120_000);

describe('the kept state of the type-check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'edp-typecheck-'));
  const cache = join(dir, 'cache');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // No lib files (the global types tsc needs are declared in globals.d.ts): each run is quick.
  const tsconfig = (strict: boolean) =>
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict, noEmit: true, noLib: true, types: [] }, include: ['*.ts'] }));
  writeFileSync(join(dir, 'globals.d.ts'), ['Array<T>', 'Boolean', 'CallableFunction', 'Function', 'IArguments', 'NewableFunction', 'Number', 'Object', 'RegExp', 'String'].map((t) => `interface ${t} {}\n`).join(''));
  // tsc's command line in the worker: these projects check in milliseconds, a process costs ~0.25 s.
  const check = () => typeCheck(dir, 'tsconfig.json', cache, tscInProcess);

  it('fails for an unchanged file when an option, or a file it imports, changes; and again on the next run', () => {
    tsconfig(false);
    writeFileSync(join(dir, 'a.ts'), 'export const a: number = 1;\n');
    writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b: number = a;\nexport function f(x) { return x; }\n");
    expect(check()).toEqual({ status: 0, output: '', reused: false });
    // An option: b.ts's untyped parameter is an error under strict.
    tsconfig(true);
    expect(check().output).toMatch(/^b\.ts\(3,19\): error TS7006: /);
    // A file that b.ts imports; b.ts itself is unchanged.
    writeFileSync(join(dir, 'a.ts'), "export const a: string = 'one';\n");
    const changed = check();
    expect(changed.status).not.toBe(0);
    expect(changed.output).toMatch(/^b\.ts\(2,14\): error TS2322: Type 'string' is not assignable to type 'number'\.$/m);
    expect(changed.output).toMatch(/^b\.ts\(3,19\): error TS7006: /m);
    // The errors are kept in the state: the next run reports them again (tsc's exit code then is 1, not 2).
    const again = check();
    expect([again.status !== 0, again.output]).toEqual([true, changed.output]);
    expect(again.reused).toBe(false);
  }, 120_000);

  it('reuses a clean result only while every file tsc read, the config and the root files are unchanged', () => {
    tsconfig(true);
    // lib/c.ts is not a root (the config includes *.ts only): tsc reads it through the import.
    mkdirSync(join(dir, 'lib'), { recursive: true });
    writeFileSync(join(dir, 'lib', 'c.ts'), 'export const c: number = 3;\n');
    writeFileSync(join(dir, 'a.ts'), "import { c } from './lib/c';\nexport const a: number = c;\n");
    writeFileSync(join(dir, 'b.ts'), "import { a } from './a';\nexport const b: number = a;\n");
    expect(check()).toEqual({ status: 0, output: '', reused: false });
    expect(check()).toEqual({ status: 0, output: '', reused: true });
    // A file read through an import changes: tsc runs and finds the error.
    writeFileSync(join(dir, 'lib', 'c.ts'), "export const c: string = 'three';\n");
    expect(check()).toEqual({ status: 2, output: expect.stringMatching(/^a\.ts\(2,14\): error TS2322: /), reused: false });
    writeFileSync(join(dir, 'lib', 'c.ts'), 'export const c: number = 3;\n');
    expect(check()).toEqual({ status: 0, output: '', reused: false });
    // A new root file, even one without an error, runs tsc again (the first test changes the config).
    writeFileSync(join(dir, 'd.ts'), 'export const d = 4;\n');
    expect(check()).toEqual({ status: 0, output: '', reused: false });
    expect(check().reused).toBe(true);
    // A record that belongs to another state (a run at once published its own) is not reused.
    const state = readdirSync(cache).find((f) => f.endsWith('.tsbuildinfo'))!;
    writeFileSync(join(cache, state), `${readFileSync(join(cache, state), 'utf8')} `);
    expect(check().reused).toBe(false);
  }, 120_000);

  it('runs tsc in the worker as bin/tsc runs it: the same status and output', () => {
    tsconfig(true);
    writeFileSync(join(dir, 'e.ts'), 'export function e(x) { return x; }\n');
    const args = ['-p', 'tsconfig.json', '--noEmit'];
    const inWorker = tscInProcess(args, dir);
    expect(inWorker.output).toMatch(/^e\.ts\(1,19\): error TS7006: /);
    expect(inWorker).toEqual(tscProcess(args, dir));
    rmSync(join(dir, 'e.ts'));
  }, 120_000);
});

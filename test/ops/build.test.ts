/**
 * The fast build every command runs first (lib/ops/build): current output for the current
 * sources, no stale module left behind, atomic for commands that run meanwhile.
 */
import { spawn, spawnSync } from 'child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { ROOT } from '../support/synth';
import { cleanUp, tempDir, writeFiles } from './helpers';

// Plain JavaScript, loaded from the sources as the commands' preload does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../lib/ops/build') as typeof import('../../lib/ops/build');

afterAll(cleanUp);

const FRESH = join(ROOT, 'lib', 'ops', 'build', 'fresh.js');

/** A small project: tsconfig.json (the real one), main.ts printing what lib/ gives, node_modules. */
function project(files: Record<string, string>): string {
  const root = tempDir('edp-build-');
  writeFileSync(join(root, 'package.json'), '{}\n');
  cpSync(join(ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  write(root, files);
  return root;
}

const write = writeFiles;

function run(root: string, file = 'main.js'): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(root, 'dist', file)], { cwd: root, encoding: 'utf8' });
}

const buildDirs = (root: string) => readdirSync(root).filter((n) => n.startsWith(build.PREFIX) && lstatSync(join(root, n)).isDirectory());

describe('the fast build', () => {
  it('gives what tsc emits, behind a link to a complete build folder', () => {
    const root = project({ 'main.ts': "import { a } from './lib/a';\nconst x: number = a * 2;\nconsole.log(`a=${x}`);\n", 'lib/a.ts': 'export const a = 21;\n' });
    expect(build.ensureBuild(root)).toEqual({ built: true, transpiled: 2 });
    expect(lstatSync(join(root, 'dist')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(root, 'dist'))).toMatch(/^\.dist-[0-9a-z-]+$/);
    expect(run(root).stdout).toBe('a=42\n');
    // The same JavaScript as tsc's own emit with the project's options. Without the standard
    // library (noLib, declared globals: a tenth of tsc's time), which the emit does not depend on.
    const out = tempDir('edp-build-tsc-');
    writeFileSync(join(out, 'globals.d.ts'), ['Array<T>', 'Boolean', 'CallableFunction', 'Function', 'IArguments', 'NewableFunction', 'Number', 'Object', 'RegExp', 'String', 'TemplateStringsArray'].map((t) => `interface ${t} {}\n`).join('') + 'declare const console: { log(s: string): void };\n');
    writeFileSync(join(root, 'tsconfig.tsc.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { lib: null, noLib: true, types: [], noEmit: false, outDir: out }, files: [join(out, 'globals.d.ts')] }));
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.tsc.json'], { cwd: root, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    // main.ts's own output is main.module.js; main.js links it with the modules it loads.
    for (const [file, emitted] of [['main.module.js', 'main.js'], ['lib/a.js', 'lib/a.js']]) expect([file, readFileSync(join(root, 'dist', file), 'utf8')]).toEqual([file, readFileSync(join(out, emitted), 'utf8')]);
    expect(spawnSync(process.execPath, [join(root, 'dist', 'main.module.js')], { cwd: root, encoding: 'utf8' }).stdout).toBe('a=42\n');
  });

  it('with nothing changed, builds nothing and keeps the published folder', () => {
    const root = project({ 'main.ts': "console.log('x');\n" });
    build.ensureBuild(root);
    const before = realpathSync(join(root, 'dist'));
    expect(build.ensureBuild(root)).toEqual({ built: false, transpiled: 0 });
    expect(realpathSync(join(root, 'dist'))).toBe(before);
  });

  it('after a change, transpiles only the changed file into a new folder and leaves the old one as it was', () => {
    const root = project({ 'main.ts': "import { a } from './lib/a';\nimport { b } from './lib/b';\nconsole.log(a + b);\n", 'lib/a.ts': "export const a = 'a1';\n", 'lib/b.ts': "export const b = 'b1';\n" });
    build.ensureBuild(root);
    const old = realpathSync(join(root, 'dist'));
    write(root, { 'lib/a.ts': "export const a = 'a2';\n" });
    expect(build.ensureBuild(root)).toEqual({ built: true, transpiled: 1 });
    const now = realpathSync(join(root, 'dist'));
    expect(now).not.toBe(old);
    expect(run(root).stdout).toBe('a2b1\n');
    // Unchanged outputs are the same files (hard links); the old build still holds the old code.
    expect(statSync(join(now, 'lib', 'b.js')).ino).toBe(statSync(join(old, 'lib', 'b.js')).ino);
    expect(readFileSync(join(old, 'lib', 'a.js'), 'utf8')).toContain("'a1'");
  });

  it('takes the outputs of sources with the same content from another build (a git ref next to the working tree)', () => {
    const files = { 'main.ts': "import { a } from './lib/a';\nconsole.log(a);\n", 'lib/a.ts': "export const a = 'same';\n" };
    const tree = project(files);
    build.ensureBuild(tree);
    const ref = project({ ...files, 'main.ts': "import { a } from './lib/a';\nconsole.log(a, 'in the ref');\n" });
    expect(build.ensureBuild(ref, { reuse: [realpathSync(join(tree, 'dist'))] })).toEqual({ built: true, transpiled: 1 });
    expect(run(ref).stdout).toBe('same in the ref\n');
    expect(build.buildFolderOf(join(realpathSync(join(tree, 'dist')), 'lib'))).toBe(realpathSync(join(tree, 'dist')));
    expect(build.buildFolderOf(join(tree, 'lib'))).toBeUndefined();
    // Not from a build made with another tsconfig.json: its output could differ.
    const other = project({ ...files, 'lib/b.ts': 'export {};\n' });
    writeFileSync(join(other, 'tsconfig.json'), readFileSync(join(other, 'tsconfig.json'), 'utf8').replace('"target": "ES2022"', '"target": "ES2020"'));
    expect(build.ensureBuild(other, { reuse: [realpathSync(join(tree, 'dist'))] })).toEqual({ built: true, transpiled: 3 });
  });

  it('leaves no output of a moved module behind to shadow the new one', () => {
    // The reason the old build started from an empty dist/: lib/x.js shadowed lib/x/index.js.
    const root = project({ 'main.ts': "import { x } from './lib/x';\nconsole.log(x);\n", 'lib/x.ts': "export const x = 'old file';\n" });
    build.ensureBuild(root);
    rmSync(join(root, 'lib', 'x.ts'));
    write(root, { 'lib/x/index.ts': "export const x = 'moved module';\n" });
    build.ensureBuild(root);
    expect(existsSync(join(root, 'dist', 'lib', 'x.js'))).toBe(false);
    expect(run(root).stdout).toBe('moved module\n');
  });

  it('fails if a source does not transpile: names the file and position, keeps the last good build', () => {
    const root = project({ 'main.ts': "console.log('good');\n" });
    build.ensureBuild(root);
    write(root, { 'main.ts': "console.log('bad';\n" });
    expect(() => build.ensureBuild(root)).toThrow(/^main\.ts\(1,18\): error TS1005: '\)' expected\.$/);
    expect(run(root).stdout).toBe('good\n');
    expect(buildDirs(root)).toHaveLength(1);
    // As a command's preload: one line, exit 1, no stack trace, the command does not run.
    cpSync(dirname(FRESH), join(root, 'lib', 'ops', 'build'), { recursive: true });
    const r = spawnSync(process.execPath, ['-r', './lib/ops/build/fresh.js', 'dist/main.js'], { cwd: root, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("build: main.ts(1,18): error TS1005: ')' expected.\n");
  });

  it('fails if there is no TypeScript to transpile with: says to run npm ci', () => {
    const root = project({ 'main.ts': "console.log('x');\n" });
    rmSync(join(root, 'node_modules'));
    expect(() => build.ensureBuild(root)).toThrow(`no TypeScript in ${join(root, 'node_modules')}; run npm ci first`);
    expect(existsSync(join(root, 'dist'))).toBe(false);
  });

  it('replaces a real dist/ folder (from the old clean build) and removes replaced builds after ten minutes', () => {
    const root = project({ 'main.ts': "console.log('new');\n" });
    mkdirSync(join(root, 'dist', 'lib'), { recursive: true });
    writeFileSync(join(root, 'dist', 'main.js'), "console.log('stale');\n");
    build.ensureBuild(root);
    expect(run(root).stdout).toBe('new\n');
    expect(buildDirs(root)).toHaveLength(2); // the new build and the old dist/, set aside
    const old = new Date(Date.now() - build.RETIRED_MS - 1000);
    for (const d of buildDirs(root)) utimesSync(join(root, d), old, old);
    write(root, { 'main.ts': "console.log('newer');\n" });
    build.ensureBuild(root);
    // Left: the new build, and the one it replaced just now (commands may still run from it).
    expect(buildDirs(root)).toHaveLength(2);
    expect(buildDirs(root)).toContain(readlinkSync(join(root, 'dist')));
    expect(run(root).stdout).toBe('newer\n');
  });

  it('loads TypeScript with a V8 code cache: refuses a planted bad cache, writes a good one, and then uses it', () => {
    const file = require.resolve('typescript', { paths: [ROOT] });
    const cache = build.typeScriptCache(file);
    const load = () => {
      const r = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(join(ROOT, 'lib', 'ops', 'build'))}); const { ts, cache } = b.loadTypeScript(${JSON.stringify(file)}); console.log(cache, ts.transpileModule('const a: number = 1;', {}).outputText.trim());`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      return r.stdout.trim();
    };
    mkdirSync(dirname(cache), { recursive: true });
    writeFileSync(cache, 'not a code cache');
    expect(load()).toBe('made var a = 1;');
    expect(readFileSync(cache).length).toBeGreaterThan(1_000_000);
    expect(load()).toBe('used var a = 1;');
  });

  it('lists main.ts and everything tsconfig.json includes below lib/', () => {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { include: string[] };
    expect(tsconfig.include).toEqual(['main.ts', 'lib/**/*.ts', 'lib/**/*.js']);
    const files = build.sourceFiles(ROOT);
    expect(files[0]).toBe('lib/cli/bench.ts');
    expect(files).toContain('main.ts');
    expect(files).toContain('lib/ops/build/index.js');
    expect(files.filter((f) => !/^(main\.ts|lib\/.*\.(ts|js))$/.test(f))).toEqual([]);
  });
});

/** Runs a Node script as a separate process; resolves with its exit code and output. */
function node(args: string[], cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the fast build with commands running at once', () => {
  it('never lets a command run half of a build, while another builds again and again', async () => {
    // Each build writes the same version into two modules; a reader must always see one version.
    const root = project({ 'main.ts': "import { a } from './lib/a';\nimport { b } from './lib/b';\nconsole.log(`${a}:${b}`);\n", 'lib/a.ts': 'export const a = 0;\n', 'lib/b.ts': 'export const b = 0;\n' });
    build.ensureBuild(root);
    const writer = `
      const fs = require('fs');
      const { ensureBuild } = require(${JSON.stringify(join(ROOT, 'lib', 'ops', 'build'))});
      for (let n = 1; n <= 10; n++) {
        fs.writeFileSync('lib/a.ts', 'export const a = ' + n + ';\\n');
        fs.writeFileSync('lib/b.ts', 'export const b = ' + n + ';\\n');
        ensureBuild(process.cwd());
      }`;
    const reader = `
      const { spawnSync } = require('child_process');
      const seen = new Set();
      for (let i = 0; i < 15; i++) {
        const r = spawnSync(process.execPath, ['dist/main.js'], { encoding: 'utf8' });
        const [a, b] = r.stdout.trim().split(':');
        if (r.status !== 0 || a !== b) { console.error('run ' + i + ': exit ' + r.status + ', ' + JSON.stringify(r.stdout) + r.stderr); process.exit(1); }
        seen.add(a);
      }
      console.log(seen.size);`;
    const [w, r] = await Promise.all([node(['-e', writer], root), node(['-e', reader], root)]);
    expect([w.status, w.stderr]).toEqual([0, '']);
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(run(root).stdout).toBe('10:10\n');
  }, 300_000);

  it('runs npm run synth and npm run envs at once after a change: both succeed with the new code', async () => {
    // A copy of this project's program and environments, sharing node_modules.
    const root = tempDir('edp-build-both-');
    for (const f of ['main.ts', 'lib', 'environments', 'tsconfig.json', 'package.json']) cpSync(join(ROOT, f), join(root, f), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
    const fresh = join(root, 'lib', 'ops', 'build', 'fresh.js');
    // The first build takes this checkout's outputs (same sources), as a fresh clone would make them.
    build.ensureBuild(root, { reuse: [realpathSync(join(ROOT, 'dist'))] });
    // A one-line change in a module both commands load.
    const naming = join(root, 'lib', 'config', 'naming.ts');
    writeFileSync(naming, `${readFileSync(naming, 'utf8')}\nexport const BUILD_TEST_MARK = 'changed';\n`);
    const [synth, envs] = await Promise.all([
      node(['-r', fresh, 'dist/main.js'], root),
      node(['-r', fresh, 'dist/lib/cli/envs.js', '--json'], root),
    ]);
    expect([synth.status, synth.stderr]).toEqual([0, '']);
    expect([envs.status, envs.stderr]).toEqual([0, '']);
    expect(readdirSync(join(root, 'cdktf.out', 'stacks')).sort()).toEqual(['local-kind', 'nonprod-test-me', 'prod-edp', 'prod-observability']);
    expect((JSON.parse(envs.stdout) as unknown[]).length).toBe(4);
    expect(readFileSync(join(root, 'dist', 'lib', 'config', 'naming.js'), 'utf8')).toContain("exports.BUILD_TEST_MARK = 'changed';");
  }, 300_000);
});

/**
 * The linked program (lib/ops/build/link.js): dist/main.js holds the program's modules, and
 * vendor/ one file per package it imports. Small projects with packages of their own in
 * node_modules, built by the real build; the real program's output is compared in test/cli.test.ts.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, realpathSync, statSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ROOT } from '../support/synth';
import { cleanUp, tempDir, writeFiles } from './helpers';

// Plain JavaScript, loaded from the sources as the commands' preload does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const build = require('../../lib/ops/build') as typeof import('../../lib/ops/build');

afterAll(cleanUp);

const write = writeFiles;

/** A CommonJS package in node_modules (`files` relative to the package). */
function pkg(name: string, files: Record<string, string>, version = '1.0.0'): Record<string, string> {
  return Object.fromEntries([[`node_modules/${name}/package.json`, JSON.stringify({ name, version, main: 'index.js' })], ...Object.entries(files).map(([f, t]) => [`node_modules/${name}/${f}`, t])]);
}

/** Counts loads of a package in the process, and says which copy it is. */
const shared = (label: string) => ({ 'index.js': `globalThis.loads = (globalThis.loads || 0) + 1;\nexports.copy = ${JSON.stringify(label)};\n` });

/** A project: the real tsconfig.json, TypeScript and esbuild from this checkout, its own packages. */
function project(files: Record<string, string>, tools: readonly string[] = ['typescript', 'esbuild', '@esbuild']): string {
  const root = tempDir('edp-link-');
  writeFileSync(join(root, 'package.json'), '{}\n');
  cpSync(join(ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  mkdirSync(join(root, 'node_modules'));
  for (const tool of tools) symlinkSync(join(ROOT, 'node_modules', tool), join(root, 'node_modules', tool), 'dir');
  write(root, files);
  return root;
}

/** Runs a file of the build; `preload` (code) runs first, from a file, as `node -r` does. */
function node(root: string, file: string, preload?: string) {
  const args = [join(root, 'dist', file)];
  if (preload) {
    writeFileSync(join(root, 'preload.js'), preload);
    args.unshift('-r', join(root, 'preload.js'));
  }
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** On exit, writes the files in Node's module cache (relative to the project) to stderr. */
const REPORT = "process.on('exit', () => process.stderr.write(JSON.stringify(Object.keys(require.cache).map((f) => require('path').relative(process.cwd(), f)).filter((f) => f !== 'preload.js'))))";

const PACKAGES = {
  ...pkg('pkg-a', { 'index.js': "const s = require('pkg-shared');\nexports.a = () => 'a+' + s.copy;\n" }),
  ...pkg('pkg-b', { 'index.js': "exports.b = require('./deep').deep;\n", 'deep.js': "const s = require('pkg-shared');\nexports.deep = () => 'b+' + s.copy;\n" }),
  ...pkg('pkg-c', { 'index.js': "exports.c = () => 'c+' + require('pkg-shared').copy;\n" }),
  ...pkg('pkg-c/node_modules/pkg-shared', shared('private')),
  ...pkg('pkg-shared', shared('top')),
  ...pkg('pkg-lazy', { 'index.js': "exports.lazy = 'lazy';\n" }),
  // Reads its own path (as cdktf's private/fs.js does, to run itself with node): stays outside.
  ...pkg('pkg-self', { 'index.js': "exports.self = require('./where').where;\n", 'where.js': "exports.where = require('path').relative(process.cwd(), __filename);\n" }),
};

const PROGRAM = {
  'main.ts': [
    "import { a } from 'pkg-a';",
    "import { deep } from 'pkg-b/deep';",
    "import { c } from 'pkg-c';",
    "import { one } from './lib/cycle-one';",
    "import { where } from './lib/where';",
    "import { self } from 'pkg-self';",
    'async function run(): Promise<void> {',
    "  const { lazy } = await import('pkg-lazy');",
    "  console.log([a(), deep(), c(), one(), where, self, lazy, require.main === module, (globalThis as { loads?: number }).loads].join(' '));",
    '}',
    'if (require.main === module) void run();',
    '',
  ].join('\n'),
  'lib/cycle-one.ts': "import { two } from './cycle-two';\nexport const name = 'one';\nexport const one = () => `${name}<${two()}`;\n",
  'lib/cycle-two.ts': "import * as first from './cycle-one';\n// In a cycle: cycle-one's exports are read when called, as in Node.\nexport const two = () => `two>${first.name}`;\n",
  'lib/cli/hello.ts': "import { a } from 'pkg-a';\nimport { where } from '../where';\nif (require.main === module) console.log(`hello ${a()} ${where} ${__dirname.endsWith('lib/cli')}`);\n",
  'lib/where/index.ts': "import { basename, dirname } from 'path';\nexport const where = `${basename(dirname(__dirname))}/${basename(__dirname)}/${basename(__filename)}`;\n",
};

const EXPECTED = 'a+top b+top c+private one<two>one lib/where/index.js node_modules/pkg-self/where.js lazy true 2\n';

describe('the linked program', () => {
  let root: string;
  beforeAll(() => {
    root = project({ ...PACKAGES, ...PROGRAM });
    build.ensureBuild(root);
  });

  it('runs as its modules loaded one by one do: cycles, directory modules, __dirname, dynamic imports, require.main', () => {
    expect(node(root, 'main.module.js')).toEqual({ status: 0, stdout: EXPECTED, stderr: '' });
    expect(node(root, 'main.js')).toEqual({ status: 0, stdout: EXPECTED, stderr: '' });
    // Every command (lib/cli/*.ts) is linked the same way, its packages from the same vendor/.
    const hello = 'hello a+top lib/where/index.js true\n';
    expect(node(root, 'lib/cli/hello.module.js')).toEqual({ status: 0, stdout: hello, stderr: '' });
    expect(node(root, 'lib/cli/hello.js')).toEqual({ status: 0, stdout: hello, stderr: '' });
  });

  it('loads main.js and one file per package, no module of the program or of a package on its own', () => {
    const r = node(root, 'main.js', REPORT);
    expect(r.stdout).toBe(EXPECTED);
    const dist = realpathSync(join(root, 'dist')).slice(realpathSync(root).length + 1);
    // pkg-shared is held by two package files, so it has its own; pkg-c's private copy is inside pkg-c's.
    // pkg-self's where.js reads its own __filename: Node loads it from node_modules.
    expect((JSON.parse(r.stderr) as string[]).sort()).toEqual([...['main.js', 'vendor/pkg-a.js', 'vendor/pkg-b.js', 'vendor/pkg-c.js', 'vendor/pkg-lazy.js', 'vendor/pkg-self.js', 'vendor/pkg-shared.js'].map((f) => `${dist}/${f}`), 'node_modules/pkg-self/where.js']);
  });

  it('fails if the per-file program were run instead (planted: the check sees each module load)', () => {
    const r = node(root, 'main.module.js', REPORT);
    expect(r.stdout).toBe(EXPECTED);
    expect(JSON.parse(r.stderr)).toEqual(expect.arrayContaining([expect.stringMatching(/lib\/cycle-one\.js$/), 'node_modules/pkg-a/index.js', 'node_modules/pkg-c/node_modules/pkg-shared/index.js']));
  });

  it('keeps the package files across builds: after a change to the program only the program is linked; a new package version makes them again', () => {
    const cache = join(root, 'node_modules', '.cache', 'edp-vendor');
    const [kept] = readdirSync(cache);
    write(root, { 'lib/cycle-one.ts': "import { two } from './cycle-two';\nexport const name = 'ONE';\nexport const one = () => `${name}<${two()}`;\n" });
    expect(build.ensureBuild(root)).toEqual({ built: true, transpiled: 1 });
    expect(node(root, 'main.js').stdout).toBe(EXPECTED.replace('one<two>one', 'ONE<two>ONE'));
    expect(readdirSync(cache)).toEqual([kept]);
    expect(statSync(join(root, 'dist', 'vendor', 'pkg-a.js')).ino).toBe(statSync(join(cache, kept, 'pkg-a.js')).ino);
    // A package changes (npm ci with a new lock file): its files are made again, from it.
    write(root, pkg('pkg-a', { 'index.js': "const s = require('pkg-shared');\nexports.a = () => 'A2+' + s.copy;\n" }, '2.0.0'));
    write(root, { 'lib/cycle-two.ts': `${readFileSync(join(root, 'lib', 'cycle-two.ts'), 'utf8')}\n` });
    build.ensureBuild(root);
    expect(readdirSync(cache)).toHaveLength(2);
    expect(node(root, 'main.js').stdout).toBe(EXPECTED.replace('one<two>one', 'ONE<two>ONE').replace('a+top', 'A2+top'));
    // A package changed in place (patched, same version): the kept set no longer matches its
    // modules, so a new one is made. npm's record of the installed packages changing (npm ci)
    // is enough to build again.
    write(root, { 'node_modules/pkg-a/index.js': "const s = require('pkg-shared');\nexports.a = () => 'A3+' + s.copy;\n" });
    write(root, { 'node_modules/.package-lock.json': '{}\n' });
    expect(build.ensureBuild(root)).toEqual({ built: true, transpiled: 0 });
    expect(readdirSync(cache)).toHaveLength(3);
    expect(node(root, 'main.js').stdout).toBe(EXPECTED.replace('one<two>one', 'ONE<two>ONE').replace('a+top', 'A3+top'));
  });

  it('fails if there is no esbuild to link the packages with: says to run npm ci, keeps no build', () => {
    const root = project({ ...PACKAGES, ...PROGRAM }, ['typescript']);
    expect(() => build.ensureBuild(root)).toThrow(`no esbuild in ${join(root, 'node_modules')}; run npm ci first`);
    expect(readdirSync(root).filter((n) => n.startsWith(build.PREFIX) || n === 'dist')).toEqual([]);
  });

  it('leaves an id that names no installed package to Node, as a module loaded on its own would', () => {
    const root = project({ 'main.ts': "try {\n  require('pkg-missing');\n} catch (e) {\n  console.log((e as { code?: string }).code);\n}\n" });
    build.ensureBuild(root);
    expect(node(root, 'main.js')).toEqual({ status: 0, stdout: 'MODULE_NOT_FOUND\n', stderr: '' });
  });
});

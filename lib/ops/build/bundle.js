// @ts-check
/**
 * The program's entry (`dist/main.js`) as a few files instead of about 380 modules: loading a
 * module costs Node a path search, a package scope lookup, a read and a compile, and for this
 * program that was a fifth of a synth (docs/performance.md).
 *
 * - `main.js` holds main.ts and every module of the program it reaches through literal
 *   `require`s, each as tsc emitted it (`main.module.js` is main.ts's own output, runnable as it
 *   is), with a small loader that gives each module what Node gives it (RUNTIME below). Linking
 *   them is string work: a build after a change to the program costs milliseconds more.
 * - Each package the program imports (cdktf, constructs, yaml, zod, a provider) is one file in
 *   `vendor/`, made by esbuild, holding the modules the program imports of it and what they load
 *   of packages the program does not import. A package's file reaches the other packages through
 *   their files, so each package runs once per process, as with Node's own loading, and the
 *   program loads only the packages it uses (a refused environment file loads neither cdktf nor
 *   a provider).
 * - The package files change only with the packages: they are kept under
 *   node_modules/.cache/edp-vendor by a key of each package's version, the modules imported of
 *   it, esbuild's version and this file, and hard-linked into each build.
 *
 * Plain JavaScript, run by the build before anything is compiled; `tsc` checks it.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');

/** The sources that are commands (`node dist/<entry>.js`): main.ts and lib/cli/*.ts. */
const isEntry = (/** @type {string} */ file) => file === 'main.ts' || /^lib\/cli\/[^/]+\.ts$/.test(file);
/** An entry's own per-file output, `<name>.module.js`; `<name>.js` is the linked command. */
const moduleOfEntry = (/** @type {string} */ file) => file.replace(/\.ts$/, '.module.js');
const VENDOR = 'vendor';
/**
 * Packages a vendored package loads that stay outside the files: the program defers cdktf's
 * archiver until an asset needs it (lib/environment-stack/deferred-archiver.ts).
 */
const LEFT_OUT = ['archiver'];

/** Changes when the layout of a package file changes. */
const FORMAT = 1;
/** In a kept set of package files: the modification time and size of each module it holds. */
const INPUTS = 'inputs.json';

/** @param {string} id */
function packageOf(id) {
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @param {string} id */
const isBare = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('node:') && !builtinModules.includes(packageOf(id));

/** @param {string} name */
const fileOf = (name) => `${name.replace('/', '+')}.js`;

/**
 * The first lines of a package file: its `require` sends the ids of the other package files'
 * packages to those files, and everything else to Node, resolved from the package's folder.
 * @param {readonly string[]} vendored the other packages with a file
 * @param {string} from the package's folder, relative to the file
 */
function shim(vendored, from) {
  return [
    'require = ((native) => {',
    '  const { join } = native("path");',
    `  const resolveFrom = native("module").createRequire(join(__dirname, ${JSON.stringify(from)}, "package.json"));`,
    `  const vendored = new Set(${JSON.stringify(vendored)});`,
    '  const files = new Map();',
    '  const linked = (id) => {',
    '    if (typeof id === "string" && !id.startsWith(".") && !id.startsWith("/")) {',
    '      const parts = id.split("/");',
    '      const name = id.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];',
    '      if (vendored.has(name)) {',
    '        if (!files.has(name)) files.set(name, native(join(__dirname, name.replace("/", "+") + ".js")));',
    '        return files.get(name)(id);',
    '      }',
    '      return resolveFrom(id);',
    '    }',
    '    return native(id);',
    '  };',
    '  return Object.assign(linked, { resolve: native.resolve, cache: native.cache, main: native.main, extensions: native.extensions });',
    '})(require);',
  ].join('\n');
}

/**
 * The folder of package `name` as Node resolves it from `from`, or undefined.
 * @param {string} name
 * @param {string} from
 */
function packageDir(name, from) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
  } catch {
    // A package whose exports hide package.json: up from its main to the folder named after it.
  }
  try {
    let d = path.dirname(require.resolve(name, { paths: [from] }));
    while (!d.endsWith(`${path.sep}node_modules${path.sep}${name.split('/').join(path.sep)}`)) {
      if (path.dirname(d) === d) return undefined;
      d = path.dirname(d);
    }
    return d;
  } catch {
    return undefined;
  }
}

/**
 * @param {string} id
 * @param {string} from
 */
function resolves(id, from) {
  try {
    require.resolve(id, { paths: [from] });
    return true;
  } catch {
    return false;
  }
}

/** @param {string | Buffer} data */
const sha1 = (data) => crypto.createHash('sha1').update(data).digest('hex');

/**
 * @param {string} root
 * @param {new (message: string) => Error} BuildError
 * @returns {typeof import('esbuild')}
 */
function esbuildOf(root, BuildError) {
  let resolved;
  try {
    resolved = require.resolve('esbuild', { paths: [root] });
  } catch {
    throw new BuildError(`no esbuild in ${path.join(root, 'node_modules')}; run npm ci first`);
  }
  return require(resolved);
}

/**
 * @param {import('esbuild').BuildResult} result
 * @param {string} what
 * @param {new (message: string) => Error} BuildError
 */
function check(result, what, BuildError) {
  if (result.errors.length > 0) throw new BuildError(`${what}: ${result.errors.map((e) => e.text).join('; ')}`);
}

/** `require("…")` and `require('…')` with a literal id, as tsc emits imports and dynamic imports. */
const REQUIRE = /\brequire\((["'])([^"'\n]+)\1\)/g;

/**
 * The module a relative id names, as Node finds it (`x`, `x.js`, `x/index.js`), if it is one of
 * the build's JavaScript files; else undefined (Node then loads it itself).
 * @param {string} dir the build folder
 * @param {string} rel a path relative to it, with /
 */
function moduleAt(dir, rel) {
  const p = path.posix.normalize(rel);
  if (p.startsWith('../')) return undefined;
  for (const candidate of [p, `${p}.js`, `${p}/index.js`]) {
    if (!candidate.endsWith('.js')) continue;
    if (fs.statSync(path.join(dir, candidate), { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return undefined;
}

/**
 * The program's modules that an entry's own output reaches through literal `require`s, and
 * what they import of packages.
 * @param {string} root the project folder (node_modules)
 * @param {string} dir
 * @param {string} entry the entry's own output, e.g. main.module.js
 */
function programOf(root, dir, entry) {
  /** @type {Map<string, string>} module (relative path) -> its code */
  const modules = new Map();
  /** @type {Map<string, Set<string>>} package -> ids the program imports of it */
  const imports = new Map();
  const queue = [entry];
  while (queue.length > 0) {
    const rel = /** @type {string} */ (queue.pop());
    if (modules.has(rel)) continue;
    const code = fs.readFileSync(path.join(dir, rel), 'utf8');
    modules.set(rel, code);
    for (const [, , id] of code.matchAll(REQUIRE)) {
      if (id.startsWith('./') || id.startsWith('../')) {
        const target = moduleAt(dir, path.posix.join(path.posix.dirname(rel), id));
        if (target) queue.push(target);
      } else if (isBare(id) && !LEFT_OUT.includes(packageOf(id)) && resolves(id, root)) {
        // An id Node cannot resolve (a text that only looks like a require) is left to Node, as
        // for a module loaded on its own.
        const name = packageOf(id);
        if (!imports.has(name)) imports.set(name, new Set());
        imports.get(name)?.add(id);
      }
    }
  }
  return { modules, imports };
}

/**
 * What main.js runs: Node's CommonJS loading for the program's modules held in the file. Each
 * module gets its own `require`, `module`, `__filename` and `__dirname` (its per-file output's),
 * runs once at its first `require`, and sees a partly filled `exports` in a cycle, as in Node.
 * Relative ids of the held modules are served from the file, packages the program imports from
 * `vendor/`, anything else by Node from the module's own path. The entry's own output gets the
 * command file's `module`, so `require.main === module` holds as before.
 */
const RUNTIME = `((modules, vendored, entry, build) => {
  const path = require("path");
  const { createRequire } = require("module");
  const base = path.join(__dirname, build);
  const loaded = new Map();
  const packages = new Map();
  const find = (rel) => {
    const p = path.posix.normalize(rel);
    for (const candidate of [p, p + ".js", p + "/index.js"]) if (Object.prototype.hasOwnProperty.call(modules, candidate)) return candidate;
    return undefined;
  };
  const load = (rel, own) => {
    const filename = path.join(base, rel);
    const module = own ?? { exports: {}, id: filename, filename, loaded: false, children: [], paths: [] };
    loaded.set(rel, module);
    const native = own ? require : createRequire(filename);
    const linked = (id) => {
      if (typeof id === "string") {
        if (id.startsWith("./") || id.startsWith("../")) {
          const target = find(path.posix.join(path.posix.dirname(rel), id));
          if (target !== undefined) return (loaded.get(target) ?? load(target)).exports;
        } else if (!path.isAbsolute(id) && !id.startsWith(".")) {
          const parts = id.split("/");
          const name = id.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
          if (vendored.includes(name)) {
            if (!packages.has(name)) packages.set(name, require(path.join(base, "${VENDOR}", name.replace("/", "+") + ".js")));
            return packages.get(name)(id);
          }
        }
      }
      return native(id);
    };
    Object.assign(linked, { resolve: native.resolve, cache: require.cache, main: require.main, extensions: require.extensions });
    modules[rel].call(module.exports, module.exports, linked, module, filename, path.dirname(filename));
    module.loaded = true;
    return module;
  };
  load(entry, module);
})`;

/**
 * Links each entry's own output and the modules it loads into the entry's command file
 * (`main.js`, `lib/cli/<name>.js`), and puts the files of the packages they import into
 * `<dir>/vendor/`.
 * @param {string} root the project folder (node_modules)
 * @param {string} dir the build folder being written
 * @param {readonly string[]} entries the entry sources (main.ts, lib/cli/*.ts)
 * @param {new (message: string) => Error} BuildError
 */
function linkEntries(root, dir, entries, BuildError) {
  /** @type {Map<string, Set<string>>} */
  const imports = new Map();
  for (const source of entries) {
    const own = moduleOfEntry(source);
    const program = programOf(root, dir, own);
    for (const [name, ids] of program.imports) {
      if (!imports.has(name)) imports.set(name, new Set());
      for (const id of ids) imports.get(name)?.add(id);
    }
    const vendored = [...program.imports.keys()].sort();
    const table = [...program.modules].map(([rel, code]) => `${JSON.stringify(rel)}: function (exports, require, module, __filename, __dirname) {\n${code.replace(/^#!.*/, '')}\n},`);
    const command = source.replace(/\.ts$/, '.js');
    const build = path.posix.relative(path.posix.dirname(command), '.') || '.';
    fs.writeFileSync(path.join(dir, command), `// The command linked by lib/ops/build/bundle.js: its modules below, its packages in ${VENDOR}/.\n${RUNTIME}({\n${table.join('\n')}\n}, ${JSON.stringify(vendored)}, ${JSON.stringify(own)}, ${JSON.stringify(build)});\n`);
  }
  if (imports.size === 0) return;
  const esbuild = esbuildOf(root, BuildError);
  fs.mkdirSync(path.join(dir, VENDOR));
  for (const file of vendorFiles(root, esbuild, imports, BuildError)) {
    const target = path.join(dir, VENDOR, path.basename(file));
    try {
      fs.linkSync(file, target);
    } catch {
      fs.copyFileSync(file, target);
    }
  }
}

/**
 * The package files for the program's imports, from the cache or made now: a folder per key.
 * @param {string} root
 * @param {typeof import('esbuild')} esbuild
 * @param {Map<string, Set<string>>} imports package -> ids the program imports of it
 * @param {new (message: string) => Error} BuildError
 * @returns {string[]} the files
 */
function vendorFiles(root, esbuild, imports, BuildError) {
  const packages = [...imports.keys()].sort().map((name) => {
    const dir = /** @type {string} */ (packageDir(name, root));
    return { name, dir: path.relative(root, dir), version: JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version, ids: [...(imports.get(name) ?? [])].sort() };
  });
  const key = sha1(JSON.stringify({ FORMAT, esbuild: esbuild.version, builder: sha1(fs.readFileSync(__filename)), packages, LEFT_OUT }));
  const cache = path.join(root, 'node_modules', '.cache', 'edp-vendor');
  // Kept sets of this key, newest first: the first whose inputs are as they were is used (a
  // package changed in place, e.g. patched, without a new version, makes a new set).
  const kept = (fs.existsSync(cache) ? fs.readdirSync(cache) : []).filter((n) => n === key || (n.startsWith(`${key}-`) && !n.endsWith('.tmp'))).sort().reverse();
  const current = kept.map((n) => path.join(cache, n)).find((dir) => unchanged(root, dir));
  if (current) return fs.readdirSync(current).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(current, f));
  const { texts, inputs } = makeVendor(root, esbuild, imports, BuildError);
  const target = path.join(cache, kept.length === 0 ? key : `${key}-${Date.now().toString(36)}`);
  const partial = `${target}.${process.pid}.tmp`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  for (const [file, text] of texts) fs.writeFileSync(path.join(partial, file), text);
  /** @type {Record<string, [number, number]>} */
  const stamps = {};
  for (const input of [...inputs].sort()) {
    const st = fs.statSync(path.join(root, input));
    stamps[input] = [st.mtimeMs, st.size];
  }
  fs.writeFileSync(path.join(partial, INPUTS), `${JSON.stringify(stamps)}\n`);
  try {
    fs.renameSync(partial, target);
  } catch (e) {
    // Another build kept the same files meanwhile.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(target)) throw e;
  }
  return [...texts.keys()].sort().map((f) => path.join(target, f));
}

/**
 * True if every module a kept set was made from has the modification time and size it had.
 * @param {string} root
 * @param {string} dir
 */
function unchanged(root, dir) {
  try {
    const stamps = /** @type {Record<string, [number, number]>} */ (JSON.parse(fs.readFileSync(path.join(dir, INPUTS), 'utf8')));
    return Object.entries(stamps).every(([input, [mtime, size]]) => {
      const st = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
      return st !== undefined && st.mtimeMs === mtime && st.size === size;
    });
  } catch {
    return false;
  }
}

/**
 * Makes the package files. A package that two package files would each hold a copy of gets its
 * own file, and a package file holds what other package files import of it too (repeated until
 * nothing changes).
 * @param {string} root
 * @param {typeof import('esbuild')} esbuild
 * @param {Map<string, Set<string>>} direct package -> ids the program imports of it
 * @param {new (message: string) => Error} BuildError
 * @returns {{ texts: Map<string, string>, inputs: Set<string> }} file name -> text; the modules they hold (relative to root)
 */
function makeVendor(root, esbuild, direct, BuildError) {
  /** @type {Map<string, Set<string>>} */
  const ids = new Map([...direct].map(([name, set]) => [name, new Set(set)]));
  /** @type {Map<string, import('esbuild').BuildResult>} the same inputs give the same file: not made again in the next round */
  const made = new Map();
  /** @type {Set<string>} modules of packages that read their own path: Node loads them from there */
  const outside = new Set();
  for (let round = 0; round < 20; round++) {
    const vendored = [...ids.keys()].sort();
    /** @type {Map<string, string>} */
    const texts = new Map();
    /** @type {Set<string>} */
    const inputs = new Set();
    /** @type {Map<string, Set<string>>} package -> vendored packages whose file holds a copy of it */
    const holders = new Map();
    let changed = false;
    for (const name of vendored) {
      const others = vendored.filter((n) => n !== name);
      const table = [...(ids.get(name) ?? [])].sort().map((id) => `    case ${JSON.stringify(id)}: return require(${JSON.stringify(id)});`).join('\n');
      const contents = `module.exports = (id) => {\n  switch (id) {\n${table}\n    default: throw new Error("vendor/${fileOf(name)} holds no " + id + "; build again");\n  }\n};\n`;
      const own = /** @type {string} */ (packageDir(name, root));
      // Another package file serves a package only where Node would load that same copy for this
      // one; a private copy (node_modules inside the package) stays inside this file.
      const shared = others.filter((n) => packageDir(n, own) === packageDir(n, root));
      const external = [...shared, ...shared.map((n) => `${n}/*`), ...LEFT_OUT, ...LEFT_OUT.map((n) => `${n}/*`), ...[...outside].sort()];
      // Other packages resolve from the package's own folder, as Node resolves them for it.
      const from = path.relative(path.join(root, '.dist-x', VENDOR), own);
      const options = {
        bundle: true, platform: /** @type {const} */ ('node'), format: /** @type {const} */ ('cjs'), target: 'node20', logLevel: /** @type {const} */ ('silent'), write: false, metafile: true, absWorkingDir: root,
        // At the depth of a build folder's vendor/, so that a module left outside is required by
        // its path relative to the file (../../node_modules/...).
        stdin: { contents, resolveDir: root, sourcefile: `vendor/${fileOf(name)}` }, external, outfile: path.join(root, '.dist-x', VENDOR, fileOf(name)), banner: { js: shim(shared, from) },
      };
      const signature = JSON.stringify([contents, external]);
      let result = made.get(signature);
      try {
        result ??= esbuild.buildSync(options);
      } catch (e) {
        const errors = /** @type {{ errors?: { text: string }[] }} */ (e).errors;
        throw new BuildError(`linking vendor/${fileOf(name)}: ${errors ? errors.map((x) => x.text).join('; ') : /** @type {Error} */ (e).message}`);
      }
      check(result, `linking vendor/${fileOf(name)}`, BuildError);
      made.set(signature, result);
      const text = result.outputFiles?.[0]?.text;
      if (text === undefined) throw new BuildError(`linking vendor/${fileOf(name)}: esbuild wrote nothing`);
      texts.set(fileOf(name), text);
      for (const output of Object.values(result.metafile?.outputs ?? {})) {
        for (const i of output.imports) {
          if (!i.external || !isBare(i.path)) continue;
          const other = packageOf(i.path);
          if (!ids.has(other)) continue; // left out
          const set = /** @type {Set<string>} */ (ids.get(other));
          if (!set.has(i.path)) {
            set.add(i.path);
            changed = true;
          }
        }
      }
      for (const input of Object.keys(result.metafile?.inputs ?? {})) {
        if (input.startsWith('node_modules/')) inputs.add(input);
        // A module that reads its own path (cdktf's private/fs.js runs itself with node to zip an
        // asset) would read the package file's instead: Node loads it from its own path.
        const file = path.join(root, input);
        if (input.startsWith('node_modules/') && !outside.has(file) && /\b__(file|dir)name\b/.test(fs.readFileSync(file, 'utf8'))) {
          outside.add(file);
          changed = true;
        }
        // Only packages at the top of node_modules are shared; a nested copy belongs to its parent.
        const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
        if (!m || m[1] === name) continue;
        if (!holders.has(m[1])) holders.set(m[1], new Set());
        holders.get(m[1])?.add(name);
      }
    }
    for (const [name, by] of holders) {
      if (by.size > 1 && !ids.has(name)) {
        ids.set(name, new Set());
        changed = true;
      }
    }
    if (!changed) return { texts, inputs };
  }
  throw new BuildError('linking: the package files did not settle after 20 rounds');
}

module.exports = { VENDOR, LEFT_OUT, isEntry, linkEntries, moduleOfEntry, packageOf };

// @ts-check
/**
 * The commands (`dist/main.js`, `dist/lib/cli/<command>.js`) as a few files instead of about 380
 * modules: loading a module costs Node a path search, a package scope lookup, a read and a
 * compile, and for this program that was a fifth of a synth (docs/performance.md).
 *
 * A command's file holds its entry (main.ts, lib/cli/<command>.ts) and every module of the
 * program the entry reaches through literal `require`s, each as tsc emitted it
 * (`<command>.module.js` is the entry's own output, runnable as it is), with a small loader that
 * gives each module what Node gives it (RUNTIME below). The packages they import come from the
 * build's `vendor/` (./vendor.js). Linking is string work: a build after a change to the program
 * costs milliseconds more.
 *
 * Plain JavaScript, run by the build before anything is compiled; `tsc` checks it.
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { VENDOR, LEFT_OUT, esbuildOf, fileOf, isBare, packageOf, resolves, vendorFiles } = require('./vendor');

/** The sources that are commands (`node dist/<entry>.js`): main.ts and lib/cli/*.ts. */
const isEntry = (/** @type {string} */ file) => file === 'main.ts' || /^lib\/cli\/[^/]+\.ts$/.test(file);
/** An entry's own per-file output, `<name>.module.js`; `<name>.js` is the linked command. */
const moduleOfEntry = (/** @type {string} */ file) => file.replace(/\.ts$/, '.module.js');

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
 * @param {string} entry the entry's own output, e.g. main.module.js
 * @param {ReturnType<typeof moduleReader>} read
 */
function programOf(entry, read) {
  /** @type {Map<string, string>} module (relative path) -> its code */
  const modules = new Map();
  /** @type {Map<string, Set<string>>} package -> ids the program imports of it */
  const imports = new Map();
  const queue = [entry];
  while (queue.length > 0) {
    const rel = /** @type {string} */ (queue.pop());
    if (modules.has(rel)) continue;
    const module = read(rel);
    modules.set(rel, module.code);
    queue.push(...module.targets);
    for (const id of module.packages) {
      const name = packageOf(id);
      if (!imports.has(name)) imports.set(name, new Set());
      imports.get(name)?.add(id);
    }
  }
  return { modules, imports };
}

/**
 * Reads a module of the build once for all entries: its code, the modules of the build its
 * literal requires name, and the package ids they name.
 * @param {string} root
 * @param {string} dir
 * @returns {(rel: string) => { code: string, targets: string[], packages: string[] }}
 */
function moduleReader(root, dir) {
  /** @type {Map<string, { code: string, targets: string[], packages: string[] }>} */
  const read = new Map();
  return (rel) => {
    const known = read.get(rel);
    if (known) return known;
    const code = fs.readFileSync(path.join(dir, rel), 'utf8');
    /** @type {string[]} */
    const targets = [];
    /** @type {string[]} */
    const packages = [];
    for (const [, , id] of code.matchAll(REQUIRE)) {
      if (id.startsWith('./') || id.startsWith('../')) {
        const target = moduleAt(dir, path.posix.join(path.posix.dirname(rel), id));
        if (target) targets.push(target);
      } else if (isBare(id) && !LEFT_OUT.includes(packageOf(id)) && resolves(id, root)) {
        // An id Node cannot resolve (a text that only looks like a require) is left to Node, as
        // for a module loaded on its own.
        packages.push(id);
      }
    }
    const module = { code, targets, packages };
    read.set(rel, module);
    return module;
  };
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
  const packageOf = ${packageOf};
  const fileOf = ${fileOf};
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
          const name = packageOf(id);
          if (vendored.includes(name)) {
            if (!packages.has(name)) packages.set(name, require(path.join(base, "${VENDOR}", fileOf(name))));
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
 */
function linkEntries(root, dir, entries) {
  /** @type {Map<string, Set<string>>} */
  const imports = new Map();
  const read = moduleReader(root, dir);
  for (const source of entries) {
    const own = moduleOfEntry(source);
    const program = programOf(own, read);
    for (const [name, ids] of program.imports) {
      if (!imports.has(name)) imports.set(name, new Set());
      for (const id of ids) imports.get(name)?.add(id);
    }
    const vendored = [...program.imports.keys()].sort();
    const table = [...program.modules].map(([rel, code]) => `${JSON.stringify(rel)}: function (exports, require, module, __filename, __dirname) {\n${code.replace(/^#!.*/, '')}\n},`);
    const command = source.replace(/\.ts$/, '.js');
    const build = path.posix.relative(path.posix.dirname(command), '.') || '.';
    fs.writeFileSync(path.join(dir, command), `// The command linked by lib/ops/build/link.js: its modules below, its packages in ${VENDOR}/.\n${RUNTIME}({\n${table.join('\n')}\n}, ${JSON.stringify(vendored)}, ${JSON.stringify(own)}, ${JSON.stringify(build)});\n`);
  }
  if (imports.size === 0) return;
  const esbuild = esbuildOf(root);
  fs.mkdirSync(path.join(dir, VENDOR));
  for (const file of vendorFiles(root, esbuild, imports)) {
    const target = path.join(dir, VENDOR, path.basename(file));
    try {
      fs.linkSync(file, target);
    } catch {
      fs.copyFileSync(file, target);
    }
  }
}

module.exports = { isEntry, linkEntries, moduleOfEntry };

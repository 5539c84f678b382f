// @ts-check
/**
 * The package files of the linked commands (./link.js): each package the program imports
 * (cdktf, constructs, yaml, zod, a provider) is one file in a build's `vendor/`, made by esbuild,
 * holding the modules the program imports of it and what they load of packages the program does
 * not import. A package's file reaches the other packages through their files, so each package
 * runs once per process, as with Node's own loading, and a command loads only the packages it
 * uses (a refused environment file loads neither cdktf nor a provider).
 *
 * The files change only with the packages: a set is kept under node_modules/.cache/edp-vendor
 * by a key of each package's version, the modules imported of it, esbuild's version and this
 * file, with the modification time and size of every module it holds, and hard-linked into each
 * build.
 *
 * Plain JavaScript, run by the build before anything is compiled; `tsc` checks it.
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { builtinModules } = require('module');
const { BuildError } = require('./error');

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

/**
 * The package an id names (`@cdktf/provider-helm/lib/release` -> `@cdktf/provider-helm`). Also
 * the linked files' own (link.js, shim below), written into them from this source.
 * @param {string} id
 */
function packageOf(id) {
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @param {string} id */
const isBare = (id) => !id.startsWith('.') && !path.isAbsolute(id) && !id.startsWith('node:') && !builtinModules.includes(packageOf(id));

/**
 * A package's file in vendor/: `@cdktf/provider-helm` -> `@cdktf+provider-helm.js`.
 * @param {string} name
 */
function fileOf(name) {
  return `${name.replace('/', '+')}.js`;
}

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
    `  const packageOf = ${packageOf};`,
    `  const fileOf = ${fileOf};`,
    '  const linked = (id) => {',
    '    if (typeof id === "string" && !id.startsWith(".") && !id.startsWith("/")) {',
    '      const name = packageOf(id);',
    '      if (vendored.has(name)) {',
    '        if (!files.has(name)) files.set(name, native(join(__dirname, fileOf(name))));',
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
 * @returns {typeof import('esbuild')}
 */
function esbuildOf(root) {
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
 */
function check(result, what) {
  if (result.errors.length > 0) throw new BuildError(`${what}: ${result.errors.map((e) => e.text).join('; ')}`);
}


/**
 * The package files for the program's imports, from the cache or made now: a folder per key.
 * @param {string} root
 * @param {typeof import('esbuild')} esbuild
 * @param {Map<string, Set<string>>} imports package -> ids the program imports of it
 * @returns {string[]} the files
 */
function vendorFiles(root, esbuild, imports) {
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
  const { texts, inputs } = makeVendor(root, esbuild, imports);
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
 * @returns {{ texts: Map<string, string>, inputs: Set<string> }} file name -> text; the modules they hold (relative to root)
 */
function makeVendor(root, esbuild, direct) {
  /** @type {Map<string, Set<string>>} */
  const ids = new Map([...direct].map(([name, set]) => [name, new Set(set)]));
  /** @type {Map<string, import('esbuild').BuildResult>} the same inputs give the same file: not made again in the next round */
  const made = new Map();
  /** @type {Set<string>} modules of packages that read their own path: Node loads them from there */
  const outside = new Set();
  /** @type {Set<string>} modules already looked at for that, in an earlier round or package file */
  const scanned = new Set();
  /** Where a build folder's vendor/ is, as far as relative paths go (build folders are at the root). */
  const atVendor = path.join(root, '.dist-x', VENDOR);
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
      const from = path.relative(atVendor, own);
      const options = {
        bundle: true, platform: /** @type {const} */ ('node'), format: /** @type {const} */ ('cjs'), target: 'node20', logLevel: /** @type {const} */ ('silent'), write: false, metafile: true, absWorkingDir: root,
        // At the depth of a build folder's vendor/, so that a module left outside is required by
        // its path relative to the file (../../node_modules/...).
        stdin: { contents, resolveDir: root, sourcefile: `vendor/${fileOf(name)}` }, external, outfile: path.join(atVendor, fileOf(name)), banner: { js: shim(shared, from) },
      };
      const signature = JSON.stringify([contents, external]);
      let result = made.get(signature);
      try {
        result ??= esbuild.buildSync(options);
      } catch (e) {
        const errors = /** @type {{ errors?: { text: string }[] }} */ (e).errors;
        throw new BuildError(`linking vendor/${fileOf(name)}: ${errors ? errors.map((x) => x.text).join('; ') : /** @type {Error} */ (e).message}`);
      }
      check(result, `linking vendor/${fileOf(name)}`);
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
        if (input.startsWith('node_modules/') && !scanned.has(file)) {
          scanned.add(file);
          if (/\b__(file|dir)name\b/.test(fs.readFileSync(file, 'utf8'))) {
            outside.add(file);
            changed = true;
          }
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

module.exports = { VENDOR, LEFT_OUT, esbuildOf, fileOf, isBare, packageOf, resolves, vendorFiles };

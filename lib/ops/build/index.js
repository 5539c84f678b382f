// @ts-check
/**
 * The build every command runs first (`node -r ./lib/ops/build/fresh.js dist/<command>.js`): the
 * program's JavaScript for its current sources, without a type-check (that stays in `npm test`,
 * `npm run build` and CI) and without leaving stale output behind.
 *
 * - `dist` is a symbolic link to a complete build folder `.dist-<id>/` next to it. A build never
 *   changes a published folder: it writes a new one and then replaces the link with one rename,
 *   so a command started meanwhile runs either the old or the new build, never half of one.
 *   (Node runs a module from its real path, so a running command keeps reading its own folder.)
 * - A new folder holds exactly one output per current source: a moved or deleted module leaves
 *   no old .js behind to shadow the new one.
 * - Sources whose size and modification time did not change are hard-linked from the published
 *   build; the others are transpiled one by one with TypeScript's `transpileModule` (the project
 *   sets `isolatedModules`, which guarantees that this gives what `tsc` emits).
 * - With nothing changed the check is one `stat` per source against the build's `.sources.json`.
 * - A build can also take outputs from other builds whose source had the same content (the
 *   config diff builds a git ref next to the working tree's build: most files are the same).
 * - No lock: two commands that build at once each write their own folder and both publish a
 *   complete build. Before publishing, a build checks that the sources did not change while it
 *   worked, else it builds again. Replaced folders are removed ten minutes after they were
 *   replaced, so that commands still running from them keep working.
 *
 * Plain JavaScript so that it runs before anything is compiled; `tsc` checks it (`// @ts-check`).
 */
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { BuildError } = require('./error');
const { isEntry, linkEntries, moduleOfEntry } = require('./link');

/** What tsconfig.json includes: main.ts and everything below lib/. */
const SOURCES = ['main.ts', 'lib'];
const LINK = 'dist';
const PREFIX = '.dist-';
const MANIFEST = '.sources.json';
/** A replaced build is removed this long after it was replaced. */
const RETIRED_MS = 10 * 60 * 1000;
/** Changes when the layout of a build changes: every build is then made again. */
const FORMAT = 3;


/** @typedef {Record<string, [number, number]>} Stamps path (relative to the root, with /) -> [mtime in ms, size] */
/**
 * @typedef {object} Manifest
 * @property {number} format
 * @property {Stamps} stamps
 * @property {Record<string, string>} hashes source path -> sha1 of its content
 * @property {string} tools sha1 of tsconfig.json and the TypeScript version: outputs are only reused between builds with the same
 */

/**
 * The program's sources: main.ts and lib/**\/*.ts (without declaration files) and lib/**\/*.js
 * (this builder), sorted.
 * @param {string} root
 * @returns {string[]}
 */
function sourceFiles(root) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} rel */
  const visit = (rel) => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) visit(child);
      else if ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.js')) files.push(child);
    }
  };
  for (const source of SOURCES) {
    if (source.endsWith('.ts')) files.push(source);
    else if (fs.existsSync(path.join(root, source))) visit(source);
  }
  return files.sort();
}

/**
 * Size and modification time of every source, of tsconfig.json, of the TypeScript and esbuild in
 * use, and of npm's record of the installed packages (the linked commands hold packages' code).
 * @param {string} root
 * @returns {Stamps}
 */
function stampsOf(root) {
  /** @type {Stamps} */
  const stamps = {};
  for (const file of [...sourceFiles(root), 'tsconfig.json', 'node_modules/typescript/package.json', 'node_modules/esbuild/package.json', 'node_modules/.package-lock.json']) {
    const s = fs.statSync(path.join(root, file), { throwIfNoEntry: false });
    if (s) stamps[file] = [s.mtimeMs, s.size];
  }
  return stamps;
}

/** @param {Stamps} a @param {Stamps} b */
function sameStamps(a, b) {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => b[k] !== undefined && a[k][0] === b[k][0] && a[k][1] === b[k][1]);
}

/**
 * The published build folder (absolute) and its manifest, if `dist` is one of ours.
 * @param {string} root
 * @returns {{ dir: string, manifest: Manifest } | undefined}
 */
function published(root) {
  let dir;
  try {
    dir = fs.realpathSync(path.join(root, LINK));
  } catch {
    return undefined;
  }
  const manifest = manifestOf(dir);
  return manifest ? { dir, manifest } : undefined;
}

/**
 * A source's own output. A command's (main.ts, lib/cli/*.ts) is `<name>.module.js`: `<name>.js`
 * is the command linked with the modules it loads (./link.js).
 * @param {string} file
 */
const outputOf = (file) => (isEntry(file) ? moduleOfEntry(file) : file.replace(/\.ts$/, '.js'));

/** @param {string | Buffer} data */
const sha1 = (data) => crypto.createHash('sha1').update(data).digest('hex');

/** @param {string} root */
function toolsOf(root) {
  const read = (/** @type {string} */ f) => (fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f)) : Buffer.alloc(0));
  return sha1(Buffer.concat([read('tsconfig.json'), Buffer.from('\0'), read('node_modules/typescript/package.json')]));
}

/**
 * The manifest of a build folder, if it is one of ours.
 * @param {string} dir
 * @returns {Manifest | undefined}
 */
function manifestOf(dir) {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, MANIFEST), 'utf8'));
    return manifest.format === FORMAT ? manifest : undefined;
  } catch {
    return undefined; // a dist/ of the old clean build, or a hand-run tsc
  }
}

/**
 * TypeScript's compiler is one 9 MB file: compiling it took most of a build after a one-line
 * change. It is loaded with a V8 code cache in node_modules/.cache/edp-typescript (keyed by
 * the file, its size and time, and Node's V8), written when the build ends so that it also holds
 * the functions the transpile compiled. A cache V8 refuses is written again; the module is the
 * same either way, only its compile is skipped.
 * @param {string} file the resolved typescript.js
 * @returns {{ ts: typeof import('typescript'), cache: 'used' | 'made' }} made: V8 had none it accepts, one is written at exit
 */
function loadTypeScript(file) {
  const loaded = typeScripts.get(file);
  if (loaded) return loaded;
  const vm = require('vm');
  const Module = require('module');
  const cacheFile = typeScriptCache(file);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext()(module.exports, Module.createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        const partial = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(partial, script.createCachedData());
        fs.renameSync(partial, cacheFile);
      } catch {
        // A cache is only a shortcut.
      }
    });
  }
  const result = { ts: /** @type {typeof import('typescript')} */ (module.exports), cache: /** @type {'used' | 'made'} */ (cachedData === undefined || script.cachedDataRejected ? 'made' : 'used') };
  typeScripts.set(file, result);
  return result;
}

/**
 * TypeScript once per process, as `require` would keep it: a writer that builds again and again
 * loaded the compiler for every build.
 * @type {Map<string, { ts: typeof import('typescript'), cache: 'used' | 'made' }>}
 */
const typeScripts = new Map();

/**
 * Where the code cache of `file` (typescript.js) is: next to the TypeScript it belongs to
 * (node_modules/.cache), also for a project whose node_modules links to another's typescript.
 * @param {string} file
 */
function typeScriptCache(file) {
  const stat = fs.statSync(file);
  const key = sha1(JSON.stringify([file, stat.size, stat.mtimeMs, process.version, process.versions.v8, process.arch]));
  return path.join(path.dirname(path.dirname(path.dirname(fs.realpathSync(file)))), '.cache', 'edp-typescript', `${key}.bin`);
}

/**
 * Transpiles one source at a time with the project's compiler options.
 * @param {string} root
 */
function transpiler(root) {
  let resolved;
  try {
    resolved = require.resolve('typescript', { paths: [root] });
  } catch {
    throw new BuildError(`no TypeScript in ${path.join(root, 'node_modules')}; run npm ci first`);
  }
  const { ts } = loadTypeScript(resolved);
  const configFile = path.join(root, 'tsconfig.json');
  const read = ts.readConfigFile(configFile, ts.sys.readFile);
  const format = (/** @type {readonly import('typescript').Diagnostic[]} */ d) =>
    ts.formatDiagnostics(d, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' }).trim();
  if (read.error) throw new BuildError(format([read.error]));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root, undefined, configFile);
  const optionErrors = parsed.errors.filter((e) => e.code !== 18003); // "no inputs": irrelevant here
  if (optionErrors.length > 0) throw new BuildError(format(optionErrors));
  const compilerOptions = { ...parsed.options, noEmit: false };
  /** @param {string} file @param {string} text */
  return (file, text) => {
    const out = ts.transpileModule(text, { compilerOptions, fileName: path.join(root, file), reportDiagnostics: true });
    if (out.diagnostics && out.diagnostics.length > 0) throw new BuildError(format(out.diagnostics));
    return out.outputText;
  };
}

/**
 * Writes a complete build of `stamps`' sources into a new folder and returns it.
 * @param {string} root
 * @param {Stamps} stamps
 * @param {{ dir: string, manifest: Manifest } | undefined} previous
 * @param {readonly string[]} reuse other build folders to take outputs of same sources from
 * @returns {{ dir: string, transpiled: number }}
 */
function build(root, stamps, previous, reuse) {
  const id = `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  const dir = path.join(root, `${PREFIX}${id}`);
  fs.mkdirSync(dir);
  try {
    const tools = toolsOf(root);
    const old = previous?.manifest.tools === tools ? previous.manifest.stamps : undefined;
    // Other builds with the same tools: source hash -> output file.
    /** @type {Map<string, string>} */
    const byHash = new Map();
    for (const other of [...(previous ? [previous.dir] : []), ...reuse]) {
      const m = manifestOf(other);
      if (m?.tools === tools) for (const [file, hash] of Object.entries(m.hashes)) byHash.set(`${file}\0${hash}`, path.join(other, outputOf(file)));
    }
    /** @type {Record<string, string>} */
    const hashes = {};
    /** @type {ReturnType<typeof transpiler> | undefined} */
    let transpile;
    let transpiled = 0;
    const made = new Set();
    for (const file of Object.keys(stamps)) {
      if (file === 'tsconfig.json' || file.startsWith('node_modules/')) continue;
      const out = path.join(dir, outputOf(file));
      const parent = path.dirname(out);
      if (!made.has(parent)) {
        fs.mkdirSync(parent, { recursive: true });
        made.add(parent);
      }
      if (previous && old?.[file] && previous.manifest.hashes[file] && sameStamps({ [file]: stamps[file] }, { [file]: old[file] }) && take(path.join(previous.dir, outputOf(file)), out)) {
        hashes[file] = previous.manifest.hashes[file];
        continue;
      }
      const data = fs.readFileSync(path.join(root, file));
      hashes[file] = sha1(data);
      const same = byHash.get(`${file}\0${hashes[file]}`);
      if (same && take(same, out)) continue;
      const text = data.toString('utf8');
      if (file.endsWith('.js')) {
        fs.writeFileSync(out, text);
      } else {
        transpile ??= transpiler(root);
        try {
          fs.writeFileSync(out, transpile(file, text));
        } catch (e) {
          if (e instanceof BuildError) throw e;
          throw new BuildError(`${file}: ${/** @type {Error} */ (e).message}`);
        }
        transpiled++;
      }
    }
    linkEntries(root, dir, Object.keys(stamps).filter(isEntry));
    /** @type {Manifest} */
    const manifest = { format: FORMAT, stamps, hashes, tools };
    fs.writeFileSync(path.join(dir, MANIFEST), `${JSON.stringify(manifest)}\n`);
    return { dir, transpiled };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/**
 * Hard-links (or, across file systems, copies) an output of another build; false if it is gone.
 * @param {string} from
 * @param {string} to
 */
function take(from, to) {
  try {
    fs.linkSync(from, to);
    return true;
  } catch (e) {
    if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT') return false;
  }
  try {
    fs.copyFileSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * Points `dist` at `dir` with one rename (atomic on POSIX file systems).
 * @param {string} root
 * @param {string} dir
 * @param {string | undefined} previousDir
 */
function publish(root, dir, previousDir) {
  const link = path.join(root, LINK);
  const next = path.join(root, `${PREFIX}next-${process.pid}`);
  fs.rmSync(next, { force: true });
  fs.symlinkSync(path.basename(dir), next, 'dir');
  const current = fs.lstatSync(link, { throwIfNoEntry: false });
  if (current && !current.isSymbolicLink()) {
    // A real dist/ folder (the old clean build): move it aside once, to be removed later.
    const aside = path.join(root, `${PREFIX}old-${process.pid}`);
    try {
      fs.renameSync(link, aside);
      const now = new Date();
      fs.utimesSync(aside, now, now);
    } catch (e) {
      if (/** @type {NodeJS.ErrnoException} */ (e).code !== 'ENOENT') throw e; // another build moved it
    }
  }
  fs.renameSync(next, link);
  // Mark when the previous build was replaced: it is removed RETIRED_MS from now.
  if (previousDir && previousDir !== dir) {
    const now = new Date();
    try {
      fs.utimesSync(previousDir, now, now);
    } catch {
      // already removed
    }
  }
}

/**
 * Removes build folders (and leftover links) replaced more than RETIRED_MS ago.
 * @param {string} root
 * @param {number} now
 */
function collect(root, now) {
  let current;
  try {
    current = path.basename(fs.realpathSync(path.join(root, LINK)));
  } catch {
    current = undefined;
  }
  for (const name of fs.readdirSync(root)) {
    if (!name.startsWith(PREFIX) || name === current) continue;
    const full = path.join(root, name);
    const s = fs.lstatSync(full, { throwIfNoEntry: false });
    if (s && now - s.mtimeMs > RETIRED_MS) fs.rmSync(full, { recursive: true, force: true });
  }
}

/**
 * Makes `<root>/dist` a complete build of the current sources. Cheap when nothing changed.
 * @param {string} root the project folder (holding tsconfig.json, main.ts and lib/)
 * @param {{ reuse?: readonly string[] }} [options] `reuse`: other build folders whose outputs
 *   of sources with the same content are taken instead of transpiling again
 * @returns {{ built: boolean, transpiled: number }}
 */
function ensureBuild(root, options = {}) {
  for (let attempt = 0; ; attempt++) {
    const stamps = stampsOf(root);
    const previous = published(root);
    if (previous && sameStamps(previous.manifest.stamps, stamps)) return { built: false, transpiled: 0 };
    let made;
    try {
      made = build(root, stamps, previous, options.reuse ?? []);
    } catch (e) {
      // A source removed while this build read the sources: look at them again.
      if (/** @type {NodeJS.ErrnoException} */ (e).code === 'ENOENT' && attempt < 5) continue;
      throw e;
    }
    const { dir, transpiled } = made;
    // Sources edited while this build ran: this build is already out of date, make it again.
    if (!sameStamps(stampsOf(root), stamps) && attempt < 5) {
      fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    publish(root, dir, previous?.dir);
    collect(root, Date.now());
    return { built: true, transpiled };
  }
}

/**
 * The build folder a module of a build runs from (`__dirname` of a module in it, or any folder
 * inside it), or undefined when it runs from the sources (ts-jest).
 * @param {string} dir
 * @returns {string | undefined}
 */
function buildFolderOf(dir) {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, MANIFEST))) return d;
    if (path.dirname(d) === d || fs.existsSync(path.join(d, 'package.json'))) return undefined;
  }
}

module.exports = { BuildError, buildFolderOf, ensureBuild, loadTypeScript, sourceFiles, typeScriptCache, LINK, PREFIX, MANIFEST, RETIRED_MS };

/**
 * cdktf's index loads `archiver` (and with it glob, lodash, readable-stream, the zip and tar
 * streams: about 200 of the 380 modules `require('cdktf')` loads, 40% of its load time) for one
 * use: zipping a TerraformAsset's folder at synth. The stacks of this program hold no asset.
 * `deferArchiver()`, called before cdktf loads, puts a stand-in for cdktf's `archiver` into Node's
 * module cache that loads the real package the first time anything uses it (a call or a property),
 * and from then on is that package: a synth without assets never loads it, one with an asset
 * zips it exactly as before. Output does not change.
 *
 * Only for a plain Node process (the program): jest keeps its own module registry, where this
 * does nothing.
 */
import Module = require('module');
import { dirname, join } from 'path';
import { CDKTF_LIB } from './cdktf-internals';

/** The file cdktf loads for `require("archiver")` (from lib/private/fs.js). */
export function archiverFile(): string {
  return require.resolve('archiver', { paths: [join(CDKTF_LIB, 'private')] });
}

/**
 * The archiver's exports until its first use, which `load` gives: a function target, so that
 * cdktf's `archiver("zip", options)` call works; everything else (properties, `new`, prototype)
 * is forwarded to the real package. Also the test files' stand-in (test/support/deferred-archiver.ts).
 */
export function archiverStandIn(load: () => object): object {
  const target = function archiver() {} as unknown as object;
  return new Proxy(target, {
    apply: (_t, self, args) => Reflect.apply(load() as (...a: unknown[]) => unknown, self, args),
    construct: (_t, args) => Reflect.construct(load() as new (...a: unknown[]) => object, args),
    get: (_t, key) => Reflect.get(load(), key),
    has: (_t, key) => Reflect.has(load(), key),
  });
}

/**
 * Installs the stand-in unless cdktf's archiver is loaded already (then nothing changes); returns
 * whether it did. Idempotent.
 */
export function deferArchiver(): boolean {
  const file = archiverFile();
  const cache = require.cache;
  if (cache[file]) return false;
  let real: unknown;
  const load = (): object => {
    if (real === undefined) {
      // Out of the cache, so that require() runs the real module; its module replaces the stand-in.
      if (cache[file] === standIn) delete cache[file];
      real = require(file);
    }
    return real as object;
  };
  const exports = archiverStandIn(load);
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  standIn.exports = exports;
  standIn.loaded = true;
  cache[file] = standIn;
  return true;
}

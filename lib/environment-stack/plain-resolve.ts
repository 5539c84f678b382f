/**
 * cdktf resolves every stack three times (the policy's reads aside): a preparing pass over each
 * element, the element again at synth, and then the whole merged stack once more, already
 * resolved. Its resolver builds two closures, a context object and a copy of its options for
 * every object key, array item and string it passes, whether a token is there or not: about a
 * third of a synth (docs/performance.md). Most of a stack is plain data around a few tokens.
 *
 * `resolvePlainDataDirectly()` puts a walk in front of cdktf's resolve (its entry point, which
 * Tokenization.resolve calls) that copies plain data itself and hands everything else to cdktf
 * at the same path, with the same options: a string holding a token marker, a map-token value
 * or anything the number-token pattern matches; a number that is a token or the map-token value;
 * an array with any such element; an object that is not a plain object (a token, Date, class
 * instance), that has a `resolve` function, looks like a construct or has such a key; anything
 * nested deeper than cdktf's depth check comes near; anything else (functions, ...). What the walk
 * copies is what cdktf's resolver returns for it (the same value, undefined entries dropped, in
 * the same order), and cdktf's resolver sees nothing else: no context it could read differs,
 * because the contexts of plain containers carry nothing at the top (no previous context).
 * Calls from inside a resolution (a previous context, or a prefix) go to cdktf unchanged.
 * test/environment-stack/plain-resolve.test.ts compares both on generated values with tokens;
 * the stack snapshots stay byte-identical.
 */
import { cdktfModule } from './cdktf-internals';

export interface ResolveOptions {
  readonly prefix?: readonly string[];
  readonly previousContext?: unknown;
  readonly [key: string]: unknown;
}
export type ResolveFunction = (obj: unknown, options: ResolveOptions) => unknown;

export interface Markers {
  readonly stringMap: string;
  readonly anyMap: string;
  readonly numberMap: number;
  readonly tokenDouble: (n: number, list: boolean) => number | undefined;
}

/** cdktf's NUMBER_TOKEN_REGEX (tokens/private/encoding.js), without the global flag. */
const NUMBER_TOKEN = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/;
/** The start shared by cdktf's string, list and map token markers (`${`, `#{`, `&{` before it). */
const TOKEN_MARKER = '{TfToken[';
/** Well below cdktf's depth limit (200): deeper values go to cdktf, which checks it. */
const MAX_DEPTH = 100;
/** Marks the walk, so that it is installed once per cdktf module instance. */
const INSTALLED = Symbol.for('edp.plainDataResolver');

/** The walk in front of `resolve`; `markers` are cdktf's (see resolvePlainDataDirectly). */
export function plainDataResolver(resolve: ResolveFunction, markers: Markers): ResolveFunction {
  const plainString = (s: string) => !s.includes(TOKEN_MARKER) && s !== markers.stringMap && s !== markers.anyMap && !NUMBER_TOKEN.test(s);
  const plainNumber = (n: number) => n !== markers.numberMap && markers.tokenDouble(n, false) === undefined && markers.tokenDouble(n, true) === undefined;
  const plainItem = (x: unknown) => (typeof x === 'string' ? plainString(x) : typeof x === 'number' ? plainNumber(x) : true);

  /** cdktf's resolve of `value` at `path` (copied: the walk's own path changes as it goes). */
  const cdktf = (value: unknown, options: ResolveOptions, path: readonly string[]) => resolve(value, { ...options, prefix: path.slice() });

  /** `path`: the keys down to `value`, pushed and popped as the walk goes. */
  function walk(value: unknown, options: ResolveOptions, path: string[]): unknown {
    switch (typeof value) {
      case 'undefined':
        return undefined;
      case 'boolean':
        return value;
      case 'string':
        return plainString(value) ? value : cdktf(value, options, path);
      case 'number':
        return plainNumber(value) ? value : cdktf(value, options, path);
      case 'object': {
        if (value === null) return null;
        if (path.length > MAX_DEPTH) return cdktf(value, options, path);
        if (Array.isArray(value)) {
          if (Object.getPrototypeOf(value) !== Array.prototype || !value.every(plainItem)) return cdktf(value, options, path);
          const out: unknown[] = [];
          for (let i = 0; i < value.length; i++) {
            path.push(`${i}`);
            const item = walk(value[i], options, path);
            path.pop();
            if (item !== undefined) out.push(item);
          }
          return out;
        }
        const proto = Object.getPrototypeOf(value);
        const record = value as Record<string, unknown>;
        if (proto !== Object.prototype && proto !== null) return cdktf(value, options, path);
        if (typeof record.resolve === 'function' || (record._children !== undefined && record._metadata !== undefined)) return cdktf(value, options, path);
        const keys = Object.keys(record);
        if (!keys.every(plainString)) return cdktf(value, options, path);
        const out: Record<string, unknown> = {};
        for (const key of keys) {
          path.push(key);
          const item = walk(record[key], options, path);
          path.pop();
          if (item !== undefined) out[key] = item;
        }
        return out;
      }
      default:
        return cdktf(value, options, path);
    }
  }

  const resolvePlainData: ResolveFunction = (obj, options) => {
    if (options.previousContext !== undefined || (options.prefix !== undefined && options.prefix.length > 0)) return resolve(obj, options);
    return walk(obj, options, []);
  };
  return Object.assign(resolvePlainData, { [INSTALLED]: true });
}

interface ResolveModule {
  resolve?: ResolveFunction;
}

/** cdktf's resolve module (tokens/private/resolve.js) and its token markers. */
export function cdktfResolve(): { module: ResolveModule; markers: Markers } | undefined {
  // cdktf's modules call it as `(0, resolve_1.resolve)(...)`, through this object.
  const module = cdktfModule<ResolveModule>('tokens/private/resolve.js');
  const encoding = cdktfModule<{ extractTokenDouble?: Markers['tokenDouble'] }>('tokens/private/encoding.js');
  const { Token } = cdktfModule<{ Token?: { STRING_MAP_TOKEN_VALUE?: unknown; ANY_MAP_TOKEN_VALUE?: unknown; NUMBER_MAP_TOKEN_VALUE?: unknown } }>('tokens/token.js');
  const tokenDouble = encoding.extractTokenDouble;
  const stringMap = Token?.STRING_MAP_TOKEN_VALUE;
  const anyMap = Token?.ANY_MAP_TOKEN_VALUE;
  const numberMap = Token?.NUMBER_MAP_TOKEN_VALUE;
  // Another cdktf than the one this was written against: leave its resolve alone.
  if (typeof module.resolve !== 'function' || typeof tokenDouble !== 'function' || typeof stringMap !== 'string' || typeof anyMap !== 'string' || typeof numberMap !== 'number') return undefined;
  return { module, markers: { stringMap, anyMap, numberMap, tokenDouble } };
}

/** Installs the walk in front of cdktf's resolve, once per cdktf module instance. */
export function resolvePlainDataDirectly(): void {
  const cdktf = cdktfResolve();
  if (!cdktf || INSTALLED in cdktf.module.resolve!) return;
  cdktf.module.resolve = plainDataResolver(cdktf.module.resolve!, cdktf.markers);
}

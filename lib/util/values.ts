/**
 * Helpers every layer uses to read untyped data (YAML, JSON plans, synthesized attributes, chart
 * values) and to name what it found in messages: written once, here, below every layer.
 */

/** A plain mapping: an object that is neither null nor a list. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value at a path of keys and list indexes, or undefined where the path leaves the data. */
export function valueAt(root: unknown, path: readonly (string | number)[]): unknown {
  let current: unknown = root;
  for (const step of path) {
    if (typeof step === 'number' ? !Array.isArray(current) : !isRecord(current)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/**
 * A field path from keys and indexes: `a.b[0].c`. Keys that are no plain words (an empty key, a
 * key with dots, slashes or spaces) are quoted, `a[""]`, so that every path names its field.
 */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.map((s, i) => pathSegment(s, i === 0)).join('');
}

/** One segment of {@link formatPath}: `.key`, `key` when first, `["a.b"]`, `[0]`. */
export function pathSegment(segment: string | number, first: boolean): string {
  if (typeof segment === 'number') return `[${segment}]`;
  if (!/^[\w$-]+$/.test(segment)) return `[${JSON.stringify(segment)}]`;
  return first ? segment : `.${segment}`;
}

/**
 * A value someone wrote, for `got ...` in messages: strings quoted, lists and mappings by kind.
 * @param mapping the word for a mapping: `a mapping` in YAML, `an object` in JSON
 */
export function describeValue(value: unknown, mapping = 'a mapping'): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return mapping;
  return String(value);
}

/**
 * Structural difference of two JSON values, as key paths. Strings that hold a YAML or JSON
 * document (helm_release `values`, bucket policies) are parsed and compared as structure, so a
 * helm value change reads `values[0].server.replicas: 1 -> 2` instead of two blobs. Lists of
 * Kubernetes objects are matched by kind and name, lists of named things by name, so that an
 * inserted item does not show up as a change of every item after it.
 */
import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { isRecord, pathSegment } from '../../util/values';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Segment =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'index'; readonly index: number }
  /** A list item matched by identity; `object` marks a Kubernetes object (`Application argocd/argocd`). */
  | { readonly kind: 'item'; readonly id: string; readonly object: boolean };

export interface ValueChange {
  readonly path: readonly Segment[];
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: Json;
  readonly after?: Json;
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => isRecord(v);

/** A YAML/JSON document inside a string, or undefined when the string is plain text. */
export function embeddedDocument(s: string): Json | undefined {
  if (!s.includes('\n') && !/^\s*[[{]/.test(s)) return undefined;
  try {
    const docs = parseAllDocuments(s);
    if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return undefined;
    const values = docs.map((d) => d.toJS() as Json);
    const value = values.length === 1 ? values[0] : values;
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Identity of a list item: `Kind namespace/name` for Kubernetes objects, `name=x` for named items. */
function itemId(v: Json): { id: string; object: boolean } | undefined {
  if (!isObject(v)) return undefined;
  const meta = v.metadata;
  if (typeof v.kind === 'string' && isObject(meta) && typeof meta.name === 'string') {
    return { id: `${v.kind} ${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${meta.name}`, object: true };
  }
  if (typeof v.name === 'string') return { id: `name=${v.name}`, object: false };
  return undefined;
}

/** Keys for every item of both lists when they are unique on each side, else undefined. */
function keyed(a: readonly Json[], b: readonly Json[]): { a: Map<string, Json>; b: Map<string, Json>; object: Map<string, boolean> } | undefined {
  const object = new Map<string, boolean>();
  const index = (list: readonly Json[]): Map<string, Json> | undefined => {
    const map = new Map<string, Json>();
    for (const item of list) {
      const id = itemId(item);
      if (!id || map.has(id.id)) return undefined;
      map.set(id.id, item);
      object.set(id.id, id.object);
    }
    return map;
  };
  const ka = index(a);
  const kb = index(b);
  return ka && kb && (ka.size > 0 || kb.size > 0) ? { a: ka, b: kb, object } : undefined;
}

/** Plain values only: no objects, no strings holding a document (helm `values` are lists of YAML strings). */
const isScalarList = (l: readonly Json[]) => l.every((v) => v === null || (typeof v !== 'object' && (typeof v !== 'string' || embeddedDocument(v) === undefined)));

export function diffValues(before: Json | undefined, after: Json | undefined, path: readonly Segment[] = []): ValueChange[] {
  if (isDeepStrictEqual(before, after)) return [];
  if (before === undefined) return [{ path, kind: 'added', after }];
  if (after === undefined) return [{ path, kind: 'removed', before }];
  if (typeof before === 'string' && typeof after === 'string') {
    const a = embeddedDocument(before);
    const b = embeddedDocument(after);
    if (a !== undefined && b !== undefined) return diffValues(a, b, path);
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => diffValues(before[key], after[key], [...path, { kind: 'key', key }]));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    // Short lists of plain values (stacks, CIDRs, args) read best as a whole.
    if (isScalarList(before) && isScalarList(after)) return [{ path, kind: 'changed', before, after }];
    const k = keyed(before, after);
    if (k) {
      const ids = [...k.a.keys(), ...[...k.b.keys()].filter((id) => !k.a.has(id))];
      return ids.flatMap((id) => diffValues(k.a.get(id), k.b.get(id), [...path, { kind: 'item', id, object: k.object.get(id) ?? false }]));
    }
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => diffValues(before[i], after[i], [...path, { kind: 'index', index: i }])).flat();
  }
  return [{ path, kind: 'changed', before, after }];
}

/** `a.b[0]["cert-manager.io/cluster-issuer"][Application argocd/argocd]` */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) out += s.kind === 'item' ? `[${s.id}]` : pathSegment(s.kind === 'key' ? s.key : s.index, out === '');
  return out;
}

const MAX_VALUE = 120;

/** A value for one line of output: plain when unambiguous, else JSON; long values are cut. */
export function formatValue(v: Json | undefined): string {
  if (v === undefined) return '(none)';
  let text: string;
  if (typeof v === 'string') text = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$/.test(v) && !/^(true|false|null|\d+(\.\d+)?)$/.test(v) ? v : JSON.stringify(v);
  else text = JSON.stringify(v);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}… (${text.length} characters)` : text;
}

/**
 * How far a value path reaches into a chart's values.schema.json. A key is described when a
 * `properties` entry or a `patternProperties` pattern names it; an object schema that constrains
 * no keys (`{type: object}`, `additionalProperties: true` or a schema) takes any key, so the path
 * is free-form (`whole`) from there, unless that additional schema itself lists properties. A
 * schema that closes an object (`additionalProperties: false`) is authoritative: a key it does
 * not describe is `closed`, whatever the templates seem to read.
 */
import { isRecord as isObject } from '../../../util/values';
import type { Reach } from './path-trie';

type Schema = Record<string, unknown> | boolean;

export type SchemaReach = Reach | 'closed';


function resolve(root: Schema, s: Schema, depth = 0): Record<string, unknown>[] {
  if (!isObject(s) || depth > 20) return [];
  const out: Record<string, unknown>[] = [];
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#')) {
    let target: unknown = root;
    for (const part of s.$ref.slice(1).split('/').filter(Boolean)) target = isObject(target) ? target[decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
    if (isObject(target)) out.push(...resolve(root, target, depth + 1));
  }
  out.push(s);
  for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) for (const sub of s[k] as Schema[]) out.push(...resolve(root, sub, depth + 1));
  if (isObject(s.then)) out.push(...resolve(root, s.then, depth + 1));
  if (isObject(s.else)) out.push(...resolve(root, s.else, depth + 1));
  return out;
}

const SHAPES = ['properties', 'patternProperties', 'additionalProperties', 'items', 'prefixItems'];

/**
 * A schema (with what its `$ref`, `allOf`, `anyOf`, `oneOf`, `then` add) that says nothing about
 * what is inside (no keys, no items) while allowing a map or list: any content.
 */
function open(group: Record<string, unknown>[]): boolean {
  const typed = group.filter((n) => n.type !== undefined);
  const container = typed.every((n) => (Array.isArray(n.type) ? n.type : [n.type]).some((t) => t === 'object' || t === 'array'));
  return container && !group.some((n) => SHAPES.some((k) => k in n));
}

function step(root: Schema, nodes: Record<string, unknown>[], seg: string): { next: Record<string, unknown>[]; reach: SchemaReach } {
  const groups: Record<string, unknown>[][] = [];
  let free = false;
  let closed = false;
  const enter = (sub: unknown) => {
    if (sub === true) free = true;
    else if (isObject(sub)) groups.push(resolve(root, sub));
  };
  for (const n of nodes) {
    if (seg === '*') {
      const items = n.items ?? n.prefixItems;
      for (const it of Array.isArray(items) ? items : items === undefined ? [] : [items]) enter(it);
      continue;
    }
    const props = isObject(n.properties) ? n.properties : {};
    if (seg in props) {
      enter(props[seg]);
      continue;
    }
    let matched = false;
    if (isObject(n.patternProperties)) {
      for (const [re, p] of Object.entries(n.patternProperties)) {
        if (new RegExp(re, 'u').test(seg)) {
          matched = true;
          enter(p);
        }
      }
    }
    if (matched) continue;
    const add = n.additionalProperties;
    if (add === false) closed = true;
    else if (add === true || (isObject(add) && Object.keys(add).length === 0)) free = true;
    else if (isObject(add)) enter(add);
  }
  if (groups.some(open)) free = true;
  const next = groups.flat();
  return { next, reach: free ? 'whole' : next.length > 0 ? 'known' : closed ? 'closed' : 'unknown' };
}

/** How far `segs` (`*` for a list position) reaches into `schema`. */
export function schemaReach(schema: Schema, segs: readonly string[]): SchemaReach {
  let nodes = resolve(schema, schema);
  if (open(nodes)) return 'whole';
  let reach: SchemaReach = 'known';
  for (const seg of segs) {
    const r = step(schema, nodes, seg);
    if (r.reach !== 'known') return r.reach;
    nodes = r.next;
    reach = r.reach;
  }
  return reach;
}

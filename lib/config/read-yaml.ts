import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { formatPath } from '../util/values';
import { ConfigProblem } from './errors';
import { readText } from './files';
import { LIMITS } from './limits';

export type YamlResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: ConfigProblem[] };

const TOO_DEEP = `expected at most ${LIMITS.depth} levels of lists and mappings inside each other, got more`;

function fail(file: string, message: string, path = ''): YamlResult {
  return { ok: false, problems: [{ file, path, message }] };
}

/**
 * YAML 1.1 types that yaml resolves by their explicit tag even in the YAML 1.2 core schema: they
 * would reach the schema as a JS Set, Map, Date or Uint8Array, which no field takes, and the schema
 * could only say "expected a mapping, got a mapping".
 */
const FOREIGN_TAGS: Record<string, string> = {
  'tag:yaml.org,2002:set': '!!set',
  'tag:yaml.org,2002:omap': '!!omap',
  'tag:yaml.org,2002:pairs': '!!pairs',
  'tag:yaml.org,2002:timestamp': '!!timestamp',
  'tag:yaml.org,2002:binary': '!!binary',
};

/**
 * In one pass over the document, in the order of the file: keys given twice in one mapping
 * (yaml's own `uniqueKeys` check compares every key with every other one: minutes for a file of
 * many thousand keys; keys compare like yaml does, scalars by value and type, complex keys never),
 * and nodes carrying one of FOREIGN_TAGS, named at their tag.
 */
function nodeProblems(root: unknown, text: string, lines: LineCounter): string[] {
  const found: { at: number; message: string }[] = [];
  const report = (at: number, message: string) => {
    const pos = lines.linePos(at);
    found.push({ at, message: `line ${pos.line}, column ${pos.col}: ${message}` });
  };
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isPair(node)) {
      stack.push(node.key, node.value);
      continue;
    }
    if (!isMap(node) && !isSeq(node) && !isScalar(node)) continue;
    const tag = node.tag && FOREIGN_TAGS[node.tag];
    if (tag && node.range) {
      // A node's range starts at its value; its tag is the last token before it. Looking back a
      // bounded stretch keeps a file of many tagged values linear.
      const start = node.range[0];
      const from = Math.max(0, start - 256);
      const tagged = /(!<[^>]*>|![!\w-]*)\s*$/.exec(text.slice(from, start));
      report(tagged ? from + tagged.index : start, `YAML error: the tag ${tag} is not supported here: settings are mappings, lists, text, numbers and booleans; remove the tag`);
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const { key } of node.items) {
        if (!isScalar(key)) continue;
        const id = `${typeof key.value}:${String(key.value)}`;
        if (seen.has(id) && key.range) report(key.range[0], 'YAML syntax error: Map keys must be unique');
        seen.add(id);
      }
    }
    if (isMap(node) || isSeq(node)) stack.push(...node.items);
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.message);
}

/** The path of the first value nested deeper than LIMITS.depth, without recursion. */
function tooDeep(value: unknown): string | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length > 0) {
    const { value: v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= LIMITS.depth) return formatPath(path.slice(0, 1));
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, child] of entries) stack.push({ value: child, path: [...path, k] });
  }
  return undefined;
}

/**
 * Reads one YAML file. Unreadable entries, syntax errors and duplicate keys become problems with
 * line and column; an empty file is a problem too, since every file needs at least one field.
 * Within LIMITS no input makes this slow or overflow the stack.
 */
export function readYaml(absolutePath: string, file: string): YamlResult {
  const read = readText(absolutePath);
  if (!read.ok) return fail(file, read.message);
  const lines = new LineCounter();
  let value: unknown;
  try {
    const doc = parseDocument(read.text, { prettyErrors: true, uniqueKeys: false, lineCounter: lines });
    const errors = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
      const firstLine = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      return `${where}YAML syntax error: ${firstLine}`;
    });
    if (errors.length === 0) errors.push(...nodeProblems(doc.contents, read.text, lines));
    if (errors.length > 0) return { ok: false, problems: errors.map((message) => ({ file, path: '', message })) };
    try {
      value = doc.toJS();
    } catch (e) {
      if (e instanceof RangeError) throw e;
      // Resolving aliases can fail after a clean parse (an alias bomb: "Excessive alias count").
      return fail(file, `YAML error: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
  } catch (e) {
    // The parser recurses per level of nesting: thousands of "[" overflow the stack.
    if (e instanceof RangeError) return fail(file, TOO_DEEP);
    throw e;
  }
  const deep = tooDeep(value);
  if (deep !== undefined) return fail(file, TOO_DEEP, deep);
  if (value === null || value === undefined) {
    return fail(file, 'the file is empty: expected a mapping of settings');
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    return fail(file, `expected a mapping of settings, got ${Array.isArray(value) ? 'a list' : JSON.stringify(value)}`);
  }
  return { ok: true, value };
}

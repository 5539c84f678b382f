/**
 * Generated input: random mutations of the shipped environment and tenant files (keys deleted,
 * values of another type, unknown keys, mangled strings, broken YAML) fed to the loader. Whatever
 * the input, the loader either loads it or throws one ConfigError whose problems each name a file
 * and, for schema problems, a field path; it never throws anything else.
 */
import fc from 'fast-check';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { ConfigError } from '../../lib/config/errors';
import { loadEnvironments } from '../../lib/config/load';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { envTree } from '../support/env-tree';
import { ROOT } from '../support/synth';

/** The shipped tree: path under environments/ -> text. */
const SHIPPED: Record<string, string> = Object.fromEntries(
  readdirSync(join(ROOT, 'environments')).flatMap((tenant) =>
    readdirSync(join(ROOT, 'environments', tenant)).map((file) => [`${tenant}/${file}`, readFileSync(join(ROOT, 'environments', tenant, file), 'utf8')]),
  ),
);
const FILES = Object.keys(SHIPPED).sort();

/** Problems that concern a whole file carry no field path. */
const FILE_LEVEL = [/^(line \d+, column \d+: )?YAML (syntax )?error: /, /^the file is empty: /, /^expected a mapping of settings, got /, /^expected a stack id of its own, /, /^expected physical names of its own, /, /^expected (a|a regular|a readable) file, /, /^expected text, /, /^expected UTF-8 text, /, /^expected at most \d+ levels of /];

type Path = (string | number)[];

function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

/** The value at a path, reading own properties only (a key may be `__proto__`). */
function valueAt(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const step of path) {
    if (!node || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, step)) return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

const isMapping = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Sets an own property, also for names like `__proto__`. */
function put(target: Record<string | number, unknown>, key: string | number, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('EDP-RDS-1', 'production', 'local', '10.0.0.0/8', '10.10.0.1/33', 'eu-de-01', 'eu-nl-09', 'core', 'otc', 'forgejo', 'v1.31', '16', 'no', '~', ''),
);
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 2 }));
const key = fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'toString', '<<', 'stacks', 'tier', 'rule', '1'));

type DataMutation =
  | { kind: 'delete'; pick: number }
  | { kind: 'retype'; pick: number; value: unknown }
  | { kind: 'insert'; pick: number; key: string; value: unknown }
  | { kind: 'mangle'; pick: number; how: number; extra: string };

const dataMutation: fc.Arbitrary<DataMutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), pick: fc.nat(), value }),
  fc.record({ kind: fc.constant('insert' as const), pick: fc.nat(), key, value }),
  fc.record({ kind: fc.constant('mangle' as const), pick: fc.nat(), how: fc.nat(5), extra: fc.string({ maxLength: 8 }) }),
);

/** Text-level damage: YAML punctuation, anchors and aliases, tags, tabs, truncation. */
const textMutation = fc.record({
  at: fc.nat(),
  insert: fc.oneof(
    fc.constantFrom(':', '- ', '[', ']', '{', '}', '&a ', '*a', '*nope', '!!str ', '!!binary ', '!!set ', '!custom ', '\t', '\n', '"', "'", '#', '|', '> ', '? ', '%YAML 1.1\n---\n', '---\n', '...\n', '\u0000', '\uFEFF', 'key: value\n', '<<: *a\n'),
    // An alias bomb: each level doubles the expansion.
    fc.constant('a: &a [x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n'),
    fc.string({ maxLength: 6 }),
  ),
  truncate: fc.boolean(),
});

/** The shipped files parsed once (a run starts from a copy: structuredClone of parsed YAML is the same plain data). */
const PARSED = new Map(Object.values(SHIPPED).map((text) => [text, parse(text) as unknown]));

function applyData(text: string, mutations: readonly DataMutation[]): string {
  const data = PARSED.has(text) ? structuredClone(PARSED.get(text)) : (parse(text) as unknown);
  for (const m of mutations) {
    const all = paths(data);
    if (m.kind === 'insert') {
      const mappings = [[], ...all].filter((p) => isMapping(valueAt(data, p)));
      put(valueAt(data, mappings[m.pick % mappings.length]) as Record<string, unknown>, m.key, m.value);
      continue;
    }
    // Strings are mangled; any value is deleted or retyped.
    const candidates = m.kind === 'mangle' ? all.filter((p) => typeof valueAt(data, p) === 'string') : all;
    if (candidates.length === 0) continue;
    const path = candidates[m.pick % candidates.length];
    const parent = valueAt(data, path.slice(0, -1)) as Record<string | number, unknown>;
    const last = path[path.length - 1];
    if (m.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else if (m.kind === 'retype') {
      put(parent, last, m.value);
    } else {
      const s = parent[last] as string;
      const mangled = [s.toUpperCase(), `${s}${m.extra}`, `${m.extra}${s}`, s.length > 200 ? s : s.repeat(40), s.slice(0, s.length >> 1), ''][m.how];
      put(parent, last, mangled);
    }
  }
  return stringify(data);
}

const scenario = fc.record({
  file: fc.constantFrom(...FILES),
  data: fc.array(dataMutation, { maxLength: 3 }),
  text: fc.option(textMutation, { nil: undefined }),
  second: fc.option(fc.record({ file: fc.constantFrom(...FILES), data: fc.array(dataMutation, { minLength: 1, maxLength: 2 }) }), { nil: undefined }),
});

function mutate(s: fc.RecordValue<typeof scenario extends fc.Arbitrary<infer T> ? T : never>): Record<string, string> {
  const files = { ...SHIPPED };
  files[s.file] = applyData(files[s.file], s.data);
  if (s.second) files[s.second.file] = applyData(files[s.second.file], s.second.data);
  if (s.text) {
    const t = files[s.file];
    const at = s.text.at % (t.length + 1);
    files[s.file] = s.text.truncate ? t.slice(0, at) : t.slice(0, at) + s.text.insert + t.slice(at);
  }
  return files;
}

/**
 * One tree for all runs: every mutated tree has the shipped files' paths (only their text
 * changes), so a run writes each file over the last run's instead of making and removing a tree,
 * and only the files whose text differs from what is on disk (a run changes one or two).
 */
let tree: string | undefined;
const onDisk = new Map<string, string>();
afterAll(() => tree && rmSync(tree, { recursive: true, force: true }));

/** Loads a tree; returns the problems, [] when it loads, and fails on anything but a ConfigError. */
function problemsOf(files: Record<string, string>) {
  if (Object.keys(files).sort().join() !== FILES.join()) throw new Error('a mutated tree has other files than the shipped one');
  if (!tree) {
    tree = envTree(files);
    for (const [path, text] of Object.entries(files)) onDisk.set(path, text);
  }
  for (const [path, text] of Object.entries(files)) {
    if (onDisk.get(path) === text) continue;
    writeFileSync(join(tree, 'environments', path), text);
    onDisk.set(path, text);
  }
  try {
    loadEnvironments({ root: tree, stacks: STACK_RULES });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw new Error(`the loader threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not a ConfigError`);
  }
}

it('answers every mutation of the shipped files with a load or a ConfigError naming file and field', () => {
  const files = new Set(FILES.map((f) => `environments/${f}`));
  fc.assert(
    fc.property(scenario, (s) => {
      // Each problem names a file of the tree (or a tenant folder) and says something; one without
      // a field path is about the whole file. The ones that do not, in one assertion per run.
      const wrong = problemsOf(mutate(s)).filter(
        (p) => !(files.has(p.file) || /^environments\/[a-z0-9-]+$/.test(p.file)) || p.message === '' || (p.path === '' && !FILE_LEVEL.some((re) => re.test(p.message))),
      );
      expect(wrong).toEqual([]);
    }),
    // FC_RUNS=5000 explores further (a few seconds per thousand runs).
    { numRuns: Number(process.env.FC_RUNS ?? 300) },
  );
});

it('loads the shipped files unchanged (the mutations start from valid input)', () => {
  expect(problemsOf(SHIPPED)).toEqual([]);
});

/**
 * What a chart version reads of the values handed to it: its values.yaml, its values.schema.json,
 * its templates' `.Values` references (template-reads.ts), the keys Helm itself reads
 * (dependency `condition`s and `tags`), and the same for every subchart under its name or alias,
 * with `global` shared by all. Library subcharts (bitnami `common`, bjw-s `common`) render with
 * the parent's context, and bjw-s merges its defaults into the parent's values: their values.yaml
 * and schema count at the parent's root too.
 *
 * Parsed once per chart folder and kept for the process (charts in the cache never change), and
 * on disk (kept.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import { join, relative } from 'path';
import { parse } from 'yaml';
import { parseTemplate, ParsedTemplate } from './go-template';
import { best, defaultsTrie, PathTrie, Reach } from './path-trie';
import { schemaReach } from './schema-reads';
import { keptChartReads } from './kept';
import { TemplateReads } from './template-reads';

interface Dependency {
  readonly name: string;
  readonly alias?: string;
  readonly condition?: string;
  readonly tags?: readonly string[];
}

interface ChartFile {
  readonly name?: string;
  readonly type?: string;
  readonly dependencies?: readonly Dependency[];
}

/** One chart of a chart tree. */
export interface ChartNode {
  /** `forgejo`, `forgejo/postgresql`: where its values live, from the top chart. */
  readonly key: string;
  readonly name: string;
  readonly library: boolean;
  /** A library that merges its values into its parent's (bjw-s: `set . "Values" (merge ...)`). */
  readonly mergesIntoParent: boolean;
  readonly defaults: PathTrie;
  readonly schema?: Record<string, unknown>;
  /** Keys Helm reads itself: `<alias>.enabled` conditions and `tags.<tag>`. */
  readonly helmReads: PathTrie;
  readonly subcharts: ReadonlyMap<string, ChartNode>;
  readonly templates: PathTrie;
}

function readYaml(file: string): unknown {
  return existsSync(file) ? parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) : undefined;
}

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

interface Loaded {
  readonly node: Omit<ChartNode, 'templates' | 'subcharts'> & { subcharts: Map<string, Loaded> };
  /** Rendered templates (not partials, not NOTES.txt) and tpl'd files, parsed. */
  readonly rendered: ParsedTemplate[];
  readonly all: ParsedTemplate[];
  /** values.yaml of every chart of the tree, by key. */
  readonly values: Map<string, unknown>;
}

function subchartDirs(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const charts = join(dir, 'charts');
  if (!existsSync(charts)) return out;
  for (const e of readdirSync(charts)) {
    const d = join(charts, e);
    if (!statSync(d).isDirectory()) continue;
    const chart = readYaml(join(d, 'Chart.yaml')) as ChartFile | undefined;
    out.set(chart?.name ?? e, d);
  }
  return out;
}

function load(dir: string, key: string): Loaded {
  const chart = (readYaml(join(dir, 'Chart.yaml')) ?? {}) as ChartFile;
  const schemaFile = join(dir, 'values.schema.json');
  const helmReads = new PathTrie();
  const subcharts = new Map<string, Loaded>();
  const dirs = subchartDirs(dir);
  for (const dep of chart.dependencies ?? []) {
    const alias = dep.alias ?? dep.name;
    for (const c of (dep.condition ?? '').split(',').map((s) => s.trim()).filter(Boolean)) helmReads.insert(c.split('.'), true);
    for (const t of dep.tags ?? []) helmReads.insert(['tags', t], true);
    const sub = dirs.get(dep.name);
    if (sub) subcharts.set(alias, load(sub, `${key}/${alias}`));
  }
  const templates = files(join(dir, 'templates')).filter((f) => /\.(ya?ml|tpl|txt|json)$/.test(f));
  const texts = templates.map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
  const parsed = texts.map(({ file, text }) => ({ file, template: parseTemplate(text) }));
  const rendered = parsed.filter((p) => !/^_/.test(p.file.split('/').pop()!) && !/NOTES\.txt$/.test(p.file)).map((p) => p.template);
  // Files a chart renders with `tpl (.Files.Get ...) $` (VictoriaMetrics' rules and dashboards).
  const tplFiles = files(join(dir, 'files')).filter((f) => /\.(ya?ml|json|tpl|txt)$/.test(f) && readFileSync(f, 'utf8').includes('.Values'));
  rendered.push(...tplFiles.map((f) => parseTemplate(readFileSync(f, 'utf8'))));
  const library = chart.type === 'library';
  const values = readYaml(join(dir, 'values.yaml')) ?? {};
  return {
    node: {
      key,
      name: chart.name ?? relative(join(dir, '..'), dir),
      library,
      mergesIntoParent: library && texts.some((t) => /set \$?\.? *"Values"/.test(t.text)),
      defaults: defaultsTrie(values),
      schema: existsSync(schemaFile) ? (JSON.parse(readFileSync(schemaFile, 'utf8')) as Record<string, unknown>) : undefined,
      helmReads,
      subcharts,
    },
    rendered: library ? [] : rendered,
    all: [...parsed.map((p) => p.template), ...[...subcharts.values()].flatMap((s) => s.all)],
    values: new Map([[key, values], ...[...subcharts.values()].flatMap((s) => [...s.values])]),
  };
}

function build(loaded: Loaded, reads: TemplateReads): ChartNode {
  for (const t of loaded.rendered) reads.analyze(loaded.node.key, t);
  const subcharts = new Map([...loaded.node.subcharts].map(([alias, s]) => [alias, build(s, reads)]));
  return { ...loaded.node, subcharts, templates: reads.trie(loaded.node.key) };
}

const cache = new Map<string, ChartNode>();

function analyse(dir: string): ChartNode {
  const loaded = load(dir, (readYaml(join(dir, 'Chart.yaml')) as ChartFile | undefined)?.name ?? 'chart');
  return build(loaded, new TemplateReads(loaded.all, (key) => loaded.values.get(key)));
}

/** The chart in `dir` with everything it reads (once per folder and process; kept on disk: kept.ts). */
export function chartReads(dir: string): ChartNode {
  let node = cache.get(dir);
  if (!node) {
    node = keptChartReads(dir, analyse);
    cache.set(dir, node);
  }
  return node;
}

/** The same, analysed from the chart's files now (for the test that the kept form answers alike). */
export const analyseChartReads = analyse;

/**
 * How far a value path (`*` for a list position) reaches in a chart: `whole` (read as a whole
 * at or above it: everything below is read), `known` (read, look further down), `unknown`.
 * `leaf`: the value there is no map or list, so a template must read the path itself.
 */
export function valueReach(chart: ChartNode, segs: readonly string[], leaf = false): Reach {
  const libraries = [...chart.subcharts.values()].filter((s) => s.mergesIntoParent);
  const schemas = [chart.schema, ...libraries.map((l) => l.schema)].filter((s): s is Record<string, unknown> => s !== undefined);
  const bySchema = schemas.map((s) => schemaReach(s, segs));
  // A schema that describes a path is the chart's own statement of what it reads there: it
  // decides, over an empty map in values.yaml or a template that passes the map around whole.
  if (bySchema.includes('whole')) return 'whole';
  if (bySchema.includes('known')) return 'known';
  if (bySchema.includes('closed')) return 'unknown';
  let reach: Reach = 'unknown';
  for (const trie of [chart.defaults, chart.helmReads, ...libraries.map((l) => l.defaults)]) reach = best(reach, trie.reach(segs));
  // A template that ranges over all of `.Values` (VictoriaMetrics' ingress.yaml looks for any
  // `<name>.ingress`) reads the keys the chart names elsewhere, not any top-level key.
  const named = segs.length > 0 && (reach !== 'unknown' || chart.subcharts.has(segs[0]) || chart.templates.children.has(segs[0]) || (segs[0] === 'global'));
  reach = best(reach, chart.templates.reach(segs, named, leaf));
  if (reach === 'whole') return reach;
  const sub = segs.length > 0 ? chart.subcharts.get(segs[0]) : undefined;
  if (sub) reach = best(reach, segs.length === 1 ? 'known' : valueReach(sub, segs.slice(1), leaf));
  if (segs[0] === 'global') for (const s of chart.subcharts.values()) reach = best(reach, valueReach(s, segs, leaf));
  return reach;
}

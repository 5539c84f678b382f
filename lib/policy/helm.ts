/**
 * Reading Helm charts and values where they appear in a stack: `helm_release` resources (values as
 * YAML strings, `set`, `set_sensitive`) and ArgoCD Applications (`spec.source(s)` with `chart`,
 * `targetRevision` and `helm.valuesObject` or `helm.values`).
 */
import { parse } from 'yaml';
import { PolicySubject } from './rule';
import { blocks, isRecord } from './values';

/**
 * Terraform interpolations inside a values string become `$TF_EXPRESSION`, which parses as a plain
 * YAML scalar wherever the expression stood, and which the rules read as "not a literal".
 */
export const EXPRESSION_PLACEHOLDER = '$TF_EXPRESSION';

function withoutExpressions(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}' && --depth === 0) break;
      }
      out += EXPRESSION_PLACEHOLDER;
      i = j + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

export type ParsedValues = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: string };

/**
 * A values YAML string as data; Terraform expressions in it stay recognisable. JSON (which is YAML)
 * takes the fast path: parsing 200 kB with the YAML parser costs some 50 ms, with JSON.parse 1 ms.
 */
export function parseValues(text: string): ParsedValues {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // Flow-style YAML rather than JSON: fall through to the YAML parser.
    }
  }
  try {
    return { ok: true, value: parse(text.includes('${') ? withoutExpressions(text) : text) };
  } catch (e) {
    const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    const m = / at (line \d+, column \d+):?$/.exec(first);
    return { ok: false, error: m ? `${m[1]}: ${first.slice(0, m.index)}` : first };
  }
}

export interface HelmValues {
  /** Where the values came from, e.g. `values[0]` or `spec.source.helm.valuesObject`. */
  readonly where: string;
  readonly values: unknown;
}

/** One chart reference: a helm_release, or one Helm source of an Application. */
export interface ChartRef {
  readonly where: string;
  readonly chart: string;
  /** `version` of a helm_release, `targetRevision` of an Application source. */
  readonly versionField: string;
  readonly version: unknown;
  readonly values: readonly HelmValues[];
  /** Values documents that are not valid YAML. */
  readonly unreadable: readonly string[];
}

export function isApplication(object: Readonly<Record<string, unknown>>): boolean {
  return object.kind === 'Application' && typeof object.apiVersion === 'string' && object.apiVersion.startsWith('argoproj.io/');
}

/**
 * Charts whose values only carry rendered Kubernetes objects: bedag's `raw` chart delivers the
 * Applications and AppProjects, each of which is also a Manifest construct that the rules check
 * directly. Parsing those values again (the largest of a stack) would report everything twice and
 * cost tens of milliseconds per stack.
 */
export const MANIFEST_CHARTS: readonly string[] = ['raw'];

function releaseChart(attributes: Readonly<Record<string, unknown>>): ChartRef {
  const values: HelmValues[] = [];
  const unreadable: string[] = [];
  // The chart first: reading `values` resolves its tokens, and a raw chart's values go unread.
  const manifestsOnly = MANIFEST_CHARTS.includes(String(attributes.chart));
  const list = !manifestsOnly && Array.isArray(attributes.values) ? attributes.values : [];
  list.forEach((text, i) => {
    if (typeof text !== 'string') return;
    const parsed = parseValues(text);
    if (parsed.ok) values.push({ where: `values[${i}]`, values: parsed.value });
    else unreadable.push(`values[${i}] is not valid YAML (${parsed.error})`);
  });
  return { where: '', chart: String(attributes.chart ?? ''), versionField: 'version', version: attributes.version, values, unreadable };
}

function applicationCharts(object: Readonly<Record<string, unknown>>): ChartRef[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const sources: [string, Record<string, unknown>][] = [];
  if (isRecord(spec.source)) sources.push(['spec.source', spec.source]);
  if (Array.isArray(spec.sources)) spec.sources.forEach((s, i) => isRecord(s) && sources.push([`spec.sources[${i}]`, s]));
  return sources
    .filter(([, s]) => typeof s.chart === 'string')
    .map(([where, s]) => {
      const helm = isRecord(s.helm) ? s.helm : {};
      const values: HelmValues[] = [];
      const unreadable: string[] = [];
      if (helm.valuesObject !== undefined) values.push({ where: `${where}.helm.valuesObject`, values: helm.valuesObject });
      if (typeof helm.values === 'string') {
        const parsed = parseValues(helm.values);
        if (parsed.ok) values.push({ where: `${where}.helm.values`, values: parsed.value });
        else unreadable.push(`${where}.helm.values is not valid YAML (${parsed.error})`);
      }
      return { where: `${where}: `, chart: String(s.chart), versionField: `${where}.targetRevision`, version: s.targetRevision, values, unreadable };
    });
}

/** Charts per subject: several rules read the same values, which are parsed once. */
const charts = new WeakMap<PolicySubject, ChartRef[]>();

/** Every chart a subject installs: a helm_release, or the Helm sources of an ArgoCD Application. */
export function chartsOf(subject: PolicySubject): ChartRef[] {
  let found = charts.get(subject);
  if (!found) {
    if (subject.kind === 'resource') found = subject.type === 'helm_release' ? [releaseChart(subject.attributes)] : [];
    else found = isApplication(subject.object) ? applicationCharts(subject.object) : [];
    charts.set(subject, found);
  }
  return found;
}

/** `set` / `set_sensitive` entries of a helm_release as (name, value) pairs. */
export function releaseSettings(attributes: Readonly<Record<string, unknown>>, key: 'set' | 'set_sensitive' | 'set_wo'): { name: string; value: unknown }[] {
  return blocks(attributes, key).map((s) => ({ name: String(s.name ?? ''), value: s.value }));
}

/**
 * What Kubernetes receives from one synthesized stack: every `helm_release` of the stack (the
 * Argo CD bootstrap and the per-stack deliveries of the raw chart) rendered with real Helm as the
 * helm provider would, then every Application those deliveries create rendered source by source
 * as Argo CD would (`helm template` with the source's release name and values, the destination
 * namespace, the cluster's Kubernetes version, CRDs included).
 *
 * Two passes: Argo CD renders with the API versions the cluster serves, and charts gate objects
 * on them (a ServiceMonitor only where `monitoring.coreos.com/v1` exists). The first pass finds
 * every CRD the environment installs; charts that read `.Capabilities.APIVersions` are then
 * rendered again with those API versions, which is the state the environment settles in.
 *
 * Terraform references in values (`${opentelekomcloud_lb_loadbalancer_v3.X.id}`) are resolved only
 * at apply: they stay in the rendered text as they are, visibly placeholders. Literal `${` that the
 * program escaped for Terraform (`$${`) are unescaped, as Terraform does.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import type { KubernetesObject } from '../../contracts/manifest';
import { unescapeTerraform } from '../../platform/render';
import { ChartCache, chartDir, ChartSource } from './chart-cache';
import { Helm, runHelm } from './helm';
import { OutputCache, outputKey, readOutput, writeOutput } from './output-cache';
import { asksFor, mayDefineCrds } from './capabilities';
import { Pool } from './pool';

/** A rendered object with where it came from (`argo-cd/templates/server/deployment.yaml`). */
export interface RenderedObject {
  readonly object: KubernetesObject;
  /** Helm's `# Source:` path. */
  readonly template: string;
}

/** One chart rendered with one set of values. */
export interface RenderedSource {
  readonly chart: ChartSource;
  readonly releaseName: string;
  readonly namespace: string;
  /** The values handed to the chart (Terraform escapes undone). */
  readonly values: Record<string, unknown>;
  /** The unpacked chart folder that rendered it (undefined when the chart could not be found). */
  readonly chartDir?: string;
  /** Helm's output, exactly. */
  readonly manifest: string;
  readonly objects: readonly RenderedObject[];
  /** The Helm or chart-cache error, when it did not render. */
  readonly error?: string;
}

export interface RenderedApplication {
  /** Application name, or `terraform-<release>` for a release Terraform installs. */
  readonly name: string;
  /** The delivered Application object; undefined for Terraform's releases. */
  readonly application?: KubernetesObject;
  /** The Terraform release that delivers it (`edp-stack-core`), or the release itself. */
  readonly release: string;
  readonly sources: readonly RenderedSource[];
}

export interface StackRender {
  readonly stackId: string;
  /** `1.31`: the cluster version the charts were rendered for. */
  readonly kubeVersion: string;
  /** `group/version` and `group/version/Kind` of every CRD the environment installs. */
  readonly apiVersions: readonly string[];
  readonly applications: readonly RenderedApplication[];
  /** Per Terraform release, the releases its `depends_on` names (Terraform installs those first). */
  readonly releaseNeeds: Readonly<Record<string, readonly string[]>>;
  /** The Secrets Terraform writes (`kubernetes_secret_v1`): what pods may read besides the render's own. */
  readonly terraformSecrets: readonly TerraformSecret[];
}

export interface TerraformSecret {
  readonly namespace: string;
  /** The Secret's name; a `for_each` one has `${each.key}` in it. */
  readonly name: string;
  readonly keys: readonly string[];
}

/** The stack's synthesized Terraform JSON (the parts read here). */
export interface TerraformJson {
  readonly resource?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, unknown>>>>>>;
}

export interface RenderContext {
  readonly helm: Helm;
  readonly cache: ChartCache;
  readonly pool: Pool;
  /**
   * Renders already made in this context, by everything `helm template` reads: environments share
   * many (CloudNativePG, cert-manager, the CRD charts, and any source whose values hold no host
   * name: Terraform references are the same construct paths in every stack).
   */
  readonly renders?: Map<string, Promise<RenderedSource>>;
  /** Helm's output of earlier runs, on disk (output-cache.ts); none: every render runs Helm. */
  readonly output?: OutputCache;
  // (A shared render is one object in several places of the result: treat results as read-only.)
}

/** Kubernetes version of a stack without a CCE cluster (the local tier: kind's current line). */
export const LOCAL_KUBE_VERSION = '1.31';

/** `v1.31` of the CCE cluster, as Helm takes it (`1.31`). */
export function kubeVersionOf(tf: TerraformJson): string {
  const clusters = Object.values(tf.resource?.opentelekomcloud_cce_cluster_v3 ?? {});
  const version = clusters[0]?.cluster_version;
  return typeof version === 'string' ? version.replace(/^v/, '') : LOCAL_KUBE_VERSION;
}

function unescapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return unescapeTerraform(value);
  if (Array.isArray(value)) return value.map(unescapeDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [unescapeTerraform(k), unescapeDeep(v)]));
  }
  return value;
}

const SOURCE = /^\s*(?:#\s*)?Source: (.+)$/m;

/** Helm's output as objects, each with its `# Source:` template. */
export function parseManifest(text: string): RenderedObject[] {
  const objects: RenderedObject[] = [];
  let source: string | undefined;
  for (const doc of parseAllDocuments(text)) {
    // The yaml parser keeps a comment without its `#`: ` Source: argo-cd/templates/...`. Helm
    // writes it once per template file, so a file's later documents (and those after a `---`
    // that opens a file) belong to the last one named.
    const comments = [doc.commentBefore, doc.contents?.commentBefore, doc.contents?.comment, doc.comment].filter((c) => c).join('\n');
    source = SOURCE.exec(comments)?.[1] ?? source;
    const object = doc.toJS({ maxAliasCount: -1 }) as KubernetesObject | null;
    if (object && typeof object === 'object') objects.push({ object, template: source ?? '(unknown template)' });
  }
  return objects;
}

interface RenderRequest {
  readonly chart: ChartSource;
  readonly releaseName: string;
  readonly namespace: string;
  readonly values: Record<string, unknown>;
}

/** JSON with every map's keys sorted: the same values give the same text whatever their key order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

function renderChart(ctx: RenderContext, request: RenderRequest, kubeVersion: string, apiVersions: readonly string[]): Promise<RenderedSource> {
  if (!ctx.renders) return renderChartOnce(ctx, request, kubeVersion, apiVersions);
  const key = stableJson([request.chart, request.releaseName, request.namespace, request.values, kubeVersion, apiVersions]);
  let render = ctx.renders.get(key);
  if (!render) {
    render = renderChartOnce(ctx, request, kubeVersion, apiVersions);
    ctx.renders.set(key, render);
  }
  return render;
}

async function renderChartOnce(ctx: RenderContext, request: RenderRequest, kubeVersion: string, apiVersions: readonly string[]): Promise<RenderedSource> {
  let dir: string | undefined;
  try {
    dir = await chartDir(ctx.helm, ctx.cache, request.chart);
  } catch (e) {
    return { ...request, manifest: '', objects: [], error: (e as Error).message };
  }
  const chart = dir;
  const args = (chartArg: string) => ['template', request.releaseName, chartArg, '--namespace', request.namespace, '--kube-version', kubeVersion, '--include-crds', ...apiVersions.flatMap((v) => ['--api-versions', v])];
  const values = JSON.stringify(request.values);
  // Keyed by the chart's content and the values' text, not by the folder's or the scratch file's path.
  const key = ctx.output ? outputKey(ctx.helm, chart, args('<chart>'), values) : undefined;
  const kept = ctx.output && key ? readOutput<RenderedObject[]>(ctx.output, key) : undefined;
  if (kept) return { ...request, chartDir: chart, ...kept };
  return ctx.pool.run(async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'edp-render-'));
    try {
      const valuesFile = join(scratch, 'values.json');
      writeFileSync(valuesFile, values);
      const result = await runHelm(ctx.helm, [...args(chart), '--values', valuesFile]);
      if (!result.ok) return { ...request, chartDir: chart, manifest: '', objects: [], error: result.stderr.trim() };
      const output = { manifest: result.stdout, objects: parseManifest(result.stdout) };
      if (ctx.output && key) writeOutput(ctx.output, key, output);
      return { ...request, chartDir: chart, ...output };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

interface HelmSource {
  readonly repoURL: string;
  readonly chart: string;
  readonly targetRevision: string;
  readonly helm?: { readonly releaseName?: string; readonly valuesObject?: Record<string, unknown> };
}

interface ApplicationObject extends KubernetesObject {
  readonly spec: { readonly sources?: readonly HelmSource[]; readonly source?: HelmSource; readonly destination: { readonly namespace: string } };
}

function isApplication(o: KubernetesObject): o is ApplicationObject {
  return o.kind === 'Application' && o.apiVersion.startsWith('argoproj.io/');
}

/** The requests of one Application: one per Helm source, as Argo CD renders them. */
function applicationRequests(app: ApplicationObject): RenderRequest[] {
  const sources = app.spec.sources ?? (app.spec.source ? [app.spec.source] : []);
  return sources.map((s) => ({
    chart: { repoURL: s.repoURL, chart: s.chart, version: s.targetRevision },
    releaseName: s.helm?.releaseName ?? app.metadata.name,
    namespace: app.spec.destination.namespace,
    values: s.helm?.valuesObject ?? {},
  }));
}

const NAMESPACE_REFERENCE = /^\$\{kubernetes_namespace(?:_v1)?\.([^.]+)\.metadata\[0\]\.name\}$/;

/** A release's namespace: a reference to a namespace of the same stack is that namespace's name. */
function namespaceOf(tf: TerraformJson, namespace: string): string {
  const ref = NAMESPACE_REFERENCE.exec(namespace);
  if (!ref) return namespace;
  const resource = tf.resource?.kubernetes_namespace_v1?.[ref[1]] ?? tf.resource?.kubernetes_namespace?.[ref[1]];
  const metadata = resource?.metadata as { name?: unknown } | { name?: unknown }[] | undefined;
  const name = Array.isArray(metadata) ? metadata[0]?.name : metadata?.name;
  return typeof name === 'string' ? name : namespace;
}

/** The `helm_release` resources of a stack, as render requests (values merged in order, as Helm does). */
function terraformReleases(tf: TerraformJson): { name: string; request: RenderRequest }[] {
  return Object.values(tf.resource?.helm_release ?? {}).map((r) => {
    const values = ((r.values as string[] | undefined) ?? []).map((v) => unescapeDeep(JSON.parse(v)) as Record<string, unknown>);
    if (values.length > 1) throw new Error(`helm_release ${String(r.name)}: more than one values entry is not supported by the renderer`);
    return {
      name: String(r.name),
      request: {
        chart: { repoURL: String(r.repository), chart: String(r.chart), version: String(r.version) },
        releaseName: String(r.name),
        namespace: namespaceOf(tf, String(r.namespace ?? 'default')),
        values: values[0] ?? {},
      },
    };
  });
}

/** The stack's `kubernetes_secret_v1` resources: namespace (a reference to a namespace of the stack resolved), name, data keys. */
function terraformSecrets(tf: TerraformJson): TerraformSecret[] {
  return Object.values(tf.resource?.kubernetes_secret_v1 ?? {}).map((r) => {
    const metadata = (Array.isArray(r.metadata) ? r.metadata[0] : r.metadata) as { name?: unknown; namespace?: unknown } | undefined;
    return { namespace: namespaceOf(tf, String(metadata?.namespace ?? 'default')), name: String(metadata?.name), keys: Object.keys((r.data as object | undefined) ?? {}) };
  });
}

/** Per release name, the names of the releases in its `depends_on`. */
export function releaseNeeds(tf: TerraformJson): Record<string, string[]> {
  const releases = tf.resource?.helm_release ?? {};
  const nameOf = (address: string) => releases[address.replace(/^helm_release\./, '')]?.name;
  return Object.fromEntries(
    Object.values(releases).map((r) => [String(r.name), ((r.depends_on as string[] | undefined) ?? []).filter((d) => d.startsWith('helm_release.')).map((d) => String(nameOf(d)))]),
  );
}

/** `group/version` and `group/version/Kind` of every CRD among `objects`. */
export function crdApiVersions(objects: Iterable<KubernetesObject>): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const spec = o.spec as { group: string; names: { kind: string }; versions?: { name: string; served?: boolean }[] };
    for (const v of spec.versions ?? []) {
      if (v.served === false) continue;
      out.add(`${spec.group}/${v.name}`);
      out.add(`${spec.group}/${v.name}/${spec.names.kind}`);
    }
  }
  return [...out].sort();
}

/**
 * Renders one stack: Terraform's releases and every Application they deliver. Sources that may
 * define CRDs render first, without the environment's API versions; then every other source, and
 * the first ones that ask for API versions again, with the API versions of those CRDs.
 */
export async function renderStack(ctx: RenderContext, stackId: string, tf: TerraformJson): Promise<StackRender> {
  const kubeVersion = kubeVersionOf(tf);
  const releases = terraformReleases(tf);
  const delivered = await Promise.all(releases.map((r) => renderChart(ctx, r.request, kubeVersion, [])));

  const apps: { app: ApplicationObject; release: string; requests: RenderRequest[] }[] = [];
  delivered.forEach((rendered, i) => {
    for (const { object } of rendered.objects) {
      if (isApplication(object)) apps.push({ app: object, release: releases[i].name, requests: applicationRequests(object) });
    }
  });
  const requests = apps.flatMap((a) => a.requests);
  const dirs = await Promise.all(requests.map((r) => chartDir(ctx.helm, ctx.cache, r.chart).catch(() => undefined)));
  const mayDefine = (r: RenderRequest, dir: string | undefined) => !dir || mayDefineCrds(dir) || JSON.stringify(r.values).includes('CustomResourceDefinition');
  const first = await Promise.all(requests.map((r, i) => (mayDefine(r, dirs[i]) ? renderChart(ctx, r, kubeVersion, []) : undefined)));

  const crdSources = [...delivered, ...first.filter((s): s is RenderedSource => s !== undefined)];
  const apiVersions = crdApiVersions(crdSources.flatMap((s) => s.objects.map((o) => o.object)));
  // The settled state: charts that ask which APIs exist see every CRD of the environment.
  // A first render stands where the chart asks for none of these API versions. A first render
  // that failed is asked again too: a chart may refuse to render without an API version
  // (traefik 41.3.0 templates/servicemonitor.yaml:3-5 fails without monitoring.coreos.com/v1).
  const settle = (s: RenderedSource | undefined, r: RenderRequest) =>
    !s || (s.chartDir && asksFor(s.chartDir, apiVersions)) ? renderChart(ctx, r, kubeVersion, apiVersions) : Promise.resolve(s);
  const releasesSettled = await Promise.all(delivered.map((s, i) => settle(s, releases[i].request)));
  const settled = await Promise.all(first.map((s, i) => settle(s, requests[i])));

  let next = 0;
  return {
    stackId,
    kubeVersion,
    apiVersions,
    releaseNeeds: releaseNeeds(tf),
    terraformSecrets: terraformSecrets(tf),
    applications: [
      ...releases.map((r, i) => ({ name: `terraform-${r.name}`, release: r.name, sources: [releasesSettled[i]] })),
      ...apps.map((a) => ({ name: a.app.metadata.name, application: a.app, release: a.release, sources: a.requests.map(() => settled[next++]) })),
    ],
  };
}

/** The file text of one rendered Application: a header per source, then Helm's output. */
export function renderedText(app: RenderedApplication): string {
  return app.sources
    .map((s) => {
      const head = `# ${app.name}: ${s.chart.chart} ${s.chart.version} from ${s.chart.repoURL}, release ${s.releaseName}, namespace ${s.namespace}\n`;
      return s.error ? `${head}# DOES NOT RENDER:\n${s.error.replace(/^/gm, '#   ')}\n` : `${head}${s.manifest}`;
    })
    .join('\n');
}

/**
 * The first-deploy order of an environment, checked on its synthesized dependency graph (see
 * tf-graph.ts). Each check returns one line per violation, naming the resource, what it does not
 * wait for and what would go wrong; an empty list means the stack satisfies it. Because Terraform
 * destroys a resource before everything it depends on, every "A waits for B" below is also "B
 * outlives A" on destroy.
 */
import { parse } from 'yaml';
import { unescapeTerraform } from '../../lib/platform/render';
import { STACKS } from '../../lib/platform/catalogue/index';
import { interpolations, referencedNames, TfGraph } from './tf-graph';

export type Check = (g: TfGraph) => string[];

const CLUSTER = 'opentelekomcloud_cce_cluster_v3';
const NODE_POOL = 'opentelekomcloud_cce_node_pool_v3';
const ADDON = 'opentelekomcloud_cce_addon_v3';
const SNAT = 'opentelekomcloud_nat_snat_rule_v2';
const DNS_RECORD = 'opentelekomcloud_dns_recordset_v2';
const ELB = 'opentelekomcloud_lb_loadbalancer_v3';
const RELEASE = 'helm_release';
const SECRET = 'kubernetes_secret_v1';
const NAMESPACE = 'kubernetes_namespace_v1';

/** What must be done before anything runs on the cluster, by type, with how messages call it. */
const CLUSTER_READY: Record<string, string> = {
  [CLUSTER]: 'the cluster',
  [NODE_POOL]: 'node pool',
  [ADDON]: 'CCE add-on',
  [SNAT]: 'node egress (SNAT rule)',
};

/** Blocks that are completed by other resources, and those resources (by the attribute naming the base). */
const COMPLETED_BY: readonly { base: string; part: string; attribute: string; what: string }[] = [
  { base: 'opentelekomcloud_networking_secgroup_v2', part: 'opentelekomcloud_networking_secgroup_rule_v2', attribute: 'security_group_id', what: 'security group rule' },
  { base: 'opentelekomcloud_obs_bucket', part: 'opentelekomcloud_obs_bucket_policy', attribute: 'bucket', what: 'bucket policy' },
];

/** Resources served by the helm and kubernetes providers: objects in the cluster. */
export function inCluster(g: TfGraph): string[] {
  return [...g.blocks.values()].filter((b) => b.kind === 'resource' && /^(helm|kubernetes)_/.test(b.type)).map((b) => b.address);
}

/** The Argo CD bootstrap release (chart argo-cd). */
export function argocdRelease(g: TfGraph): string | undefined {
  return g.resources(RELEASE).find((r) => g.body(r).chart === 'argo-cd');
}

/** Stack name -> its delivery release (`edp-stack-<stack>`). */
export function deliveries(g: TfGraph): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of g.resources(RELEASE)) {
    const m = /^edp-stack-(.+)$/.exec(String(g.body(r).name));
    if (m) out.set(m[1], r);
  }
  return out;
}

/** A release's values, parsed (Terraform's `$${` escapes undone); the program writes JSON, Helm reads YAML. */
function releaseValues(g: TfGraph, release: string): unknown[] {
  return ((g.body(release).values as string[] | undefined) ?? []).map((v) => {
    const text = unescapeTerraform(v);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return parse(text) as unknown;
    }
  });
}

function walk(value: unknown, visit: (o: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value !== null && typeof value === 'object') {
    visit(value as Record<string, unknown>);
    Object.values(value).forEach((v) => walk(v, visit));
  }
}

/** A namespace's name: the literal, or the name of the kubernetes_namespace_v1 it references. */
function namespaceName(g: TfGraph, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const refs = interpolations(value).flatMap(referencedNames);
  if (refs.length === 0) return value;
  const ns = refs.map((r) => r.split('.').slice(0, 2).join('.')).find((a) => a.startsWith(`${NAMESPACE}.`) && g.blocks.has(a));
  return ns ? (g.body(ns).metadata as { name?: string }).name : undefined;
}

/** Namespaces a release puts workloads into: its own, and every Application's destination. */
function releaseNamespaces(g: TfGraph, release: string): Set<string> {
  const out = new Set<string>();
  const own = namespaceName(g, g.body(release).namespace);
  if (own && g.body(release).chart !== 'raw') out.add(own);
  walk(releaseValues(g, release), (o) => {
    const destination = o.kind === 'Application' ? ((o.spec as Record<string, unknown> | undefined)?.destination as Record<string, unknown> | undefined) : undefined;
    if (typeof destination?.namespace === 'string') out.add(destination.namespace);
  });
  return out;
}

function describe(g: TfGraph, address: string): string {
  const name = g.body(address).name;
  return typeof name === 'string' && !name.includes('${') ? `${address} (${name})` : address;
}

/** Every reference, depends_on entry and provider names a block of the stack. */
export const referencesResolve: Check = (g) => g.dangling.map((d) => `${d.from}: refers to ${d.to}, which the stack does not have: Terraform refuses to plan`);

/** Terraform can order the stack at all. */
export const acyclic: Check = (g) => g.cycles().map((c) => `dependency cycle: ${c.join(' -> ')}: Terraform refuses to plan`);

/**
 * Every object Terraform writes into the cluster waits for the cluster, every node pool, every
 * CCE add-on and the nodes' egress; so on destroy it goes while they still run.
 */
export const clusterReadyFirst: Check = (g) => {
  const ready = g.resources(...Object.keys(CLUSTER_READY));
  if (g.resources(CLUSTER).length === 0) return [];
  const out: string[] = [];
  for (const r of inCluster(g)) {
    const missing = ready.filter((need) => !g.dependsOn(r, need)).map((need) => `${CLUSTER_READY[g.blocks.get(need)!.type]} ${need}`);
    if (missing.length > 0) {
      out.push(`${describe(g, r)}: does not wait for ${missing.join(', ')}: on a first apply it would start before the cluster can run it, and a destroy would remove them while it still runs`);
    }
  }
  return out;
};

/**
 * CCE installs CoreDNS and Everest (the CSI driver of the csi-disk StorageClass) with every
 * cluster, and the provider returns from creating it once they are assigned. Nothing else installs
 * them, so the cluster keeps them: no `no_addons` (removes them), no `ignore_addons` (the provider
 * would stop waiting for them).
 */
export const defaultAddonsKept: Check = (g) =>
  g.resources(CLUSTER).flatMap((c) =>
    ['no_addons', 'ignore_addons']
      .filter((a) => g.body(c)[a] !== undefined && g.body(c)[a] !== false)
      .map((a) => `${c}: sets ${a} = ${JSON.stringify(g.body(c)[a])}: CCE's default add-ons (CoreDNS, Everest for csi-disk volumes) would be missing or not waited for`),
  );

/** The phases of a first apply, in order; a block never waits for one of a later phase. */
const PHASES = ['cloud resources and generated values', 'namespaces', 'Secrets and other in-cluster objects', 'the Argo CD release', 'the stack releases'] as const;

function phase(g: TfGraph, address: string): number | undefined {
  const b = g.blocks.get(address)!;
  if (b.kind === 'output') return undefined;
  if (b.kind !== 'resource') return 0;
  if (b.type === RELEASE) return b.body.chart === 'argo-cd' ? 3 : 4;
  if (b.type === NAMESPACE) return 1;
  return b.type.startsWith('kubernetes_') ? 2 : 0;
}

/**
 * Nothing waits for something created later: the cloud comes first (and goes last), then
 * namespaces, the objects in them, Argo CD and the stack releases. So no cloud resource waits for
 * an object in the cluster, which a destroy would otherwise remove after the cloud resource.
 */
export const phasesInOrder: Check = (g) => {
  const out: string[] = [];
  for (const [from, deps] of g.edges) {
    const p = phase(g, from);
    if (p === undefined) continue;
    for (const to of deps) {
      const q = phase(g, to);
      if (q !== undefined && q > p) out.push(`${describe(g, from)} (phase "${PHASES[p]}"): waits for ${describe(g, to)} of the later phase "${PHASES[q]}": it would be created after, and destroyed before, what builds on it`);
    }
  }
  return out;
};

/** Every stack delivery waits for Argo CD (it installs the Application CRD) and for the deliveries of the stacks it needs. */
export const deliveriesAfterArgocd: Check = (g) => {
  const argocd = argocdRelease(g);
  const byStack = deliveries(g);
  if (!argocd) return byStack.size > 0 ? ['no Argo CD release (chart argo-cd), yet stack deliveries'] : [];
  const out: string[] = [];
  for (const [stack, release] of byStack) {
    if (!g.dependsOn(release, argocd)) out.push(`${describe(g, release)}: does not wait for the Argo CD release ${argocd}: its Applications need Argo CD's CRDs`);
    const module = STACKS.find((s) => s.name === stack);
    if (!module) out.push(`${describe(g, release)}: no stack "${stack}" in the catalogue`);
    for (const need of module?.needs ?? []) {
      const needed = byStack.get(need);
      if (!needed) out.push(`${describe(g, release)}: stack ${stack} needs ${need}, whose delivery the stack does not have`);
      else if (!g.dependsOn(release, needed)) out.push(`${describe(g, release)}: does not wait for ${describe(g, needed)}: stack ${stack} needs ${need}`);
    }
  }
  return out;
};

/** Every release waits for every Secret of the namespaces it deploys into. */
export const secretsBeforeReleases: Check = (g) => {
  const secrets = g.resources(SECRET).map((s) => ({ address: s, namespace: namespaceName(g, (g.body(s).metadata as Record<string, unknown>).namespace) }));
  const out: string[] = [];
  for (const s of secrets) if (!s.namespace) out.push(`${s.address}: namespace unreadable (neither a literal nor a kubernetes_namespace_v1 reference)`);
  for (const release of g.resources(RELEASE)) {
    const namespaces = releaseNamespaces(g, release);
    for (const s of secrets) {
      if (s.namespace && namespaces.has(s.namespace) && !g.dependsOn(release, s.address)) {
        out.push(`${describe(g, release)}: deploys into namespace ${s.namespace} but does not wait for its Secret ${s.address}: pods would start without it`);
      }
    }
  }
  return out;
};

/** A release that brings an ACME ClusterIssuer waits for every DNS record of the stack. */
export const dnsBeforeAcme: Check = (g) => {
  const records = g.resources(DNS_RECORD);
  return acmeReleases(g).flatMap((release) =>
    records
      .filter((r) => !g.dependsOn(release, r))
      .map((r) => `${describe(g, release)}: brings an ACME ClusterIssuer but does not wait for the DNS record ${r}: HTTP-01 validation would fail and cert-manager waits an hour before it retries`),
  );
};

/** Releases whose values hold an ACME ClusterIssuer (as an Application's companion manifest). */
export function acmeReleases(g: TfGraph): string[] {
  return g.resources(RELEASE).filter((release) => {
    let acme = false;
    walk(releaseValues(g, release), (o) => {
      if (o.kind === 'ClusterIssuer' && (o.spec as Record<string, unknown> | undefined)?.acme) acme = true;
    });
    return acme;
  });
}

/** A Service bound to an ELB (`kubernetes.io/elb.id`) names it by reference, so its release waits for the ELB. */
export const elbByReference: Check = (g) =>
  elbBindings(g).flatMap(({ release, id }) => {
    const elb = typeof id === 'string' ? interpolations(id).flatMap(referencedNames).find((a) => a.startsWith(`${ELB}.`)) : undefined;
    if (!elb) return [`${describe(g, release)}: kubernetes.io/elb.id is ${JSON.stringify(id)}, not a reference to an ${ELB}: the release would not wait for the ELB it binds to`];
    return g.dependsOn(release, elb) ? [] : [`${describe(g, release)}: binds a Service to ${elb} but does not wait for it`];
  });

/** Every `kubernetes.io/elb.id` annotation in a release's values, with its release. */
export function elbBindings(g: TfGraph): { release: string; id: unknown }[] {
  const out: { release: string; id: unknown }[] = [];
  for (const release of g.resources(RELEASE)) {
    walk(releaseValues(g, release), (o) => {
      if (o['kubernetes.io/elb.id'] !== undefined) out.push({ release, id: o['kubernetes.io/elb.id'] });
    });
  }
  return out;
}

/**
 * Security groups and buckets are usable only with their rules and policies: whatever depends on
 * a group (bucket) also depends on every rule (policy) of it.
 */
export const completeBeforeUse: Check = (g) => {
  const out: string[] = [];
  for (const { base, part, attribute, what } of COMPLETED_BY) {
    const parts = g.resources(part);
    for (const b of g.resources(base)) {
      const own = parts.filter((p) => {
        const v = g.body(p)[attribute];
        return typeof v === 'string' && interpolations(v).flatMap(referencedNames).includes(b);
      });
      for (const p of own) {
        const early = [...g.blocks.keys()].filter((u) => u !== b && !own.includes(u) && !u.startsWith('output.') && g.dependsOn(u, b) && !g.dependsOn(u, p));
        // Only where the mistake is: a block none of whose direct dependencies is early too.
        for (const u of early) {
          if ([...(g.edges.get(u) ?? [])].some((d) => early.includes(d))) continue;
          out.push(`${u}: uses ${b} but does not wait for its ${what} ${p}: it would start before the access it needs exists`);
        }
      }
    }
  }
  return out;
};

export const CHECKS: Readonly<Record<string, Check>> = {
  referencesResolve,
  acyclic,
  clusterReadyFirst,
  defaultAddonsKept,
  phasesInOrder,
  deliveriesAfterArgocd,
  secretsBeforeReleases,
  dnsBeforeAcme,
  elbByReference,
  completeBeforeUse,
};

/** Every violation of every check, each line prefixed with the check's name. */
export function deployOrderProblems(g: TfGraph): string[] {
  return Object.entries(CHECKS).flatMap(([name, check]) => check(g).map((line) => `${name}: ${line}`));
}

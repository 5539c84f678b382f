/**
 * When an object reaches the cluster, in the terms the `kinds` check compares (README, "Rendered
 * manifests", sync order):
 *
 * 1. Terraform release order. Terraform installs a `helm_release` only after every release in
 *    its `depends_on` (the Argo CD bootstrap first, then each stack's delivery after the
 *    deliveries of the stacks it `needs`). Helm has put a release's objects into the cluster when
 *    the next release starts, so a CRD that a Terraform release installs exists before anything
 *    of a release that depends on it. Releases that do not depend on each other have no order.
 * 2. No order between Applications. A delivery release creates its Applications directly (no
 *    parent Application), so Argo CD syncs them in parallel, and the Applications of a later
 *    delivery may sync before those of an earlier one have finished: an Application-level
 *    sync wave would do nothing here, and none is used. A custom resource whose CRD another
 *    Application installs therefore needs `SkipDryRunOnMissingResource=true` (else Argo CD's
 *    dry run refuses the whole Application while the CRD is missing) and a sync retry (its apply
 *    fails until the CRD exists).
 * 3. Inside one Application: hook phase (PreSync, Sync, PostSync), then sync wave. Argo CD applies
 *    a wave's CRDs before its other objects and skips the dry run of custom resources whose CRD
 *    is part of the same sync, so a CRD in the same or an earlier (phase, wave) is in time.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { RenderedApplication, StackRender } from '../render';

const HOOK = 'argocd.argoproj.io/hook';
const WAVE = 'argocd.argoproj.io/sync-wave';
const OPTIONS = 'argocd.argoproj.io/sync-options';
export const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/** Argo CD's hook phases in sync order; undefined: Argo CD never applies it during a sync. */
const PHASES: Readonly<Record<string, number>> = { PreSync: 0, Sync: 1, PostSync: 2 };

/** Argo CD's reading of Helm hooks (argo-cd docs, "Helm hooks"): only these apply during a sync. */
const HELM_HOOK_PHASES: Readonly<Record<string, string>> = {
  'crd-install': 'PreSync',
  'pre-install': 'PreSync',
  'pre-upgrade': 'PreSync',
  'post-install': 'PostSync',
  'post-upgrade': 'PostSync',
};

function annotations(o: KubernetesObject): Readonly<Record<string, string>> {
  return o.metadata?.annotations ?? {};
}

/** Where in an Argo CD sync the object is applied: [phase, wave]; undefined when never. */
export function syncPosition(o: KubernetesObject): readonly [number, number] | undefined {
  const a = annotations(o);
  let phase = 'Sync';
  let wave = a[WAVE];
  if (a[HOOK] !== undefined) {
    // The first phase named; Argo CD's own annotation wins over Helm's.
    phase = a[HOOK].split(',')[0].trim();
  } else if (a['helm.sh/hook'] !== undefined) {
    const mapped = a['helm.sh/hook'].split(',').map((h) => HELM_HOOK_PHASES[h.trim()]).find((p) => p !== undefined);
    if (mapped === undefined) return undefined;
    phase = mapped;
    wave ??= a['helm.sh/hook-weight'];
  }
  const p = PHASES[phase];
  if (p === undefined) return undefined;
  return [p, Number(wave ?? 0) || 0];
}

export function comparePositions(a: readonly [number, number], b: readonly [number, number]): number {
  return a[0] - b[0] || a[1] - b[1];
}

export function describePosition(p: readonly [number, number] | undefined): string {
  if (!p) return 'never applied by a sync';
  return `${Object.keys(PHASES)[p[0]]} wave ${p[1]}`;
}

interface SyncPolicy {
  readonly syncOptions?: readonly string[];
  readonly retry?: { readonly limit?: number };
}

function syncPolicy(app: RenderedApplication): SyncPolicy {
  return ((app.application?.spec as { syncPolicy?: SyncPolicy } | undefined)?.syncPolicy ?? {}) as SyncPolicy;
}

/** The sync options an object sets for itself (annotation `argocd.argoproj.io/sync-options`). */
export function objectSyncOptions(o: KubernetesObject): string[] {
  return (annotations(o)[OPTIONS] ?? '').split(',').map((s) => s.trim());
}

/** The sync options of the Application (`syncPolicy.syncOptions`). */
export function appSyncOptions(app: RenderedApplication): readonly string[] {
  return syncPolicy(app).syncOptions ?? [];
}

/** True when Argo CD skips the object's dry run while its kind is missing (its own annotation or the Application's sync options). */
export function skipsDryRun(o: KubernetesObject, app: RenderedApplication): boolean {
  return objectSyncOptions(o).includes(SKIP_DRY_RUN) || appSyncOptions(app).includes(SKIP_DRY_RUN);
}

/** True when a failed sync of the Application is retried (a retry limit other than 0; negative is unlimited). */
export function retries(app: RenderedApplication): boolean {
  const limit = syncPolicy(app).retry?.limit;
  return limit !== undefined && limit !== 0;
}

/** Per Terraform release, every release Terraform installs before it (depends_on, transitively). */
export function releasesBefore(render: StackRender): ReadonlyMap<string, ReadonlySet<string>> {
  const needs = render.releaseNeeds;
  const out = new Map<string, Set<string>>();
  const visit = (name: string, trail: readonly string[]): Set<string> => {
    const known = out.get(name);
    if (known) return known;
    if (trail.includes(name)) throw new Error(`${render.stackId}: Terraform releases depend on each other in a cycle: ${[...trail, name].join(' -> ')}`);
    const all = new Set<string>();
    for (const n of needs[name] ?? []) {
      all.add(n);
      for (const m of visit(n, [...trail, name])) all.add(m);
    }
    out.set(name, all);
    return all;
  };
  for (const name of Object.keys(needs)) visit(name, []);
  return out;
}

/**
 * Application and AppProject objects from a stack's AppSpecs. Every Application: automated prune
 * and selfHeal, CreateNamespace, bounded retry, in its stack's own AppProject (never `default`).
 */
import type { KubernetesObject } from '../../contracts/manifest';
import { CHARTS } from '../catalogue/charts';
import type { AppSpec, CompanionManifest } from '../catalogue/types';
import type { Application, ApplicationSource, AppProject, SyncPolicy } from './types';

export const ARGOCD_NAMESPACE = 'argocd';
export const IN_CLUSTER = 'https://kubernetes.default.svc';
const CASCADE_FINALIZER = 'resources-finalizer.argocd.argoproj.io';

/**
 * Bounded retry: 10 attempts, 10 s doubling to 5 min (about 30 minutes in all), long enough for
 * an operator of another Application to install the CRD a companion manifest needs.
 */
export const SYNC_POLICY: SyncPolicy = {
  automated: { prune: true, selfHeal: true },
  syncOptions: ['CreateNamespace=true'],
  retry: { limit: 10, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } },
};

/** Argo CD skips the dry run of a resource whose CRD does not exist yet (another Application installs it). */
export const SKIP_DRY_RUN = 'SkipDryRunOnMissingResource=true';

/** A companion manifest with its sync wave and `SkipDryRunOnMissingResource` (CRD may not exist yet). */
function companion(m: CompanionManifest): KubernetesObject {
  const options = [SKIP_DRY_RUN, ...(m.syncOptions ?? [])];
  return {
    ...m.object,
    metadata: {
      ...m.object.metadata,
      annotations: {
        ...(m.object.metadata.annotations ?? {}),
        'argocd.argoproj.io/sync-wave': String(m.wave ?? 1),
        'argocd.argoproj.io/sync-options': options.join(','),
      },
    },
  };
}

/** The companion manifests as Argo CD will apply them (annotations added). */
export function companionObjects(spec: AppSpec): KubernetesObject[] {
  return (spec.manifests ?? []).map(companion);
}

export function buildApplication(project: string, spec: AppSpec): Application {
  const sources: ApplicationSource[] = [];
  if (spec.chart) {
    sources.push({
      repoURL: spec.chart.repoURL,
      chart: spec.chart.chart,
      targetRevision: spec.chart.version,
      helm: { releaseName: spec.releaseName ?? spec.name, valuesObject: spec.values ?? {} },
    });
  }
  if (spec.manifests && spec.manifests.length > 0) {
    sources.push({
      repoURL: CHARTS.raw.repoURL,
      chart: CHARTS.raw.chart,
      targetRevision: CHARTS.raw.version,
      helm: { releaseName: `${spec.name}-manifests`, valuesObject: { resources: companionObjects(spec) } },
    });
  }
  if (sources.length === 0) throw new Error(`Application ${spec.name}: expected a chart or companion manifests, got neither`);
  const extraSyncOptions = [...(spec.serverSideApply ? ['ServerSideApply=true'] : []), ...(spec.crdsFromOtherApplications ? [SKIP_DRY_RUN] : [])];
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: spec.name,
      namespace: ARGOCD_NAMESPACE,
      labels: { 'edp.platform/stack': project },
      ...(spec.cascadeDelete === false ? {} : { finalizers: [CASCADE_FINALIZER] }),
    },
    spec: {
      project,
      sources,
      destination: { server: IN_CLUSTER, namespace: spec.namespace },
      syncPolicy: extraSyncOptions.length > 0 ? { ...SYNC_POLICY, syncOptions: [...SYNC_POLICY.syncOptions, ...extraSyncOptions] } : SYNC_POLICY,
    },
  };
}

/** Namespaces an Application deploys into: its destination and its companions' namespaces. */
export function applicationNamespaces(spec: AppSpec): string[] {
  const names = new Set([spec.namespace]);
  for (const m of spec.manifests ?? []) if (m.object.metadata.namespace) names.add(m.object.metadata.namespace);
  return [...names];
}

/**
 * One AppProject per stack: only its own chart repositories and namespaces. Cluster-scoped kinds
 * stay allowed (CRDs, ClusterRoles, ClusterIssuer, StorageClass come with the charts).
 */
export function buildAppProject(stack: string, description: string, specs: readonly AppSpec[]): AppProject {
  const repos = new Set<string>();
  const namespaces = new Set<string>();
  for (const s of specs) {
    if (s.chart) repos.add(s.chart.repoURL);
    if (s.manifests?.length) repos.add(CHARTS.raw.repoURL);
    applicationNamespaces(s).forEach((n) => namespaces.add(n));
  }
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: stack, namespace: ARGOCD_NAMESPACE, labels: { 'edp.platform/stack': stack } },
    spec: {
      description,
      sourceRepos: [...repos].sort(),
      destinations: [...namespaces].sort().map((namespace) => ({ server: IN_CLUSTER, namespace })),
      clusterResourceWhitelist: [{ group: '*', kind: '*' }],
      namespaceResourceWhitelist: [{ group: '*', kind: '*' }],
    },
  };
}

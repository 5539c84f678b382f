/**
 * The Argo CD objects the platform renders, typed after the CRDs in ../shared/schemas
 * (argoproj.io/v1alpha1, Argo CD 3.2 of chart 9.1.x). Only the fields we set are modelled.
 */
import type { KubernetesObject, ObjectMeta } from '../../contracts/manifest';

/** Helm values as plain, typed data (never an opaque YAML string), so policy rules can read them. */
export type Values = { readonly [key: string]: unknown };

export interface ApplicationSource {
  readonly repoURL: string;
  /** Chart name for Helm repositories (plain or OCI). */
  readonly chart: string;
  /** The pinned chart version. */
  readonly targetRevision: string;
  readonly helm?: { readonly releaseName?: string; readonly valuesObject?: Values };
}

export interface SyncPolicy {
  readonly automated: { readonly prune: boolean; readonly selfHeal: boolean };
  readonly syncOptions: readonly string[];
  readonly retry: { readonly limit: number; readonly backoff: { readonly duration: string; readonly factor: number; readonly maxDuration: string } };
}

export interface Application extends KubernetesObject {
  readonly apiVersion: 'argoproj.io/v1alpha1';
  readonly kind: 'Application';
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: {
    readonly project: string;
    /**
     * Always a list: the chart first, then (when the Application has companion manifests) the raw
     * chart that carries them. Policy rules read every entry's `helm.valuesObject`.
     */
    readonly sources: readonly ApplicationSource[];
    readonly destination: { readonly server: string; readonly namespace: string };
    readonly syncPolicy: SyncPolicy;
  };
}

export interface AppProject extends KubernetesObject {
  readonly apiVersion: 'argoproj.io/v1alpha1';
  readonly kind: 'AppProject';
  readonly metadata: ObjectMeta & { readonly namespace: string };
  readonly spec: {
    readonly description: string;
    readonly sourceRepos: readonly string[];
    readonly destinations: readonly { readonly server: string; readonly namespace: string }[];
    readonly clusterResourceWhitelist: readonly { readonly group: string; readonly kind: string }[];
    readonly namespaceResourceWhitelist: readonly { readonly group: string; readonly kind: string }[];
  };
}

export function isApplication(o: KubernetesObject): o is Application {
  return o.apiVersion === 'argoproj.io/v1alpha1' && o.kind === 'Application';
}

/** Every source of an Application (for policy rules: pinned versions, values). */
export function applicationSources(o: KubernetesObject): readonly ApplicationSource[] {
  return isApplication(o) ? o.spec.sources : [];
}

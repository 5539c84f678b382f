/**
 * Built-in kinds, validated against the Kubernetes OpenAPI schemas that the `kubernetes-models`
 * package (4.5.1) ships, generated from Kubernetes 1.33 (README, "Rendered manifests": what that
 * means for a 1.31 cluster). Each kind's module is loaded on first use only
 * (`kubernetes-models/apps/v1/Deployment`), so a stack loads the few dozen kinds it renders.
 *
 * The package also carries group/versions that older releases served (`extensions/v1beta1`,
 * `policy/v1beta1`, ...). Whether the cluster serves a group/version is decided by SERVED below,
 * from the Kubernetes deprecated-API migration guide, not by the package.
 */
import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import { AjvError, fromAjv, SchemaProblem, withoutNulls } from './problem';

/** The Kubernetes release the package's schemas come from. */
export const BUILTIN_SCHEMA_RELEASE = '1.33';

/**
 * Built-in group/versions served by default, with the minor release that first served them and,
 * for removed ones, the release that stopped (kubernetes.io/docs/reference/using-api/deprecation-guide).
 * Beta versions new since 1.24 are off by default and not listed.
 */
const SERVED: Readonly<Record<string, { readonly since: number; readonly removedIn?: number }>> = {
  v1: { since: 0 },
  'admissionregistration.k8s.io/v1': { since: 16 },
  'admissionregistration.k8s.io/v1beta1': { since: 9, removedIn: 22 },
  'apiextensions.k8s.io/v1': { since: 16 },
  'apiextensions.k8s.io/v1beta1': { since: 7, removedIn: 22 },
  'apiregistration.k8s.io/v1': { since: 10 },
  'apiregistration.k8s.io/v1beta1': { since: 7, removedIn: 22 },
  'apps/v1': { since: 9 },
  'apps/v1beta1': { since: 6, removedIn: 16 },
  'apps/v1beta2': { since: 8, removedIn: 16 },
  'authentication.k8s.io/v1': { since: 6 },
  'authorization.k8s.io/v1': { since: 6 },
  'autoscaling/v1': { since: 2 },
  'autoscaling/v2': { since: 23 },
  'autoscaling/v2beta1': { since: 8, removedIn: 25 },
  'autoscaling/v2beta2': { since: 12, removedIn: 26 },
  'batch/v1': { since: 2 },
  'batch/v1beta1': { since: 8, removedIn: 25 },
  'certificates.k8s.io/v1': { since: 19 },
  'certificates.k8s.io/v1beta1': { since: 6, removedIn: 22 },
  'coordination.k8s.io/v1': { since: 14 },
  'coordination.k8s.io/v1beta1': { since: 12, removedIn: 22 },
  'discovery.k8s.io/v1': { since: 21 },
  'discovery.k8s.io/v1beta1': { since: 17, removedIn: 25 },
  'events.k8s.io/v1': { since: 19 },
  'events.k8s.io/v1beta1': { since: 8, removedIn: 25 },
  'extensions/v1beta1': { since: 2, removedIn: 22 },
  'flowcontrol.apiserver.k8s.io/v1': { since: 29 },
  'flowcontrol.apiserver.k8s.io/v1beta1': { since: 20, removedIn: 26 },
  'flowcontrol.apiserver.k8s.io/v1beta2': { since: 23, removedIn: 29 },
  'flowcontrol.apiserver.k8s.io/v1beta3': { since: 26, removedIn: 32 },
  'networking.k8s.io/v1': { since: 8 },
  'networking.k8s.io/v1beta1': { since: 14, removedIn: 22 },
  'node.k8s.io/v1': { since: 20 },
  'node.k8s.io/v1beta1': { since: 14, removedIn: 25 },
  'policy/v1': { since: 21 },
  'policy/v1beta1': { since: 5, removedIn: 25 },
  'rbac.authorization.k8s.io/v1': { since: 8 },
  'rbac.authorization.k8s.io/v1beta1': { since: 6, removedIn: 22 },
  'scheduling.k8s.io/v1': { since: 14 },
  'scheduling.k8s.io/v1beta1': { since: 11, removedIn: 22 },
  'storage.k8s.io/v1': { since: 6 },
  'storage.k8s.io/v1beta1': { since: 4, removedIn: 27 },
};

/** `1.31` -> 31. */
export function minorOf(kubeVersion: string): number {
  const m = /^v?1\.(\d+)/.exec(kubeVersion);
  if (!m) throw new Error(`Kubernetes version "${kubeVersion}": expected 1.<minor>`);
  return Number(m[1]);
}

/** The group/version is built in and served by the cluster (undefined), or why not. */
export function builtinGroupVersion(apiVersion: string, kubeVersion: string): { served: boolean; removedIn?: number } | undefined {
  const entry = SERVED[apiVersion];
  if (!entry) return undefined;
  const minor = minorOf(kubeVersion);
  return { served: minor >= entry.since && (entry.removedIn === undefined || minor < entry.removedIn), removedIn: entry.removedIn };
}

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

/** The group/versions the package has modules for (`apps/v1`), from its `exports` map. */
let packaged: Set<string> | undefined;
function packagedGroupVersions(): Set<string> {
  if (!packaged) {
    const manifest = JSON.parse(readFileSync(join(dirname(require.resolve('kubernetes-models')), 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    packaged = new Set(Object.keys(manifest.exports).filter((k) => k.endsWith('/*')).map((k) => k.slice(2, -2)));
  }
  return packaged;
}

const models = new Map<string, ModelClass | undefined>();

/** The model class of a built-in kind, loaded on first use; undefined when the kind is no built-in. */
function model(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (models.has(key)) return models.get(key);
  let found: ModelClass | undefined;
  if (/^[A-Z][A-Za-z0-9]*$/.test(kind) && packagedGroupVersions().has(apiVersion)) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(`kubernetes-models/${apiVersion}/${kind}`) as Record<string, ModelClass | undefined>;
      const cls = mod[kind];
      // Only top-level kinds carry apiVersion and kind (DeploymentSpec has a module too, but no kind).
      if (cls && cls.apiVersion === apiVersion && cls.kind === kind) found = cls;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  models.set(key, found);
  return found;
}

/** True when `apiVersion`/`kind` is a built-in kind of some Kubernetes release (served or not). */
export function isBuiltinKind(apiVersion: string, kind: string): boolean {
  return SERVED[apiVersion] !== undefined && model(apiVersion, kind) !== undefined;
}

/** Problems of a built-in object against its schema; undefined when the kind is no built-in. */
export function validateBuiltin(object: { apiVersion: string; kind: string }, kubeVersion: string): SchemaProblem[] | undefined {
  const gv = builtinGroupVersion(object.apiVersion, kubeVersion);
  const cls = gv ? model(object.apiVersion, object.kind) : undefined;
  if (!gv || !cls) return undefined;
  if (!gv.served) {
    return [{ path: '', message: `${object.apiVersion} is not served by Kubernetes ${kubeVersion}${gv.removedIn ? ` (removed in 1.${gv.removedIn})` : ''}` }];
  }
  try {
    new cls(withoutNulls(object)).validate();
    return [];
  } catch (e) {
    const errors = (e as { errors?: AjvError[] }).errors;
    if (!errors) throw e;
    return fromAjv(errors);
  }
}

/** Problems of a custom resource's `metadata` (the API server validates it as ObjectMeta, whatever the CRD says). */
export function validateObjectMeta(metadata: unknown, kubeVersion: string): SchemaProblem[] {
  // ObjectMeta has no kind of its own: a ConfigMap carrying it is validated instead.
  return validateBuiltin({ apiVersion: 'v1', kind: 'ConfigMap', metadata } as { apiVersion: string; kind: string }, kubeVersion) ?? [];
}

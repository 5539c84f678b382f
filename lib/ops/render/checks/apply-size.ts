/**
 * Every object Argo CD applies client-side fits the annotation it stores: client-side apply keeps
 * the whole object as JSON in `kubectl.kubernetes.io/last-applied-configuration`, and the API server
 * refuses an object whose annotations exceed 256 KiB ("metadata.annotations: Too long"). Large CRDs
 * (CNPG's poolers, grafana-operator's grafanas) pass that limit, so their Application must sync
 * with `ServerSideApply=true` (or the object must carry `Replace=true` / `ServerSideApply=true`).
 * Terraform's own releases are installed by Helm, which stores no such annotation.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { StackRender } from '../render';
import { groupOf } from './stack-objects';
import { appSyncOptions, objectSyncOptions } from './sync-order';
import { where } from './where';

/** The API server's limit on all annotations of one object together (bytes). */
export const ANNOTATIONS_LIMIT = 256 * 1024;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const TRACKING_ID = 'argocd.argoproj.io/tracking-id';

/**
 * Argo CD's annotation tracking (`application.resourceTrackingMethod: annotation`, core.ts) adds
 * `<app>:<group>/<kind>:<namespace>/<name>` to every object before it applies it, so the tracking
 * id is in the stored copy as well as beside it.
 */
function tracked(o: KubernetesObject, app: string): KubernetesObject {
  const id = `${app}:${groupOf(o)}/${o.kind}:${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return { ...o, metadata: { ...o.metadata, annotations: { ...(o.metadata.annotations ?? {}), [TRACKING_ID]: id } } };
}

/** Bytes of the annotations after a client-side apply of `o` (by Argo CD Application `app`, if given). */
export function clientSideAnnotationBytes(object: KubernetesObject, app?: string): number {
  const o = app === undefined ? object : tracked(object, app);
  const annotations = { ...(o.metadata.annotations ?? {}) } as Record<string, string>;
  const applied = JSON.stringify(o);
  annotations[LAST_APPLIED] = applied;
  return Object.entries(annotations).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

export function applySizeProblems(render: StackRender): string[] {
  const problems: string[] = [];
  for (const app of render.applications) {
    if (!app.application) continue;
    if (appSyncOptions(app).includes('ServerSideApply=true')) continue;
    for (const source of app.sources) {
      for (const { object, template } of source.objects) {
        const own = objectSyncOptions(object);
        if (own.includes('ServerSideApply=true') || own.includes('Replace=true')) continue;
        const bytes = clientSideAnnotationBytes(object, app.application.metadata.name);
        if (bytes > ANNOTATIONS_LIMIT) {
          problems.push(
            `${where(render, app, source, template)}: ${object.kind} ${object.metadata.name} is ${Math.ceil(bytes / 1024)} KiB as a client-side apply annotation, over the API server's ${ANNOTATIONS_LIMIT / 1024} KiB: sync the Application with ServerSideApply=true`,
          );
        }
      }
    }
  }
  return problems;
}

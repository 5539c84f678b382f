/**
 * Every rendered object is valid for the cluster: a built-in kind against the Kubernetes OpenAPI
 * schema of its group/version, which the cluster's release must serve (schemas/builtin.ts); a
 * custom resource against the CRD version that the same environment installs, taken from its
 * rendered charts, with fields the API server would silently drop counted as errors
 * (schemas/structural.ts). A kind that is neither is left to the `kinds` check.
 */
import { createHash } from 'crypto';
import type { KubernetesObject } from '../../../contracts/manifest';
import type { StackRender } from '../render';
import { ApiDefinition, apiDefinitions, definitionsOf, placedObjects } from '../schemas/apis';
import { validateBuiltin, validateObjectMeta } from '../schemas/builtin';
import { validateCustom } from '../schemas/custom';
import type { SchemaProblem } from '../schemas/problem';
import { where } from './where';

export function objectName(o: KubernetesObject): string {
  const name = o.metadata?.name ?? '(no name)';
  return `${o.kind}/${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${name}`;
}

/**
 * The same object is often rendered more than once (Argo CD's CRDs by the bootstrap release and
 * the `argocd` Application, in every environment): each distinct object is validated once.
 */
const verdicts = new Map<string, SchemaProblem[] | undefined>();

function memo(parts: readonly string[], validate: () => SchemaProblem[] | undefined): SchemaProblem[] | undefined {
  const hash = createHash('sha256');
  for (const p of parts) hash.update(p).update('\0');
  const key = hash.digest('hex');
  if (!verdicts.has(key)) verdicts.set(key, validate());
  return verdicts.get(key);
}

const crdKeys = new WeakMap<ApiDefinition, string>();
function crdKey(d: ApiDefinition): string {
  let key = crdKeys.get(d);
  if (key === undefined) {
    key = JSON.stringify([d.group, d.version, d.kind, d.preserveUnknownFields, d.statusSubresource, d.schema]);
    crdKeys.set(d, key);
  }
  return key;
}

export function schemaErrors(render: StackRender): string[] {
  const definitions = apiDefinitions(render);
  const out: string[] = [];
  for (const { app, source, rendered } of placedObjects(render)) {
    const o = rendered.object;
    const text = JSON.stringify(o);
    let problems = memo([render.kubeVersion, text], () => validateBuiltin(o, render.kubeVersion));
    if (!problems) {
      // The first installer's CRD: an environment installing one kind from two charts installs
      // it twice (the `kinds` check orders them); the API server keeps whichever came last.
      const crd = definitionsOf(o, definitions).find((d) => d.kind !== undefined);
      if (!crd) continue;
      problems = memo([render.kubeVersion, crdKey(crd), text], () => [...validateObjectMeta(o.metadata, render.kubeVersion), ...validateCustom(o, crd)]) ?? [];
    }
    for (const p of problems) out.push(`${where(render, app, source, rendered.template)}: ${objectName(o)}${p.path ? ` ${p.path}` : ''}: ${p.message}`);
  }
  return out;
}

/**
 * Every Secret, ConfigMap and PersistentVolumeClaim a pod of the render needs exists, with the key
 * it reads. The kubelet starts no container whose `secretKeyRef`, `configMapKeyRef` or `envFrom`
 * names a missing object or key (CreateContainerConfigError), and no pod whose volume of one is
 * missing (a missing claim leaves it Pending); only `optional: true` references may point at
 * nothing. That holds the names and keys the program hands to charts (`existingSecret`,
 * `additionalConfigFromEnvs`, `envFrom`) and writes into its own manifests (the runners'
 * ConfigMaps, the registration Jobs' claim of Forgejo's volume) against what the pods read. The
 * pod template a Grafana resource gives its operator (`spec.deployment`) counts as a pod.
 *
 * What exists is what environment-objects.ts finds: the render's own, Terraform's Secrets,
 * cert-manager's, a chart hook Job's, `kube-root-ca.crt`, a Grafana's claim. Pods of Helm test hooks
 * are left out: Argo CD skips them.
 */
import type { StackRender } from '../render';
import { isGrafana, type Kind, madeObjects } from './environment-objects';
import { type Placed, StackObjects } from './stack-objects';
import { where } from './where';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

interface Use {
  readonly kind: Kind;
  readonly what: string;
  readonly name: string;
  readonly key?: string;
}

type Ref = { readonly name?: string; readonly optional?: boolean; readonly items?: readonly { readonly key: string }[] };
type KeyRef = { readonly name: string; readonly key: string; readonly optional?: boolean };
type Container = {
  readonly name: string;
  readonly env?: readonly { readonly name: string; readonly valueFrom?: { readonly secretKeyRef?: KeyRef; readonly configMapKeyRef?: KeyRef } }[];
  readonly envFrom?: readonly { readonly secretRef?: Ref; readonly configMapRef?: Ref }[];
};
type Spec = {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly {
    readonly name: string;
    readonly secret?: Ref & { readonly secretName?: string };
    readonly configMap?: Ref;
    readonly persistentVolumeClaim?: { readonly claimName?: string };
    readonly projected?: { readonly sources?: readonly { readonly secret?: Ref; readonly configMap?: Ref }[] };
  }[];
};

function podSpecOf(p: Placed): Spec | undefined {
  const o = p.object as unknown as { kind: string; spec?: { template?: { spec?: Spec }; jobTemplate?: { spec?: { template?: { spec?: Spec } } }; deployment?: { spec?: { template?: { spec?: Spec } } } } & Spec };
  if (o.kind === 'Pod') return o.spec;
  if (isGrafana(p)) return o.spec?.deployment?.spec?.template?.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

/** The Secrets and ConfigMaps (and keys) a pod cannot start without. */
function usesOf(spec: Spec): Use[] {
  const uses: Use[] = [];
  const keyRef = (kind: Kind, what: string, ref: KeyRef | undefined) => ref && !ref.optional && uses.push({ kind, what, name: ref.name, key: ref.key });
  const whole = (kind: Kind, what: string, ref: Ref | undefined, name = ref?.name) => {
    if (!ref || ref.optional || !name) return;
    uses.push({ kind, what, name });
    for (const item of ref.items ?? []) uses.push({ kind, what, name, key: item.key });
  };
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      keyRef('Secret', `container ${c.name} env ${e.name}`, e.valueFrom?.secretKeyRef);
      keyRef('ConfigMap', `container ${c.name} env ${e.name}`, e.valueFrom?.configMapKeyRef);
    }
    for (const e of c.envFrom ?? []) {
      whole('Secret', `container ${c.name} envFrom`, e.secretRef);
      whole('ConfigMap', `container ${c.name} envFrom`, e.configMapRef);
    }
  }
  for (const v of spec.volumes ?? []) {
    whole('Secret', `volume ${v.name}`, v.secret, v.secret?.secretName);
    whole('ConfigMap', `volume ${v.name}`, v.configMap);
    if (v.persistentVolumeClaim?.claimName) uses.push({ kind: 'PersistentVolumeClaim', what: `volume ${v.name}`, name: v.persistentVolumeClaim.claimName });
    for (const s of v.projected?.sources ?? []) {
      whole('Secret', `volume ${v.name}`, s.secret);
      whole('ConfigMap', `volume ${v.name}`, s.configMap);
    }
  }
  return uses;
}

export function podRefProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const madeOf = madeObjects(render, objects);
  const problems: string[] = [];
  for (const p of objects.all) {
    if (!(WORKLOADS.has(p.object.kind) || isGrafana(p)) || (p.object.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').includes('test')) continue;
    const spec = podSpecOf(p);
    if (!spec) continue;
    const at = `${where(render, p.app, p.source, p.template)}: ${p.object.kind} ${p.namespace}/${p.object.metadata.name}`;
    for (const use of usesOf(spec)) {
      const made = madeOf(use.kind, p.namespace, use.name);
      const nowhere = { Secret: 'not rendered, not written by Terraform, not issued by cert-manager', ConfigMap: 'not rendered', PersistentVolumeClaim: 'not rendered, not asked of an operator' }[use.kind];
      if (!made) problems.push(`${at} ${use.what}: no ${use.kind} ${p.namespace}/${use.name} in the environment (${nowhere}): the pod does not start`);
      else if (use.key !== undefined && !made.keys.includes(use.key))
        problems.push(`${at} ${use.what}: ${use.kind} ${p.namespace}/${use.name} (made by ${made.by}) has no key "${use.key}" (keys: ${made.keys.join(', ') || 'none'}): the pod does not start`);
    }
  }
  return problems;
}

/**
 * Every Secret a pod of the render needs exists, with the key it reads. The kubelet starts no
 * container whose `secretKeyRef` or `envFrom` names a missing Secret or key
 * (CreateContainerConfigError), and no pod whose secret volume is missing; only `optional: true`
 * references may point at nothing. That holds the names and keys the program hands to charts
 * (`existingSecret`, `additionalConfigFromEnvs`, `envFrom`) against what the chart's templates
 * really read.
 *
 * A Secret exists when the render has it (a chart's own, a companion manifest), Terraform writes it
 * (the stack's `kubernetes_secret_v1`), cert-manager issues it (a Certificate's `secretName`; an
 * Ingress's TLS `secretName` under a cert-manager issuer annotation), or a hook Job of the same
 * chart makes it (`MADE_BY_JOBS`, each with the template that shows it). Pods of Helm test hooks
 * are left out: Argo CD skips them.
 */
import type { StackRender } from '../render';
import { type Placed, StackObjects } from './stack-objects';
import { where } from './where';

interface Made {
  readonly keys: readonly string[];
  readonly by: string;
}

/** The keys cert-manager writes into the Secret of a Certificate (and of an Ingress it issues for). */
const CERTIFICATE_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];

/** Secrets that a hook Job of a chart makes at install, by chart, Secret name and keys. */
const MADE_BY_JOBS: readonly { readonly chart: string; readonly secret: string; readonly keys: readonly string[]; readonly by: string }[] = [
  // `argocd admin redis-initial-password` writes key `auth` (argo-cd 10.1.1 templates/redis-secret-init/job.yaml:8, :39-42, a pre-install and pre-upgrade hook).
  { chart: 'argo-cd', secret: 'argocd-redis', keys: ['auth'], by: 'the redis-secret-init hook Job' },
];

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);

interface SecretUse {
  readonly what: string;
  readonly name: string;
  readonly key?: string;
}

type Spec = {
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly { readonly name: string; readonly secret?: { readonly secretName?: string; readonly optional?: boolean; readonly items?: readonly { readonly key: string }[] }; readonly projected?: { readonly sources?: readonly { readonly secret?: { readonly name?: string; readonly optional?: boolean; readonly items?: readonly { readonly key: string }[] } }[] } }[];
};
type Container = {
  readonly name: string;
  readonly env?: readonly { readonly name: string; readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean } } }[];
  readonly envFrom?: readonly { readonly secretRef?: { readonly name: string; readonly optional?: boolean } }[];
};

function podSpecOf(p: Placed): Spec | undefined {
  const o = p.object as unknown as { kind: string; spec?: { template?: { spec?: Spec }; jobTemplate?: { spec?: { template?: { spec?: Spec } } } } & Spec };
  if (o.kind === 'Pod') return o.spec;
  if (o.kind === 'CronJob') return o.spec?.jobTemplate?.spec?.template?.spec;
  return o.spec?.template?.spec;
}

/** The Secrets (and keys) a pod cannot start without. */
function usesOf(spec: Spec): SecretUse[] {
  const uses: SecretUse[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    for (const e of c.env ?? []) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref && !ref.optional) uses.push({ what: `container ${c.name} env ${e.name}`, name: ref.name, key: ref.key });
    }
    for (const e of c.envFrom ?? []) if (e.secretRef && !e.secretRef.optional) uses.push({ what: `container ${c.name} envFrom`, name: e.secretRef.name });
  }
  for (const v of spec.volumes ?? []) {
    const sources = [...(v.secret ? [{ name: v.secret.secretName, optional: v.secret.optional, items: v.secret.items }] : []), ...(v.projected?.sources ?? []).flatMap((s) => (s.secret ? [s.secret] : []))];
    for (const s of sources) {
      if (s.optional || !s.name) continue;
      uses.push({ what: `volume ${v.name}`, name: s.name });
      for (const item of s.items ?? []) uses.push({ what: `volume ${v.name}`, name: s.name, key: item.key });
    }
  }
  return uses;
}

const patternOf = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\$\\\{each\\\.key\\\}/g, '.+')}$`);

/** The Secrets that exist in the environment, by namespace, with who makes them. */
function madeSecrets(render: StackRender, objects: StackObjects): (namespace: string, name: string) => Made | undefined {
  const made = new Map<string, Made>();
  const add = (namespace: string, name: string, m: Made) => made.set(`${namespace}/${name}`, m);
  for (const s of objects.ofKind('Secret', '')) {
    const o = s.object as unknown as { data?: object; stringData?: object };
    add(s.namespace, s.object.metadata.name, { keys: [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})], by: `${s.app.name} ${s.template}` });
  }
  for (const c of objects.ofKind('Certificate', 'cert-manager.io')) {
    const name = (c.object.spec as { secretName?: string } | undefined)?.secretName;
    if (name) add(c.namespace, name, { keys: CERTIFICATE_KEYS, by: `cert-manager for Certificate ${c.namespace}/${c.object.metadata.name}` });
  }
  for (const i of objects.ofKind('Ingress', 'networking.k8s.io')) {
    const annotations = i.object.metadata.annotations ?? {};
    if (!annotations['cert-manager.io/cluster-issuer'] && !annotations['cert-manager.io/issuer']) continue;
    for (const tls of (i.object.spec as { tls?: { secretName?: string }[] } | undefined)?.tls ?? []) {
      if (tls.secretName) add(i.namespace, tls.secretName, { keys: CERTIFICATE_KEYS, by: `cert-manager for Ingress ${i.namespace}/${i.object.metadata.name}` });
    }
  }
  for (const app of render.applications) {
    for (const source of app.sources) {
      for (const job of MADE_BY_JOBS) if (source.chart.chart === job.chart) add(source.namespace, job.secret, { keys: job.keys, by: `${job.by} of ${app.name}` });
    }
  }
  const patterns = render.terraformSecrets.map((s) => ({ namespace: s.namespace, pattern: patternOf(s.name), made: { keys: s.keys, by: `Terraform (kubernetes_secret_v1 ${s.name})` } }));
  return (namespace, name) => made.get(`${namespace}/${name}`) ?? patterns.find((p) => p.namespace === namespace && p.pattern.test(name))?.made;
}

export function secretRefProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const secretOf = madeSecrets(render, objects);
  const problems: string[] = [];
  for (const p of objects.all) {
    if (!WORKLOADS.has(p.object.kind) || (p.object.metadata.annotations?.['helm.sh/hook'] ?? '').split(',').includes('test')) continue;
    const spec = podSpecOf(p);
    if (!spec) continue;
    const at = `${where(render, p.app, p.source, p.template)}: ${p.object.kind} ${p.namespace}/${p.object.metadata.name}`;
    for (const use of usesOf(spec)) {
      const secret = secretOf(p.namespace, use.name);
      if (!secret) problems.push(`${at} ${use.what}: no Secret ${p.namespace}/${use.name} in the environment (not rendered, not written by Terraform, not issued by cert-manager): the pod does not start`);
      else if (use.key !== undefined && !secret.keys.includes(use.key))
        problems.push(`${at} ${use.what}: Secret ${p.namespace}/${use.name} (made by ${secret.by}) has no key "${use.key}" (keys: ${secret.keys.join(', ') || 'none'}): the pod does not start`);
    }
  }
  return problems;
}

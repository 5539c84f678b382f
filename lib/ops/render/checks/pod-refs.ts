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
 * A Secret exists when the render has it (a chart's own, a companion manifest), Terraform writes it
 * (the stack's `kubernetes_secret_v1`), cert-manager issues it (a Certificate's `secretName`; an
 * Ingress's TLS `secretName` under a cert-manager issuer annotation), or a hook Job of the same
 * chart makes it (`MADE_BY_JOBS`, each with the template that shows it). A ConfigMap exists when
 * the render has it, or it is `kube-root-ca.crt`, which Kubernetes puts into every namespace. A
 * claim exists when the render has it, or a Grafana asks its operator for one (`<name>-pvc`,
 * grafana-operator v5.24.0 controllers/resources/resources.go:62). Pods of Helm test hooks are left
 * out: Argo CD skips them.
 */
import type { StackRender } from '../render';
import { isKind, type Placed, StackObjects } from './stack-objects';
import { where } from './where';

export type Kind = 'Secret' | 'ConfigMap' | 'PersistentVolumeClaim';

export interface Made {
  readonly keys: readonly string[];
  readonly by: string;
}

/**
 * The keys cert-manager writes into the Secret of a Certificate (and of an Ingress it issues for):
 * `ca.crt` only for a CA or self-signed issuer of the render, never for ACME (cert-manager's
 * documentation, "Certificate resources": the key is set where the issuer knows the CA).
 */
function certificateKeys(objects: StackObjects, namespace: string, issuer: { kind?: string; name?: string } | undefined): string[] {
  const kind = issuer?.kind === 'ClusterIssuer' ? 'ClusterIssuer' : 'Issuer';
  const found = issuer?.name ? objects.named(kind === 'Issuer' ? namespace : undefined, kind, issuer.name, 'cert-manager.io')[0] : undefined;
  const spec = (found?.object.spec ?? {}) as { ca?: unknown; selfSigned?: unknown };
  return ['tls.crt', 'tls.key', ...(spec.ca || spec.selfSigned ? ['ca.crt'] : [])];
}

/** Secrets that a hook Job of a chart makes at install: by chart, the Job's template, the Secret's name and keys. */
const MADE_BY_JOBS: readonly { readonly chart: string; readonly template: string; readonly secret: string; readonly keys: readonly string[] }[] = [
  // `argocd admin redis-initial-password` writes key `auth` (argo-cd 10.1.1 templates/redis-secret-init/job.yaml:8, :39-42, a pre-install and pre-upgrade hook).
  { chart: 'argo-cd', template: 'argo-cd/templates/redis-secret-init/job.yaml', secret: 'argocd-redis', keys: ['auth'] },
];

/** The ConfigMap Kubernetes publishes in every namespace (the cluster's CA, kube-controller-manager's root-ca-cert-publisher). */
const ROOT_CA: Made = { keys: ['ca.crt'], by: 'Kubernetes (every namespace)' };

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
const isGrafana = (p: Placed) => isKind(p.object, 'Grafana', 'grafana.integreatly.org');

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

const patternOf = (name: string) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\$\\\{each\\\.key\\\}/g, '.+')}$`);

/** What exists in the environment, by kind and namespace, with who makes it (and the keys it has). */
export function madeObjects(render: StackRender, objects: StackObjects): (kind: Kind, namespace: string, name: string) => Made | undefined {
  const made = new Map<string, Made>();
  const add = (kind: Kind, namespace: string, name: string, m: Made) => made.set(`${kind} ${namespace}/${name}`, m);
  for (const kind of ['Secret', 'ConfigMap', 'PersistentVolumeClaim'] as const) {
    for (const p of objects.ofKind(kind, '')) {
      const o = p.object as unknown as { data?: object; stringData?: object; binaryData?: object };
      add(kind, p.namespace, p.object.metadata.name, { keys: [...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {}), ...Object.keys(o.binaryData ?? {})], by: `${p.app.name} ${p.template}` });
    }
  }
  for (const c of objects.ofKind('Certificate', 'cert-manager.io')) {
    const spec = (c.object.spec ?? {}) as { secretName?: string; issuerRef?: { kind?: string; name?: string } };
    if (spec.secretName) add('Secret', c.namespace, spec.secretName, { keys: certificateKeys(objects, c.namespace, spec.issuerRef), by: `cert-manager for Certificate ${c.namespace}/${c.object.metadata.name}` });
  }
  for (const i of objects.ofKind('Ingress', 'networking.k8s.io')) {
    const annotations = i.object.metadata.annotations ?? {};
    const clusterIssuer = annotations['cert-manager.io/cluster-issuer'];
    const issuer = clusterIssuer ? { kind: 'ClusterIssuer', name: clusterIssuer } : annotations['cert-manager.io/issuer'] ? { kind: 'Issuer', name: annotations['cert-manager.io/issuer'] } : undefined;
    if (!issuer) continue;
    for (const tls of (i.object.spec as { tls?: { secretName?: string }[] } | undefined)?.tls ?? []) {
      if (tls.secretName) add('Secret', i.namespace, tls.secretName, { keys: certificateKeys(objects, i.namespace, issuer), by: `cert-manager for Ingress ${i.namespace}/${i.object.metadata.name}` });
    }
  }
  for (const g of objects.all.filter(isGrafana)) {
    if ((g.object.spec as { persistentVolumeClaim?: unknown } | undefined)?.persistentVolumeClaim) add('PersistentVolumeClaim', g.namespace, `${g.object.metadata.name}-pvc`, { keys: [], by: `grafana-operator for Grafana ${g.namespace}/${g.object.metadata.name}` });
  }
  for (const app of render.applications) {
    for (const source of app.sources) {
      for (const job of MADE_BY_JOBS) {
        // Only where the chart renders the Job (argo-cd: redisSecretInit on, no external Redis).
        const rendered = source.chart.chart === job.chart && source.objects.some((o) => o.object?.kind === 'Job' && o.template === job.template);
        if (rendered) add('Secret', source.namespace, job.secret, { keys: job.keys, by: `the hook Job of ${app.name} (${job.template})` });
      }
    }
  }
  const written = render.terraformSecrets.map((s) => ({ namespace: s.namespace, pattern: patternOf(s.name), made: { keys: s.keys, by: `Terraform (kubernetes_secret_v1 ${s.name})` } }));
  return (kind, namespace, name) => {
    const rendered = made.get(`${kind} ${namespace}/${name}`);
    if (rendered) return rendered;
    if (kind === 'ConfigMap') return name === 'kube-root-ca.crt' ? ROOT_CA : undefined;
    if (kind === 'Secret') return written.find((w) => w.namespace === namespace && w.pattern.test(name))?.made;
    return undefined;
  };
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

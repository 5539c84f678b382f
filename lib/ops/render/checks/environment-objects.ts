/**
 * What exists in an environment of a render, by kind, namespace and name, with who makes it and the
 * keys it has: for the checks that follow references to Secrets, ConfigMaps and claims (pod-refs,
 * alertmanager-config). A Secret exists when the render has it (a chart's own, a companion
 * manifest), Terraform writes it (the stack's `kubernetes_secret_v1`), cert-manager issues it (a
 * Certificate's `secretName`; an Ingress's TLS `secretName` under a cert-manager issuer
 * annotation), or a hook Job of the same chart makes it (`MADE_BY_JOBS`). A ConfigMap exists when
 * the render has it, or it is `kube-root-ca.crt`, which Kubernetes puts into every namespace. A
 * claim exists when the render has it, or a Grafana asks its operator for one (`<name>-pvc`,
 * grafana-operator v5.24.0 controllers/resources/resources.go:62).
 */
import type { StackRender } from '../render';
import { isKind, type Placed, StackObjects } from './stack-objects';

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

export const isGrafana = (p: Placed) => isKind(p.object, 'Grafana', 'grafana.integreatly.org');

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

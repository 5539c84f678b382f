/**
 * Every rendered object of one stack with where it came from and the namespace it lands in, and
 * the lookups that checks following references need: an object by kind and name, the pod
 * templates a label selector picks, the text of a ConfigMap or Secret key.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { RenderedApplication, RenderedSource, StackRender } from '../render';

export interface Placed {
  readonly object: KubernetesObject;
  readonly app: RenderedApplication;
  readonly source: RenderedSource;
  readonly template: string;
  /** `metadata.namespace`, else the namespace the source is rendered into. */
  readonly namespace: string;
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly { readonly name: string; readonly value?: string }[];
}

export interface PodSpec {
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly volumes?: readonly {
    readonly name: string;
    readonly secret?: { readonly secretName?: string };
    readonly configMap?: { readonly name?: string };
    readonly projected?: { readonly sources?: readonly { readonly secret?: { readonly name?: string }; readonly configMap?: { readonly name?: string } }[] };
  }[];
}

/** A pod template of a workload (or a bare Pod), with the workload it belongs to. */
export interface Pod {
  readonly workload: Placed;
  readonly labels: Readonly<Record<string, string>>;
  readonly spec: PodSpec;
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** `docker.io/traefik` of `docker.io/traefik:v3.7.11@sha256:...` (a registry port is no tag). */
export function repositoryOf(image: string): string {
  return image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
}

/** `operator.victoriametrics.com` of `operator.victoriametrics.com/v1beta1`, `''` for the core group. */
export function groupOf(o: KubernetesObject): string {
  const slash = o.apiVersion.indexOf('/');
  return slash < 0 ? '' : o.apiVersion.slice(0, slash);
}

export function isKind(o: KubernetesObject, kind: string, group?: string): boolean {
  return o.kind === kind && (group === undefined || groupOf(o) === group);
}

/** A Kubernetes label selector: `matchLabels` and `matchExpressions` (In, NotIn, Exists, DoesNotExist). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** Whether a label selector picks an object with these labels, as the API server reads it (an absent selector picks all). */
export function selectorMatches(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!selector) return true;
  if (!selects(selector.matchLabels ?? {}, labels)) return false;
  return (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const inValues = has && (e.values ?? []).includes(labels[e.key]);
    if (e.operator === 'In') return inValues;
    if (e.operator === 'NotIn') return !inValues;
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    return false; // an operator Kubernetes does not know: the API server refuses the object
  });
}

/** A label selector (`matchLabels` form or a Service's plain map) against labels. */
export function selects(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export class StackObjects {
  readonly all: readonly Placed[];

  constructor(render: StackRender) {
    const all: Placed[] = [];
    for (const app of render.applications) {
      for (const source of app.sources) {
        for (const { object, template } of source.objects) {
          if (!object || typeof object.kind !== 'string' || !object.metadata) continue;
          all.push({ object, app, source, template, namespace: object.metadata.namespace ?? source.namespace });
        }
      }
    }
    this.all = all;
  }

  ofKind(kind: string, group?: string): Placed[] {
    return this.all.filter((p) => isKind(p.object, kind, group));
  }

  /** The objects of that kind and name in the namespace (several when two Applications render it). */
  named(namespace: string | undefined, kind: string, name: string, group?: string): Placed[] {
    return this.all.filter((p) => isKind(p.object, kind, group) && p.object.metadata.name === name && (namespace === undefined || p.namespace === namespace));
  }

  /**
   * The pod templates in `namespace` whose labels the selector matches. Helm hooks (test Pods,
   * install Jobs) serve nothing: Argo CD skips test hooks and runs the others to completion.
   */
  podsSelectedBy(namespace: string, selector: Readonly<Record<string, string>>): Pod[] {
    const pods: Pod[] = [];
    for (const p of this.all) {
      if (p.namespace !== namespace || p.object.metadata.annotations?.['helm.sh/hook'] !== undefined) continue;
      const o = p.object as KubernetesObject & { spec?: { template?: { metadata?: { labels?: Record<string, string> }; spec?: PodSpec } } };
      if (o.kind === 'Pod' && o.apiVersion === 'v1') {
        const spec = (o as unknown as { spec?: PodSpec }).spec;
        if (spec && selects(selector, o.metadata.labels ?? {})) pods.push({ workload: p, labels: o.metadata.labels ?? {}, spec });
      } else if (WORKLOADS.has(o.kind) && o.spec?.template?.spec) {
        const labels = o.spec.template.metadata?.labels ?? {};
        if (selects(selector, labels)) pods.push({ workload: p, labels, spec: o.spec.template.spec });
      }
    }
    return pods;
  }

  /** The text of one key of a ConfigMap or Secret (`data` decoded for Secrets, `stringData`). */
  keyText(namespace: string, kind: 'ConfigMap' | 'Secret', name: string, key: string): string | undefined {
    for (const p of this.named(namespace, kind, name, '')) {
      const o = p.object as KubernetesObject & { data?: Record<string, string>; stringData?: Record<string, string> };
      if (o.stringData?.[key] !== undefined) return o.stringData[key];
      const data = o.data?.[key];
      if (data !== undefined) return kind === 'Secret' ? Buffer.from(data, 'base64').toString('utf8') : data;
    }
    return undefined;
  }

  /** Every key of every ConfigMap and Secret the pod mounts, as text. */
  mountedTexts(namespace: string, pod: PodSpec): { readonly from: string; readonly key: string; readonly text: string }[] {
    const refs: { kind: 'ConfigMap' | 'Secret'; name: string }[] = [];
    for (const v of pod.volumes ?? []) {
      if (v.secret?.secretName) refs.push({ kind: 'Secret', name: v.secret.secretName });
      if (v.configMap?.name) refs.push({ kind: 'ConfigMap', name: v.configMap.name });
      for (const s of v.projected?.sources ?? []) {
        if (s.secret?.name) refs.push({ kind: 'Secret', name: s.secret.name });
        if (s.configMap?.name) refs.push({ kind: 'ConfigMap', name: s.configMap.name });
      }
    }
    const out: { from: string; key: string; text: string }[] = [];
    for (const ref of refs) {
      for (const p of this.named(namespace, ref.kind, ref.name, '')) {
        const o = p.object as KubernetesObject & { data?: Record<string, string>; stringData?: Record<string, string> };
        for (const key of new Set([...Object.keys(o.data ?? {}), ...Object.keys(o.stringData ?? {})])) {
          const text = this.keyText(namespace, ref.kind, ref.name, key);
          if (text !== undefined) out.push({ from: `${ref.kind} ${ref.name}`, key, text });
        }
      }
    }
    return out;
  }
}

/**
 * Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), enough to ask of a render whether a
 * connection is admitted: a pod selected by no policy of a direction is open in that direction;
 * a selected pod admits a connection that some rule of some selecting policy admits (peers are
 * ORed, a peer with podSelector and namespaceSelector needs both; a rule without `from`/`to`
 * admits every peer, without `ports` every port; a named port is the container port's name).
 */
import type { KubernetesObject } from '../../lib/contracts/manifest';
import { type LabelSelector, selectorMatches } from '../../lib/ops/render/checks/stack-objects';

export interface Pod {
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Container ports of the pod (name and number). */
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
}

interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: unknown;
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { port?: number | string; protocol?: string }[];
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: string[];
  ingress?: Rule[];
  egress?: Rule[];
}

/** The labels every namespace carries (the only ones we know from a render). */
const namespaceLabels = (ns: string) => ({ 'kubernetes.io/metadata.name': ns });

function peerMatches(peer: Peer, policyNamespace: string, other: Pod): boolean {
  if (peer.ipBlock) return false; // pod traffic is matched by selectors here, not by CIDR
  const nsOk = peer.namespaceSelector ? selectorMatches(peer.namespaceSelector, namespaceLabels(other.namespace)) : other.namespace === policyNamespace;
  return nsOk && (peer.podSelector ? selectorMatches(peer.podSelector, other.labels) : true);
}

function portMatches(rule: Rule, target: Pod, port: number | string): boolean {
  if (!rule.ports?.length) return true;
  const named = target.ports?.find((p) => p.name === port || p.containerPort === port);
  return rule.ports.some((p) => p.port === undefined || p.port === port || (named !== undefined && (p.port === named.name || p.port === named.containerPort)));
}

function policiesOf(objects: readonly KubernetesObject[], pod: Pod, type: 'Ingress' | 'Egress'): { namespace: string; spec: PolicySpec }[] {
  return objects
    .filter((o) => o.kind === 'NetworkPolicy' && o.metadata.namespace === pod.namespace)
    .map((o) => ({ namespace: o.metadata.namespace!, spec: o.spec as unknown as PolicySpec }))
    .filter(({ spec }) => selectorMatches(spec.podSelector, pod.labels))
    .filter(({ spec }) => (spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress'])).includes(type));
}

/** Does `target` admit a connection from `source` to `port` (name or number)? */
export function admitsIngress(objects: readonly KubernetesObject[], target: Pod, source: Pod, port: number | string): boolean {
  const policies = policiesOf(objects, target, 'Ingress');
  if (policies.length === 0) return true;
  return policies.some(({ namespace, spec }) => (spec.ingress ?? []).some((r) => (!r.from?.length || r.from.some((p) => peerMatches(p, namespace, source))) && portMatches(r, target, port)));
}

/** Is the pod's egress unrestricted (no policy of type Egress selects it)? */
export function egressOpen(objects: readonly KubernetesObject[], pod: Pod): boolean {
  return policiesOf(objects, pod, 'Egress').length === 0;
}

/**
 * Nothing is reachable from outside the cluster without authentication, unless the application
 * behind it has a login of its own. Exposures: every Ingress rule (rendered, or made by an operator
 * from a Grafana's or VMAuth's `spec.ingress`) and every Service of type LoadBalancer or NodePort
 * (rendered, or from a custom resource's service spec). Each is followed to what serves it:
 * Ingress -> Service -> the pods the Service selects -> the container port, or Service -> the
 * custom resource whose operator makes it. It passes when the ingress controller authenticates
 * (auth/ingress-auth.ts), the container is an application with its own login on that port and
 * without holes (auth/logins.ts), or the operator-managed backend authenticates (auth/operators.ts:
 * VMAuth without unauthorized access and every VMUser with credentials). Anything else is a
 * problem line naming stack, Application, chart, template, the host or port, and why.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { StackRender } from '../render';
import { ingressAuth, IngressLike } from './auth/ingress-auth';
import { ownLogin } from './auth/logins';
import { OPERATOR_BACKENDS, ServicePort } from './auth/operators';
import { findService, portLabel, RenderedServicePort } from './auth/services';
import { fail, pass, Verdict } from './auth/verdict';
import { Container, Placed, Pod, StackObjects } from './stack-objects';
import { where } from './where';

export interface Exposure {
  /** The object that exposes: Ingress, Service or the custom resource asking its operator for one. */
  readonly at: Placed;
  /** `Ingress observability/vmauth-vm https://vmauth.observability.buildth.ing/`, `Service gitea/forgejo-ssh LoadBalancer port ssh 32222`. */
  readonly what: string;
  /** `Service vmauth-vm port http (VMAuth observability/vm)`, `Deployment forgejo container forgejo port ssh`. */
  readonly backend: string;
  readonly verdict: Verdict;
}

interface Judged {
  readonly backend: string;
  readonly verdict: Verdict;
}

/** A port by name or number, as an Ingress backend or a Service's targetPort gives it. */
type PortRef = { readonly name?: string; readonly number?: number };

function containerPort(pod: Pod, target: number | string): { container: Container; port: { name?: string; containerPort: number } } | undefined {
  for (const container of pod.spec.containers) {
    const port = (container.ports ?? []).find((p) => (typeof target === 'string' ? p.name === target : p.containerPort === target));
    if (port) return { container, port };
  }
  // A numeric targetPort need not be declared: with one container, it is that container's.
  if (typeof target === 'number' && pod.spec.containers.length === 1) return { container: pod.spec.containers[0], port: { containerPort: target } };
  return undefined;
}

function judgePod(objects: StackObjects, namespace: string, pod: Pod, target: number | string): Judged {
  const workload = `${pod.workload.object.kind} ${pod.workload.object.metadata.name}`;
  const found = containerPort(pod, target);
  if (!found) return { backend: workload, verdict: fail(`no container of ${workload} has port ${target}`) };
  const { container, port } = found;
  const backend = `${workload} container ${container.name} port ${port.name ?? port.containerPort}`;
  const login = ownLogin(container);
  if (!login)
    return { backend, verdict: fail(`${container.image ?? 'a container without image'} is no application with a login of its own (auth/logins.ts) and nothing in front of it authenticates`) };
  const how = login.ports[port.name ?? ''] ?? login.ports[String(port.containerPort)];
  if (!how) return { backend, verdict: fail(`port ${port.name ?? port.containerPort} of ${login.name} has no login (its login covers ${Object.keys(login.ports).join(', ')})`) };
  const holes = login.holes?.({ objects, namespace, pod, port: port.name ?? String(port.containerPort) }) ?? [];
  if (holes.length > 0) return { backend, verdict: fail(`${login.name}: ${holes.join('; ')}`) };
  return { backend, verdict: pass(`${login.name}: ${how}`) };
}

/** What stands behind port `ref` of Service `name` in `namespace`, and whether it authenticates. */
function judgeService(objects: StackObjects, namespace: string, name: string, ref: PortRef): Judged {
  const service = findService(objects, namespace, name);
  const refLabel = ref.name ?? String(ref.number);
  if (!service)
    return { backend: `Service ${name} port ${refLabel}`, verdict: fail(`no Service ${namespace}/${name} in the render and no operator of the render makes one: what it serves is unknown`) };
  const port = (service.ports as readonly ServicePort[]).find((p) => (ref.name !== undefined ? p.name === ref.name : p.port === ref.number));
  if (!port)
    return { backend: `Service ${name} port ${refLabel}`, verdict: fail(`Service ${namespace}/${name} has no port ${refLabel} (it has ${service.ports.map(portLabel).join(', ') || 'none'})`) };
  if (service.by === 'operator') {
    const cr = `${service.cr.object.kind} ${service.cr.namespace}/${service.cr.object.metadata.name}`;
    return { backend: `Service ${name} port ${portLabel(port)} (${cr})`, verdict: service.backend.judge(service.cr, objects) };
  }
  const head = `Service ${name} port ${portLabel(port)}`;
  if (service.spec.type === 'ExternalName') return { backend: head, verdict: fail(`ExternalName ${service.spec.externalName}: outside the render, unknown`) };
  if (!service.spec.selector || Object.keys(service.spec.selector).length === 0) return { backend: head, verdict: fail('the Service has no selector: its endpoints come from elsewhere, unknown') };
  const pods = objects.podsSelectedBy(namespace, service.spec.selector);
  if (pods.length === 0) return { backend: head, verdict: fail('the Service selects no pod of the render') };
  const target = (port as RenderedServicePort).targetPort ?? port.port;
  const judged = pods.map((p) => judgePod(objects, namespace, p, target));
  const failed = judged.find((j) => !j.verdict.ok);
  const chosen = failed ?? judged[0];
  return { backend: `${head} -> ${chosen.backend}`, verdict: chosen.verdict };
}

interface IngressRule {
  readonly host?: string;
  readonly http?: { readonly paths?: readonly { readonly path?: string; readonly backend: IngressBackend }[] };
}
interface IngressBackend {
  readonly service?: { readonly name: string; readonly port?: PortRef };
  readonly resource?: { readonly kind: string; readonly name: string };
}
interface IngressSpec {
  readonly ingressClassName?: string;
  readonly defaultBackend?: IngressBackend;
  readonly rules?: readonly IngressRule[];
  readonly tls?: readonly { readonly hosts?: readonly string[] }[];
}

/** The exposures of one Ingress spec (a rendered Ingress, or a Grafana's `spec.ingress`). */
function ingressExposures(objects: StackObjects, at: Placed, label: string, spec: IngressSpec, annotations: Readonly<Record<string, string>>): Exposure[] {
  const tlsHosts = new Set((spec.tls ?? []).flatMap((t) => t.hosts ?? []));
  const routes: { url: string; backend: IngressBackend }[] = [];
  if (spec.defaultBackend) routes.push({ url: '(default backend)', backend: spec.defaultBackend });
  for (const rule of spec.rules ?? []) {
    for (const path of rule.http?.paths ?? []) {
      routes.push({ url: `${rule.host && tlsHosts.has(rule.host) ? 'https' : 'http'}://${rule.host ?? '*'}${path.path ?? '/'}`, backend: path.backend });
    }
  }
  const like: IngressLike = { namespace: at.namespace, className: spec.ingressClassName, annotations };
  const auth = ingressAuth(objects, like);
  return routes.map(({ url, backend }) => {
    const what = `${label} ${url}`;
    if (!backend.service) return { at, what, backend: `${backend.resource?.kind ?? '?'} ${backend.resource?.name ?? '?'}`, verdict: auth ? pass(auth) : fail('the backend is no Service: unknown') };
    const judged = judgeService(objects, at.namespace, backend.service.name, backend.service.port ?? {});
    return { at, what, backend: judged.backend, verdict: auth ? pass(auth) : judged.verdict };
  });
}

const EXPOSED_TYPES = new Set(['LoadBalancer', 'NodePort']);

function serviceExposures(objects: StackObjects, at: Placed): Exposure[] {
  const o = at.object as KubernetesObject & { spec?: { type?: string; ports?: readonly RenderedServicePort[] } };
  const type = o.spec?.type;
  if (!type || !EXPOSED_TYPES.has(type)) return [];
  return (o.spec?.ports ?? []).map((p) => {
    const judged = judgeService(objects, at.namespace, o.metadata.name, p.name !== undefined ? { name: p.name } : { number: p.port });
    return { at, what: `Service ${at.namespace}/${o.metadata.name} ${type} port ${portLabel(p)}${p.nodePort ? ` (node port ${p.nodePort})` : ''}`, backend: judged.backend, verdict: judged.verdict };
  });
}

interface VmIngress {
  readonly class_name?: string;
  readonly host?: string;
  readonly tlsHosts?: readonly string[];
  readonly annotations?: Record<string, string>;
}

/** Ingresses and exposed Services that operators make from custom resources. */
function operatorExposures(objects: StackObjects): Exposure[] {
  const out: Exposure[] = [];
  for (const backend of OPERATOR_BACKENDS) {
    for (const cr of objects.ofKind(backend.kind, backend.group)) {
      const spec = (cr.object.spec ?? {}) as Record<string, unknown>;
      const name = `${cr.object.kind} ${cr.namespace}/${cr.object.metadata.name}`;
      const service = backend.service(cr.object.metadata.name);
      const [port] = backend.ports(spec);
      if (backend.kind === 'Grafana' && spec.ingress) {
        const ingress = spec.ingress as { metadata?: { annotations?: Record<string, string> }; spec?: IngressSpec };
        out.push(...ingressExposures(objects, cr, `${name} spec.ingress`, ingress.spec ?? {}, ingress.metadata?.annotations ?? {}));
      } else if (spec.ingress) {
        const ingress = spec.ingress as VmIngress;
        const auth = ingressAuth(objects, { namespace: cr.namespace, className: ingress.class_name, annotations: ingress.annotations ?? {} });
        const judged = judgeService(objects, cr.namespace, service, { name: port.name });
        const url = `${ingress.host && (ingress.tlsHosts ?? []).includes(ingress.host) ? 'https' : 'http'}://${ingress.host ?? '*'}/`;
        out.push({ at: cr, what: `${name} spec.ingress ${url}`, backend: judged.backend, verdict: auth ? pass(auth) : judged.verdict });
      }
      const type = ((spec.serviceSpec ?? spec.service) as { spec?: { type?: string } } | undefined)?.spec?.type;
      if (type && EXPOSED_TYPES.has(type)) {
        const judged = judgeService(objects, cr.namespace, service, { name: port.name });
        out.push({ at: cr, what: `${name} ${spec.serviceSpec ? 'spec.serviceSpec' : 'spec.service'} ${type} port ${portLabel(port)}`, backend: judged.backend, verdict: judged.verdict });
      }
    }
  }
  return out;
}

/** Every exposure of the stack with its verdict (passing ones included, for reports and tests). */
export function exposures(render: StackRender): Exposure[] {
  const objects = new StackObjects(render);
  return [
    ...objects
      .ofKind('Ingress', 'networking.k8s.io')
      .flatMap((at) => ingressExposures(objects, at, `Ingress ${at.namespace}/${at.object.metadata.name}`, (at.object.spec ?? {}) as IngressSpec, at.object.metadata.annotations ?? {})),
    ...objects.ofKind('Service', '').flatMap((at) => serviceExposures(objects, at)),
    ...operatorExposures(objects),
  ];
}

export function exposureProblems(render: StackRender): string[] {
  return exposures(render)
    .filter((e) => !e.verdict.ok)
    .map((e) => `${where(render, e.at.app, e.at.source, e.at.template)}: ${e.what} -> ${e.backend}: ${e.verdict.why}`);
}

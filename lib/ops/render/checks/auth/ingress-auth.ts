/**
 * Authentication an ingress controller does in front of the backend, from the Ingress's
 * annotations. Only annotations of the controller that serves the Ingress's class count (an
 * ingress-nginx annotation on a Traefik Ingress is ignored by Traefik): the class must be an
 * IngressClass of the render with that controller.
 * - Traefik (`traefik.io/ingress-controller`, the platform's): the Ingress's
 *   `traefik.ingress.kubernetes.io/router.middlewares` names `<namespace>-<name>@kubernetescrd`
 *   Middlewares; one of them, in the Ingress's own namespace and in the render, does basic or digest
 *   authentication from a Secret or forwards every request to an authentication service first.
 * - ingress-nginx (`k8s.io/ingress-nginx`) with its default annotation prefix: external auth
 *   (`auth-url`), basic/digest auth from a Secret, verified client certificates.
 */
import type { StackObjects } from '../stack-objects';

const TRAEFIK_CONTROLLER = 'traefik.io/ingress-controller';
const TRAEFIK_MIDDLEWARES = 'traefik.ingress.kubernetes.io/router.middlewares';
const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
const P = 'nginx.ingress.kubernetes.io/';

export interface IngressLike {
  /** Where the Ingress lives: Traefik resolves its Middlewares from here. */
  readonly namespace: string;
  readonly className?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

function controllerOf(objects: StackObjects, className: string | undefined): string | undefined {
  const classes = objects.ofKind('IngressClass', 'networking.k8s.io');
  const match = className ? classes.find((c) => c.object.metadata.name === className) : classes.find((c) => c.object.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
  return (match?.object.spec as { controller?: string } | undefined)?.controller;
}

interface MiddlewareSpec {
  readonly basicAuth?: { readonly secret?: string };
  readonly digestAuth?: { readonly secret?: string };
  readonly forwardAuth?: { readonly address?: string };
}

/** The first Middleware of the annotation that authenticates, described; undefined when none does. */
function traefikAuth(objects: StackObjects, ingress: IngressLike): string | undefined {
  const refs = (ingress.annotations[TRAEFIK_MIDDLEWARES] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
  const middlewares = objects.ofKind('Middleware', 'traefik.io').filter((m) => m.namespace === ingress.namespace);
  for (const ref of refs) {
    const m = /^(.+)@kubernetescrd$/.exec(ref);
    if (!m) continue;
    // `<namespace>-<name>`: only a Middleware of the Ingress's own namespace (no cross-namespace).
    const found = middlewares.find((p) => `${p.namespace}-${p.object.metadata.name}` === m[1]);
    const spec = (found?.object.spec ?? {}) as MiddlewareSpec;
    const name = `${ingress.namespace}/${found?.object.metadata.name}`;
    if (spec.forwardAuth?.address?.trim()) return `Traefik forward authentication (Middleware ${name} to ${spec.forwardAuth.address})`;
    if (spec.basicAuth?.secret?.trim()) return `Traefik basic authentication (Middleware ${name}, Secret ${spec.basicAuth.secret})`;
    if (spec.digestAuth?.secret?.trim()) return `Traefik digest authentication (Middleware ${name}, Secret ${spec.digestAuth.secret})`;
  }
  return undefined;
}

function nginxAuth(a: Readonly<Record<string, string>>): string | undefined {
  if (a[`${P}auth-url`]?.trim()) return `ingress-nginx external authentication (${P}auth-url ${a[`${P}auth-url`]})`;
  if (['basic', 'digest'].includes(a[`${P}auth-type`] ?? '') && a[`${P}auth-secret`]?.trim()) return `ingress-nginx ${a[`${P}auth-type`]} authentication (Secret ${a[`${P}auth-secret`]})`;
  if (a[`${P}auth-tls-verify-client`] === 'on' && a[`${P}auth-tls-secret`]?.trim()) return `ingress-nginx client certificates verified against ${a[`${P}auth-tls-secret`]}`;
  return undefined;
}

/** How the controller authenticates requests to this Ingress, or undefined when it does not. */
export function ingressAuth(objects: StackObjects, ingress: IngressLike): string | undefined {
  const className = ingress.className ?? ingress.annotations['kubernetes.io/ingress.class'];
  const controller = controllerOf(objects, className);
  if (controller === TRAEFIK_CONTROLLER) return traefikAuth(objects, ingress);
  if (controller === NGINX_CONTROLLER) return nginxAuth(ingress.annotations);
  return undefined;
}

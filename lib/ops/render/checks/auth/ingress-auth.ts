/**
 * Authentication an ingress controller does in front of the backend, from the Ingress's
 * annotations. Only annotations of the controller that serves the Ingress's class count (an
 * ingress-nginx annotation on a Traefik Ingress is ignored by Traefik): the class must be an
 * IngressClass of the render with that controller. ingress-nginx with its default annotation
 * prefix: external auth (`auth-url`), basic/digest auth from a Secret, verified client certificates.
 */
import type { StackObjects } from '../stack-objects';

const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';
const P = 'nginx.ingress.kubernetes.io/';

export interface IngressLike {
  readonly className?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

function controllerOf(objects: StackObjects, className: string | undefined): string | undefined {
  const classes = objects.ofKind('IngressClass', 'networking.k8s.io');
  const match = className ? classes.find((c) => c.object.metadata.name === className) : classes.find((c) => c.object.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true');
  return (match?.object.spec as { controller?: string } | undefined)?.controller;
}

/** How the controller authenticates requests to this Ingress, or undefined when it does not. */
export function ingressAuth(objects: StackObjects, ingress: IngressLike): string | undefined {
  const a = ingress.annotations;
  const className = ingress.className ?? a['kubernetes.io/ingress.class'];
  if (controllerOf(objects, className) !== NGINX_CONTROLLER) return undefined;
  if (a[`${P}auth-url`]?.trim()) return `ingress-nginx external authentication (${P}auth-url ${a[`${P}auth-url`]})`;
  if (['basic', 'digest'].includes(a[`${P}auth-type`] ?? '') && a[`${P}auth-secret`]?.trim()) return `ingress-nginx ${a[`${P}auth-type`]} authentication (Secret ${a[`${P}auth-secret`]})`;
  if (a[`${P}auth-tls-verify-client`] === 'on' && a[`${P}auth-tls-secret`]?.trim()) return `ingress-nginx client certificates verified against ${a[`${P}auth-tls-secret`]}`;
  return undefined;
}

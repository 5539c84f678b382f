/**
 * Services that no chart renders: operators make them from custom resources (the VictoriaMetrics
 * operator `vmauth-<name>` from a VMAuth, the Grafana operator `<name>-service` from a Grafana).
 * Each entry names the Service and ports the operator creates and decides whether what stands
 * behind it authenticates, from the custom resource (and, for VMAuth, its VMUsers).
 */
import type { KubernetesObject } from '../../../../contracts/manifest';
import type { Placed, StackObjects } from '../stack-objects';
import { fail, pass, Verdict } from './verdict';

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
}

export interface OperatorBackend {
  readonly group: string;
  readonly kind: string;
  readonly service: (name: string) => string;
  readonly ports: (spec: Record<string, unknown>) => ServicePort[];
  readonly judge: (cr: Placed, objects: StackObjects) => Verdict;
}

const VM = 'operator.victoriametrics.com';
const specOf = (o: KubernetesObject): Record<string, unknown> => (o.spec ?? {}) as Record<string, unknown>;
const portOf = (spec: Record<string, unknown>, fallback: number): ServicePort[] => [{ name: 'http', port: Number(spec.port ?? fallback) }];

interface UrlMap {
  readonly url_prefix?: string | readonly string[];
  readonly url_map?: readonly { readonly url_prefix?: string | readonly string[] }[];
  readonly disabled?: boolean;
}

function prefixes(spec: UrlMap): string[] {
  const one = (p: string | readonly string[] | undefined) => (p === undefined ? [] : typeof p === 'string' ? [p] : [...p]);
  return [...new Set([...one(spec.url_prefix), ...(spec.url_map ?? []).flatMap((m) => one(m.url_prefix))])];
}

/** The credential fields of a VMUser the operator turns into a vmauth user with a secret. */
const CREDENTIALS = ['password', 'passwordRef', 'bearerToken', 'tokenRef'] as const;

function hasCredentials(user: KubernetesObject): boolean {
  const spec = specOf(user);
  return CREDENTIALS.some((k) => spec[k] !== undefined && spec[k] !== '') || spec.generatePassword === true;
}

/**
 * VMAuth authenticates when nothing reaches a backend without credentials: no unmanaged config
 * (that the render cannot show), no `unauthorizedUserAccessSpec` (nor its deprecated forms), and
 * every VMUser it may select has a password or token. All VMUsers of the stack count: the
 * operator's selection (selectAllByDefault, selectors) reaches across namespaces.
 */
function judgeVmAuth(cr: Placed, objects: StackObjects): Verdict {
  const spec = specOf(cr.object);
  for (const unmanaged of ['configSecret', 'externalConfig'] as const) {
    if (spec[unmanaged]) return fail(`spec.${unmanaged} makes the config unmanaged: its users cannot be checked in the render`);
  }
  const unauthorized = spec.unauthorizedUserAccessSpec as UrlMap | undefined;
  if (unauthorized && unauthorized.disabled !== true) {
    return fail(`spec.unauthorizedUserAccessSpec forwards requests without (or with unknown) credentials to ${prefixes(unauthorized).join(', ') || 'its backends'}`);
  }
  const deprecated = spec.unauthorizedAccessConfig as readonly unknown[] | undefined;
  if (deprecated && deprecated.length > 0) return fail('spec.unauthorizedAccessConfig (deprecated) forwards requests without credentials');
  if (spec.url_map || spec.url_prefix) return fail(`spec.url_map/url_prefix (deprecated unauthorized access) forwards requests without credentials to ${prefixes(spec as UrlMap).join(', ')}`);
  const users = objects.ofKind('VMUser', VM);
  const open = users.filter((u) => !hasCredentials(u.object));
  if (open.length > 0) return fail(`VMUser ${open.map((u) => `${u.namespace}/${u.object.metadata.name}`).join(', ')} has no ${CREDENTIALS.join(', ')} or generatePassword`);
  return pass(`VMAuth without unauthorized access; every VMUser (${users.length}) has credentials`);
}

function judgeGrafana(cr: Placed): Verdict {
  const config = (specOf(cr.object).config ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const anonymous = config['auth.anonymous']?.enabled;
  if (anonymous === true || anonymous === 'true') return fail('spec.config auth.anonymous.enabled: everyone gets the anonymous organisation role');
  return pass('Grafana login (form or OAuth); dashboards and API need a session or an API token');
}

const noLogin = (what: string) => (): Verdict => fail(`${what} has no login of its own`);

export const OPERATOR_BACKENDS: readonly OperatorBackend[] = [
  { group: VM, kind: 'VMAuth', service: (n) => `vmauth-${n}`, ports: (s) => portOf(s, 8427), judge: judgeVmAuth },
  { group: VM, kind: 'VMSingle', service: (n) => `vmsingle-${n}`, ports: (s) => portOf(s, 8429), judge: noLogin('VMSingle (query, write, delete and admin APIs)') },
  { group: VM, kind: 'VMAgent', service: (n) => `vmagent-${n}`, ports: (s) => portOf(s, 8429), judge: noLogin('VMAgent (write API, targets and config)') },
  { group: VM, kind: 'VMAlert', service: (n) => `vmalert-${n}`, ports: (s) => portOf(s, 8080), judge: noLogin('VMAlert') },
  { group: VM, kind: 'VMAlertmanager', service: (n) => `vmalertmanager-${n}`, ports: (s) => portOf(s, 9093), judge: noLogin('Alertmanager (silences, alert API)') },
  { group: 'grafana.integreatly.org', kind: 'Grafana', service: (n) => `${n}-service`, ports: () => [{ name: 'grafana', port: 3000 }], judge: judgeGrafana },
];

/** The custom resource whose operator makes Service `name` in `namespace`, if any. */
export function operatorService(objects: StackObjects, namespace: string, name: string): { cr: Placed; backend: OperatorBackend } | undefined {
  for (const backend of OPERATOR_BACKENDS) {
    for (const cr of objects.ofKind(backend.kind, backend.group)) {
      if (cr.namespace === namespace && backend.service(cr.object.metadata.name) === name) return { cr, backend };
    }
  }
  return undefined;
}

/**
 * The applications with a login of their own, keyed by what identifies them in the rendered
 * objects: the container image repository (and, where one image runs several programs, the
 * program), and the container ports that the login covers. A port of such a container that is
 * not listed (metrics, webhooks, telemetry) has no login. Settings in the rendered objects that
 * open the login (anonymous access, an unprotected endpoint) are holes: they make it fail.
 */
import { parse } from 'yaml';
import { repositoryOf, type Container, type Pod, type StackObjects } from '../stack-objects';

export interface LoginContext {
  readonly objects: StackObjects;
  readonly namespace: string;
  readonly pod: Pod;
  /** The container port the exposure reaches (its name, else its number). */
  readonly port: string;
}

export interface OwnLogin {
  readonly name: string;
  /** Image repositories (registry and path, without tag or digest) as charts render them. */
  readonly images: readonly string[];
  /** The container's command and arguments, where one image runs several programs. */
  readonly program?: RegExp;
  /** Container port name (or number) -> how a request on it authenticates. */
  readonly ports: Readonly<Record<string, string>>;
  /** What in the rendered objects opens the login, one line each. */
  readonly holes?: (ctx: LoginContext) => string[];
}

/** `[section]` -> key -> value of an INI text (Grafana's grafana.ini). */
function ini(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const section = /^\[(.+)\]$/.exec(line);
    if (section) current = section[1].trim();
    else {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      if (!sections.has(current)) sections.set(current, new Map());
      sections.get(current)!.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
    }
  }
  return sections;
}

const allContainers = (pod: Pod): Container[] => [...pod.spec.containers, ...(pod.spec.initContainers ?? [])];

function argocdHoles({ objects, namespace }: LoginContext): string[] {
  const anonymous = objects.keyText(namespace, 'ConfigMap', 'argocd-cm', 'users.anonymous.enabled');
  return anonymous === 'true' ? ['argocd-cm users.anonymous.enabled is "true": requests without a session get policy.default'] : [];
}

interface DexConnector {
  readonly id?: string;
  readonly type?: string;
  readonly config?: { readonly baseURL?: string; readonly orgs?: readonly unknown[]; readonly groups?: readonly unknown[] };
}

/** A forge connector without an organisation (or group) restriction admits every account of that forge. */
function dexHoles({ objects, namespace, pod }: LoginContext): string[] {
  const holes: string[] = [];
  for (const { from, key, text } of objects.mountedTexts(namespace, pod.spec)) {
    if (!/\.ya?ml$/.test(key)) continue;
    let config: { connectors?: DexConnector[] } | undefined;
    try {
      config = parse(text) as { connectors?: DexConnector[] };
    } catch {
      continue;
    }
    for (const c of config?.connectors ?? []) {
      const restriction = c.type === 'gitlab' ? 'groups' : 'orgs';
      if (!['gitea', 'github', 'gitlab'].includes(c.type ?? '')) continue;
      if ((c.config?.[restriction] ?? []).length === 0) {
        holes.push(`${from} ${key}: connector ${c.id} (${c.type}${c.config?.baseURL ? ` at ${c.config.baseURL}` : ''}) has no ${restriction}: every account there signs in to every client of Dex`);
      }
    }
  }
  return holes;
}

function grafanaIniHoles({ objects, namespace, pod }: LoginContext): string[] {
  return objects
    .mountedTexts(namespace, pod.spec)
    .filter((t) => t.key === 'grafana.ini' && ini(t.text).get('auth.anonymous')?.get('enabled') === 'true')
    .map((t) => `${t.from} grafana.ini [auth.anonymous] enabled = true: everyone gets the anonymous organisation role`);
}

/**
 * Forgejo serves /metrics on its HTTP port once `[metrics] ENABLED` is set, to anyone unless
 * `[metrics] TOKEN` is set (the chart's inline config, or FORGEJO__METRICS__TOKEN from a Secret).
 */
function forgejoHoles({ objects, namespace, pod, port }: LoginContext): string[] {
  if (port !== 'http') return [];
  const metrics = objects.mountedTexts(namespace, pod.spec).filter((t) => t.key === 'metrics');
  const enabled = metrics.some((t) => /^ENABLED\s*=\s*true\s*$/im.test(t.text));
  const token = metrics.some((t) => /^TOKEN\s*=\s*\S/im.test(t.text)) || allContainers(pod).some((c) => (c.env ?? []).some((e) => /^(FORGEJO|GITEA)__METRICS__TOKEN$/i.test(e.name)));
  return enabled && !token ? ['[metrics] ENABLED without TOKEN: /metrics answers everyone on the HTTP port'] : [];
}

export const OWN_LOGINS: readonly OwnLogin[] = [
  {
    name: 'Argo CD server',
    images: ['quay.io/argoproj/argocd', 'ghcr.io/argoproj/argocd'],
    // The image also runs the repo server, controller and ApplicationSet controller: no login there.
    program: /(^|[\s/])argocd-server(\s|$)/,
    ports: { server: 'Argo CD login (local admin or SSO through Dex); UI and API need a session token' },
    holes: argocdHoles,
  },
  {
    name: 'Dex',
    images: ['ghcr.io/dexidp/dex', 'dexidp/dex', 'docker.io/dexidp/dex'],
    ports: { http: 'the identity provider: its public endpoints are the sign-in itself (OAuth2/OIDC flows, discovery, signing keys), delegated to its connectors' },
    holes: dexHoles,
  },
  {
    name: 'Grafana',
    images: ['docker.io/grafana/grafana', 'grafana/grafana', 'docker.io/grafana/grafana-oss', 'grafana/grafana-oss'],
    ports: { grafana: 'Grafana login (form or OAuth); dashboards and API need a session or an API token', '3000': 'Grafana login (form or OAuth); dashboards and API need a session or an API token' },
    holes: grafanaIniHoles,
  },
  {
    name: 'Forgejo',
    images: ['code.forgejo.org/forgejo/forgejo', 'codeberg.org/forgejo/forgejo'],
    ports: {
      http: 'Forgejo sign-in (registration off); anonymous visitors see public repositories only',
      ssh: "SSH public-key authentication against the users' registered keys (git over SSH only)",
    },
    holes: forgejoHoles,
  },
  {
    name: 'Coder',
    images: ['ghcr.io/coder/coder'],
    ports: { http: 'Coder sign-in (OIDC through Dex, or password); workspaces and API need a session token' },
  },
  {
    name: 'Terralist',
    images: ['ghcr.io/terralist/terralist'],
    ports: { http: 'Terralist sign-in (OAuth through Dex); the registry API needs a token from terraform login or an API key' },
  },
  {
    name: 'Traefik',
    // The chart's image (traefik 41.3.0 values.yaml:5-12, Chart.yaml appVersion), as rendered.
    images: ['docker.io/traefik', 'traefik', 'docker.io/library/traefik'],
    // Its `traefik` (8080: API, dashboard, ping) and `metrics` (9100) ports have no login: not listed.
    ports: {
      web: 'the ingress proxy: it forwards only what Ingress objects route (each of them checked on its own) and answers 404 otherwise',
      websecure: 'the ingress proxy: it forwards only what Ingress objects route (each of them checked on its own) and answers 404 otherwise',
    },
  },
];

/** The entry for a container, if its image (and program) is one of the table's. */
export function ownLogin(container: Container): OwnLogin | undefined {
  if (!container.image) return undefined;
  const repository = repositoryOf(container.image);
  const program = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
  return OWN_LOGINS.find((l) => l.images.includes(repository) && (!l.program || l.program.test(program)));
}

import { chartsOf, releaseSettings } from '../helm';
import { PolicyRule } from '../rule';
import { at, isRecord, show } from '../values';

const isOn = (v: unknown) => v === true || v === 'true';
/** A non-empty map, list or string (an expression counts: its value is unknown at synth). */
const hasContent = (v: unknown) => (isRecord(v) ? Object.keys(v).length > 0 : Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '');

/** Boolean switches of the traefik chart (41.3.0 values.yaml line) that must stay off. */
const SWITCHES: readonly { path: readonly string[]; why: string }[] = [
  // values.yaml:314: Middlewares and TraefikServices of other namespaces.
  { path: ['providers', 'kubernetesCRD', 'allowCrossNamespace'], why: 'routes of one namespace use Middlewares and Services of any other' },
  // values.yaml:316, :339: proxying to any host an ExternalName Service names.
  { path: ['providers', 'kubernetesCRD', 'allowExternalNameServices'], why: 'an ExternalName Service makes Traefik proxy to any host' },
  { path: ['providers', 'kubernetesIngress', 'allowExternalNameServices'], why: 'an ExternalName Service makes Traefik proxy to any host' },
  // values.yaml:412: reads ingress-nginx annotations (its own allowSnippetAnnotations included, :491).
  { path: ['providers', 'kubernetesIngressNGINX', 'enabled'], why: 'Traefik interprets ingress-nginx annotations on Ingresses' },
];

/** Maps whose content is code or free configuration loaded into the proxy. */
const CONTENT: readonly { path: readonly string[]; why: string }[] = [
  // values.yaml:152, :154: plugins (Go code, Wasm) fetched and run inside Traefik.
  { path: ['experimental', 'plugins'], why: 'plugin code runs inside the proxy' },
  { path: ['experimental', 'localPlugins'], why: 'plugin code runs inside the proxy' },
  // values.yaml:407: dynamic configuration outside every Kubernetes object and review.
  { path: ['providers', 'file', 'content'], why: 'free dynamic configuration (routers, middlewares) outside Kubernetes objects' },
];

/** The same settings as command-line flags in `additionalArguments` (Traefik reads flags case-insensitively). */
const FLAGS = /^--(providers\.kubernetes(crd|ingress)\.(allowcrossnamespace|allowexternalnameservices)(=true)?$|experimental\.(local)?plugins\.|providers\.file\.|providers\.kubernetesingressnginx(\.|=true$|$))/i;

const setPath = (path: readonly string[]) => path.join('.');

/**
 * Traefik has no snippet annotations; what lets whoever may create an Ingress or a Traefik custom
 * resource reach beyond their namespace or inject configuration into the shared proxy is a handful
 * of chart settings: cross-namespace references, ExternalName Services, plugins, the file
 * provider's free configuration, and the ingress-nginx provider (which brings nginx's annotations,
 * snippets among them, back). The successor of EDP-NGINX-1.
 */
export const traefikIngress: PolicyRule = {
  id: 'EDP-TRAEFIK-1',
  reason: 'the shared Traefik must not let an Ingress or Traefik resource author reach other namespaces, arbitrary hosts or inject configuration (cross-namespace, ExternalName, plugins, file provider, ingress-nginx provider)',
  hint: 'remove the setting from the traefik values, or keep it with a suppression of EDP-TRAEFIK-1 whose reason names what needs it',
  resourceTypes: ['helm_release'],
  manifests: true,
  check(subject) {
    return chartsOf(subject)
      .filter((c) => c.chart === 'traefik')
      .flatMap((c) => {
        const problems: string[] = [];
        for (const { where, values } of c.values) {
          for (const s of SWITCHES) {
            const v = at(values, s.path);
            if (isOn(v)) problems.push(`${where}: ${setPath(s.path)} is ${show(v)} (${s.why})`);
          }
          for (const s of CONTENT) {
            const v = at(values, s.path);
            if (hasContent(v)) problems.push(`${where}: ${setPath(s.path)} is ${show(v)} (${s.why})`);
          }
          const args = at(values, ['additionalArguments']);
          for (const arg of Array.isArray(args) ? args : []) {
            if (typeof arg === 'string' && FLAGS.test(arg.trim())) problems.push(`${where}: additionalArguments has ${show(arg)}`);
          }
        }
        if (subject.kind === 'resource') {
          for (const { name, value } of [...releaseSettings(subject.attributes, 'set'), ...releaseSettings(subject.attributes, 'set_sensitive')]) {
            if (SWITCHES.some((s) => setPath(s.path) === name) && isOn(value)) problems.push(`set ${name} is ${show(value)}`);
            if (CONTENT.some((s) => name.startsWith(`${setPath(s.path)}.`) || name === setPath(s.path))) problems.push(`set ${name} is ${show(value)}`);
            if (/^additionalArguments(\[\d+\])?$/.test(name) && typeof value === 'string' && value.split(',').some((a) => FLAGS.test(a.trim()))) problems.push(`set ${name} is ${show(value)}`);
          }
        }
        return problems;
      });
  },
};

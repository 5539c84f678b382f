import { chartsOf, releaseSettings } from '../helm';
import { PolicyRule } from '../rule';
import { at, show } from '../values';

const isOn = (v: unknown) => v === true || v === 'true';

/**
 * ingress-nginx snippet annotations let whoever may create an Ingress inject nginx configuration;
 * they were the root of the CVE-2025-1974 ("IngressNightmare") class of attacks. The chart's
 * `controller.allowSnippetAnnotations` (or the config key `allow-snippet-annotations`) turns them
 * on, and `annotations-risk-level: Critical` lets them through the risk filter of 1.12+.
 */
export const ingressNginxSnippets: PolicyRule = {
  id: 'EDP-NGINX-1',
  reason: 'ingress-nginx snippet annotations must stay off (CVE-2025-1974 class: any Ingress author can inject nginx config)',
  hint: 'set ingress.allowSnippetAnnotations: false, or keep it on with a suppression of EDP-NGINX-1 whose reason names the Ingress that needs it',
  resourceTypes: ['helm_release'],
  manifests: true,
  check(subject) {
    return chartsOf(subject)
      .filter((c) => c.chart === 'ingress-nginx')
      .flatMap((c) => {
        const problems: string[] = [];
        for (const { where, values } of c.values) {
          if (isOn(at(values, ['controller', 'allowSnippetAnnotations']))) problems.push(`${where}: controller.allowSnippetAnnotations is true`);
          if (isOn(at(values, ['controller', 'config', 'allow-snippet-annotations']))) problems.push(`${where}: controller.config.allow-snippet-annotations is "true"`);
          const risk = at(values, ['controller', 'config', 'annotations-risk-level']);
          if (risk === 'Critical') problems.push(`${where}: controller.config.annotations-risk-level is ${show(risk)}`);
        }
        if (subject.kind === 'resource') {
          for (const { name, value } of [...releaseSettings(subject.attributes, 'set'), ...releaseSettings(subject.attributes, 'set_sensitive')]) {
            if (/^controller\.(allowSnippetAnnotations|config\.allow-snippet-annotations)$/.test(name) && isOn(value)) problems.push(`set ${name} is ${show(value)}`);
          }
        }
        return problems;
      });
  },
};

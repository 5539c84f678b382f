/**
 * The public hosts a stack declares (lib/platform/catalogue/declarations.ts: the loader keeps them
 * unique across the tree, the platform outputs them as URLs) are exactly the hosts its charts'
 * Ingresses serve (and the Ingress the grafana-operator makes of a Grafana), as Helm renders them
 * for the shipped environments.
 */
import type { StackRender } from '../../lib/ops/render/render';
import { DECLARATIONS } from '../../lib/platform/catalogue/declarations';
import { plantable, shippedRenders, thaw } from '../support/rendered';
import { shippedEnvironments } from '../support/synth';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

/** Host labels (before the environment domain) of the Ingresses of each stack's delivery release, over every render. */
let domains: Map<string, string> | undefined;

function ingressHosts(rs: readonly StackRender[]): Map<string, Set<string>> {
  const byStack = new Map<string, Set<string>>();
  // The shipped environments loaded once, not once per render.
  domains ??= new Map(shippedEnvironments().map((e) => [e.stackId, e.domain]));
  for (const r of rs) {
    const domain = domains.get(r.stackId)!;
    for (const app of r.applications) {
      const stack = app.release.replace(/^edp-stack-/, '');
      if (stack === app.release) continue; // Terraform's own releases (the Argo CD bootstrap)
      for (const { object } of app.sources.flatMap((s) => s.objects)) {
        type Rules = { rules?: { host?: string }[] };
        const o = object as { kind?: string; spec?: Rules & { ingress?: { spec?: Rules } } };
        // The grafana-operator makes the Ingress of a Grafana from the CR's spec.ingress.
        const rules = o.kind === 'Ingress' ? o.spec?.rules : o.kind === 'Grafana' ? o.spec?.ingress?.spec?.rules : undefined;
        if (!rules) continue;
        const hosts = byStack.get(stack) ?? byStack.set(stack, new Set()).get(stack)!;
        for (const rule of rules) hosts.add((rule.host ?? '').replace(new RegExp(`\\.?${domain.replace(/\./g, '\\.')}$`), ''));
      }
    }
  }
  return byStack;
}

const declared = () => DECLARATIONS.map((d) => [d.name, [...d.hosts].sort()]);

test('every stack declares exactly the hosts its Ingresses serve', () => {
  const found = ingressHosts(renders);
  expect(DECLARATIONS.map((d) => [d.name, [...(found.get(d.name) ?? [])].sort()])).toEqual(declared());
});

test('fails if an Ingress serves a host its stack does not declare', () => {
  const planted = renders.map(plantable);
  const withCoder = planted.find((r) => r.applications.some((a) => a.name === 'coder'))!;
  const [ingress] = thaw(withCoder, 'coder', (o) => o.kind === 'Ingress') as { spec: { rules: { host: string }[] } }[];
  ingress.spec.rules[0].host = ingress.spec.rules[0].host.replace(/^coder\./, 'workspaces.');
  const found = ingressHosts(planted);
  expect([...found.get('coder')!]).toEqual(['workspaces']);
  expect(DECLARATIONS.map((d) => [d.name, [...(found.get(d.name) ?? [])].sort()])).not.toEqual(declared());
});

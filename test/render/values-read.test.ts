/** Every value path the program hands to a chart is read by that chart version. */
import { unreadValues } from '../../lib/ops/render/checks/values-read';
import type { StackRender } from '../../lib/ops/render/render';
import { shippedRenders } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

type Values = Record<string, any>;

/** A copy of one stack's render with the values of one Application's chart changed. */
function planted(stack: string, app: string, change: (values: Values) => void): StackRender {
  const render = renders.find((r) => r.stackId === stack)!;
  expect(render.applications.some((a) => a.name === app)).toBe(true);
  return {
    ...render,
    applications: render.applications.map((a) =>
      a.name !== app
        ? a
        : {
            ...a,
            sources: a.sources.map((s, i) => {
              if (i !== 0) return s;
              const values = structuredClone(s.values) as Values;
              change(values);
              return { ...s, values };
            }),
          },
    ),
  };
}

test('every value handed to a chart is read by that chart version, in every shipped environment', () => {
  expect(renders.flatMap(unreadValues)).toEqual([]);
});

test('fails if a value key is misspelt', () => {
  const render = planted('prod-edp', 'forgejo-server', (v) => {
    v.ingress.classNam = v.ingress.className;
    delete v.ingress.className;
  });
  expect(unreadValues(render)).toEqual([
    'prod-edp forgejo-server (forgejo 15.0.3): value ingress.classNam is not read by the chart (not in its values.yaml, values.schema.json or templates, nor a subchart\'s)',
  ]);
});

test('fails if a key the chart version does not have is handed to it (forgejo 15.0.3 bundles no PostgreSQL or Redis any more)', () => {
  const render = planted('prod-edp', 'forgejo-server', (v) => {
    v.postgresql = { enabled: false };
    v['redis-cluster'] = { enabled: false };
  });
  expect(unreadValues(render).map((p) => p.replace(/ is not read.*/, ''))).toEqual(['prod-edp forgejo-server (forgejo 15.0.3): value postgresql', 'prod-edp forgejo-server (forgejo 15.0.3): value redis-cluster']);
});

test('fails if a key inside a list item is misspelt, naming the position', () => {
  const render = planted('prod-edp', 'forgejo-server', (v) => {
    v.ingress.hosts[0].hots = v.ingress.hosts[0].host;
    delete v.ingress.hosts[0].host;
  });
  expect(unreadValues(render)).toEqual([expect.stringMatching(/^prod-edp forgejo-server \(forgejo 15\.0\.3\): value ingress\.hosts\[0\]\.hots is not read/)]);
});

test('fails if a subchart key is misspelt, and a correct subchart key passes', () => {
  const wrong = planted('prod-observability', 'victoria-k8s-stack', (v) => {
    v['victoria-metrics-operator'].admissionWebhooks.certManger = { enabled: true };
  });
  expect(unreadValues(wrong)).toEqual([expect.stringMatching(/^prod-observability victoria-k8s-stack \(victoria-metrics-k8s-stack 0\.91\.2\): value victoria-metrics-operator\.admissionWebhooks\.certManger is not read/)]);
  const right = planted('prod-observability', 'victoria-k8s-stack', (v) => {
    v['victoria-metrics-operator'].operator.disable_prometheus_converter = true;
    v.grafana.ingress = { enabled: false };
  });
  expect(unreadValues(right)).toEqual([]);
});

test('fails if a key is one the chart\'s values.schema.json closes out (terralist: bjw-s common)', () => {
  const render = planted('prod-edp', 'terralist', (v) => {
    v.controllers.main.stratgy = v.controllers.main.strategy;
  });
  expect(unreadValues(render)).toEqual([expect.stringMatching(/^prod-edp terralist \(terralist 0\.8\.1\): value controllers\.main\.stratgy is not read/)]);
});

test('any key under a free-form map passes: annotations, app.ini sections, Argo CD config, a custom resource spec', () => {
  const forgejo = planted('prod-edp', 'forgejo-server', (v) => {
    v.ingress.annotations['example.com/anything'] = 'x';
    v.gitea.config.mailer = { ENABLED: true, PROTOCOL: 'smtp+starttls' };
    v.persistence.annotations['everest.io/anything'] = 'y';
  });
  expect(unreadValues(forgejo)).toEqual([]);
  const argocd = planted('prod-edp', 'argocd', (v) => {
    v.configs.cm['ui.bannercontent'] = 'maintenance at noon';
    v.configs.params['controller.status.processors'] = 20;
  });
  expect(unreadValues(argocd)).toEqual([]);
  const vm = planted('prod-observability', 'victoria-k8s-stack', (v) => {
    v.vmsingle.spec.extraArgs = { 'search.maxUniqueTimeseries': '1000000' };
  });
  expect(unreadValues(vm)).toEqual([]);
});

/**
 * Traefik replaced ingress-nginx (retired upstream): no shipped environment's render holds any of
 * it (no object named or labelled for it, no namespace, no image, no IngressClass of its
 * controller), and its one IngressClass is Traefik's default class `traefik`. Each way of leaving
 * ingress-nginx behind is planted on a copy of a real render and caught.
 */
import type { RenderedObject, StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const NGINX = /ingress-nginx|k8s\.io\/ingress-nginx|nginx-ingress/;

/** Pod specs anywhere in an object (Deployment, DaemonSet, Job, CronJob, Pod). */
function images(o: any): string[] {
  const specs = [o.spec, o.spec?.template?.spec, o.spec?.jobTemplate?.spec?.template?.spec].filter(Boolean);
  return specs.flatMap((s) => [...(s.containers ?? []), ...(s.initContainers ?? [])].map((c: { image?: string }) => c.image ?? ''));
}

/** One line per trace of ingress-nginx in the render. */
function nginxTraces(render: StackRender): string[] {
  const out: string[] = [];
  for (const app of render.applications) {
    if (NGINX.test(app.name)) out.push(`${render.stackId}: Application ${app.name}`);
    for (const source of app.sources) {
      if (NGINX.test(source.chart.chart) || NGINX.test(source.namespace)) out.push(`${render.stackId} ${app.name}: chart ${source.chart.chart} into ${source.namespace}`);
      for (const { object } of source.objects) {
        const o = object as any;
        const id = `${render.stackId} ${app.name}: ${o.kind}/${o.metadata?.namespace ?? source.namespace}/${o.metadata?.name}`;
        const meta = [o.metadata?.name, o.metadata?.namespace, ...Object.values(o.metadata?.labels ?? {})].join(' ');
        if (NGINX.test(meta)) out.push(`${id}: named or labelled for ingress-nginx`);
        for (const image of images(o)) if (NGINX.test(image)) out.push(`${id}: image ${image}`);
        if (o.kind === 'IngressClass' && o.spec?.controller !== 'traefik.io/ingress-controller') out.push(`${id}: IngressClass of controller ${o.spec?.controller}`);
      }
    }
  }
  return out;
}

function withObject(stackId: string, object: unknown): StackRender {
  const r = plantable(renders.find((x) => x.stackId === stackId)!);
  (r.applications.find((a) => a.name === 'traefik')!.sources[0].objects as RenderedObject[]).push({ object: object as RenderedObject['object'], template: 'planted.yaml' });
  return r;
}

test('no shipped environment renders anything of ingress-nginx', () => {
  expect(renders.map((r) => r.stackId).sort()).toEqual(['local-kind', 'nonprod-test-me', 'prod-edp', 'prod-observability']);
  expect(renders.flatMap(nginxTraces)).toEqual([]);
});

test('every shipped environment has exactly one IngressClass: traefik, the default, of the traefik Application', () => {
  for (const r of renders) {
    const classes = r.applications.flatMap((a) => a.sources.flatMap((s) => s.objects.filter((o) => o.object.kind === 'IngressClass').map((o) => ({ app: a.name, object: o.object as any }))));
    expect([r.stackId, classes.map((c) => [c.app, c.object.metadata.name, c.object.spec.controller, c.object.metadata.annotations['ingressclass.kubernetes.io/is-default-class']])]).toEqual([
      r.stackId,
      [['traefik', 'traefik', 'traefik.io/ingress-controller', 'true']],
    ]);
  }
});

describe('fails if', () => {
  test('fails if an IngressClass of ingress-nginx is left', () => {
    const planted = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx' }, spec: { controller: 'k8s.io/ingress-nginx' } };
    expect(nginxTraces(withObject('prod-edp', planted))).toEqual(['prod-edp traefik: IngressClass/traefik/nginx: IngressClass of controller k8s.io/ingress-nginx']);
  });

  test('fails if a controller image of ingress-nginx is left', () => {
    const planted = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'edge', namespace: 'edge' },
      spec: { template: { spec: { containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1' }] } } },
    };
    expect(nginxTraces(withObject('local-kind', planted))).toEqual(['local-kind traefik: Deployment/edge/edge: image registry.k8s.io/ingress-nginx/controller:v1.12.1']);
  });

  test('fails if an object of the old namespace is left', () => {
    const planted = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'leftover', namespace: 'ingress-nginx' } };
    expect(nginxTraces(withObject('nonprod-test-me', planted))).toEqual(['nonprod-test-me traefik: ConfigMap/ingress-nginx/leftover: named or labelled for ingress-nginx']);
  });
});

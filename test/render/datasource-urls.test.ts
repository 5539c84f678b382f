/** Grafana's datasources reach VMSingle and VictoriaLogs on their real ports (check datasource-urls). */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { datasourceUrlProblems } from '../../lib/ops/render/checks/datasource-urls';
import type { StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const AT = `prod-observability grafana-operator (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: GrafanaDatasource observability`;

test("every datasource of the central Grafana names a Service's port", () => {
  expect(renders.flatMap(datasourceUrlProblems)).toEqual([]);
  const r = renders.find((x) => x.stackId === 'prod-observability')!;
  const urls = r.applications.flatMap((a) => a.sources.flatMap((s) => s.objects.filter((o) => o.object.kind === 'GrafanaDatasource').map((o) => (o.object.spec as any).datasource.url)));
  expect(urls).toEqual(['http://vmsingle-vm.observability.svc:8429', 'http://vlogs.observability.svc:9428']);
});

test("fails if a datasource names VMSingle's port of another chart version (8428) or a Service that is not there", () => {
  const r = plantable(renders.find((x) => x.stackId === 'prod-observability')!);
  const [vm, logs] = thaw(r, 'grafana-operator', (o) => o.kind === 'GrafanaDatasource');
  vm.spec.datasource.url = 'http://vmsingle-vm.observability.svc:8428';
  logs.spec.datasource.url = 'http://victoria-logs.observability.svc:9428';
  expect(datasourceUrlProblems(r)).toEqual([
    `${AT}/victoriametrics http://vmsingle-vm.observability.svc:8428: Service observability/vmsingle-vm has no port 8428 (it has http 8429)`,
    `${AT}/victorialogs http://victoria-logs.observability.svc:9428: no Service observability/victoria-logs in the render, nor one an operator makes`,
  ]);
});

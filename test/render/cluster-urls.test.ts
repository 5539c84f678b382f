/**
 * Every in-cluster URL a rendered object holds names a Service's real port (check cluster-urls):
 * Grafana's datasources (VMSingle, VictoriaLogs), the mirror Job's Forgejo API, Argo CD's
 * destinations, the charts' own.
 */
import { CHARTS } from '../../lib/platform/catalogue/charts';
import { clusterUrlProblems } from '../../lib/ops/render/checks/cluster-urls';
import type { StackRender } from '../../lib/ops/render/render';
import { plantable, shippedRenders, thaw } from '../support/rendered';

let renders: StackRender[];
beforeAll(async () => {
  renders = await shippedRenders();
}, 600_000);

const o12y = () => renders.find((x) => x.stackId === 'prod-observability')!;
const AT = `prod-observability grafana-operator (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: GrafanaDatasource observability`;

test('every in-cluster URL of a shipped environment names a Service and one of its ports', () => {
  expect(renders.flatMap(clusterUrlProblems)).toEqual([]);
  const datasources = o12y().applications.flatMap((a) => a.sources.flatMap((s) => s.objects.filter((o) => o.object.kind === 'GrafanaDatasource').map((o) => (o.object.spec as any).datasource.url)));
  expect(datasources).toEqual(['http://vmsingle-vm.observability.svc:8429', 'http://vlogs.observability.svc:9428']);
});

test("fails if a datasource names VMSingle's port of another chart version (8428) or a Service that is not there", () => {
  const r = plantable(o12y());
  const [vm, logs] = thaw(r, 'grafana-operator', (o) => o.kind === 'GrafanaDatasource');
  vm.spec.datasource.url = 'http://vmsingle-vm.observability.svc:8428';
  logs.spec.datasource.url = 'http://victoria-logs.observability.svc:9428';
  expect(clusterUrlProblems(r)).toEqual([
    `${AT}/victoriametrics http://vmsingle-vm.observability.svc:8428: Service observability/vmsingle-vm has no port 8428 (it has http 8429)`,
    `${AT}/victorialogs http://victoria-logs.observability.svc:9428: no Service observability/victoria-logs in the render, nor one an operator makes`,
  ]);
});

test("fails if the mirror Job's script calls Forgejo's API on a Service the chart does not make", () => {
  const r = plantable(o12y());
  for (const svc of thaw(r, 'forgejo-server', (o) => o.kind === 'Service' && o.metadata.name === 'forgejo-http')) svc.metadata.name = 'forgejo-web';
  expect(clusterUrlProblems(r)).toEqual([
    `prod-observability forgejo-runner (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: Job gitea/forgejo-repository-mirror http://forgejo-http.gitea.svc:3000: no Service gitea/forgejo-http in the render, nor one an operator makes`,
  ]);
});

test('reads a datasource URL whole, whatever its host form: <service>.<namespace>, a query after the port', () => {
  const r = plantable(o12y());
  const [vm, logs] = thaw(r, 'grafana-operator', (o) => o.kind === 'GrafanaDatasource');
  vm.spec.datasource.url = 'http://vmsingle-vm.observability:8428';
  logs.spec.datasource.url = 'http://vlogs.observability.svc:9999?x=1';
  expect(clusterUrlProblems(r)).toEqual([
    `${AT}/victoriametrics http://vmsingle-vm.observability:8428: Service observability/vmsingle-vm has no port 8428 (it has http 8429)`,
    `${AT}/victorialogs http://vlogs.observability.svc:9999?x=1: Service observability/vlogs has no port 9999 (it has http 9428)`,
  ]);
});

test('finds .svc URLs anywhere in free text (after user info, before a comma, a query or a bracket) and the API server on its port', () => {
  const r = plantable(o12y());
  const [job] = thaw(r, 'forgejo-runner', (o) => o.kind === 'Job' && o.metadata.name === 'forgejo-repository-mirror');
  job.spec.template.spec.containers[0].env.push(
    { name: 'A', value: 'http://u:p@vlogs.observability.svc:9999,http://VLOGS.OBSERVABILITY.SVC:9428' },
    { name: 'B', value: '[https://vmsingle-vm.observability.svc.cluster.local:8428?x]' },
    { name: 'C', value: 'https://kubernetes.default.svc:6443' },
  );
  const at = `prod-observability forgejo-runner (raw ${CHARTS.raw.version}) raw/templates/resources.yaml: Job gitea/forgejo-repository-mirror`;
  expect(clusterUrlProblems(r)).toEqual([
    `${at} http://u:p@vlogs.observability.svc:9999: Service observability/vlogs has no port 9999 (it has http 9428)`,
    `${at} https://vmsingle-vm.observability.svc.cluster.local:8428: Service observability/vmsingle-vm has no port 8428 (it has http 8429)`,
    `${at} https://kubernetes.default.svc:6443: Service default/kubernetes (the API server) has no port 6443 (it has https 443)`,
  ]);
});

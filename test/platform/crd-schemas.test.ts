/**
 * Every Application, AppProject and companion manifest the program writes (ClusterIssuer, CNPG
 * Cluster, Grafana CRs, VMUsers, ...) against the CRD that the same environment installs, taken
 * from its rendered charts (the openAPIV3Schema the API server would apply, with the fields it
 * would silently drop counted as errors: lib/ops/render/schemas/structural.ts).
 */
import { ApiDefinition, apiDefinitions } from '../../lib/ops/render/schemas/apis';
import { validateCustom } from '../../lib/ops/render/schemas/custom';
import { shippedRenders } from '../support/rendered';
import { applications, companions, deliveredObjects, K8sObject, platformStacks } from './support';

/** Per environment, the CRD version of each `group/version/Kind` it installs. */
let crds: Map<string, Map<string, ApiDefinition>>;
beforeAll(async () => {
  const renders = await shippedRenders();
  crds = new Map(renders.map((r) => [r.stackId, new Map(apiDefinitions(r).filter((d) => d.kind).map((d) => [`${d.group}/${d.version}/${d.kind}`, d]))]));
}, 600_000);

const key = (o: K8sObject) => `${o.apiVersion}/${o.kind}`;

/** Problems of one object against its environment's CRD, as `<Kind>/<name><path>: <message>` lines. */
function problems(id: string, o: K8sObject): string[] {
  const crd = crds.get(id)?.get(key(o));
  if (!crd) throw new Error(`${id} installs no CRD for ${key(o)}`);
  return validateCustom(o, crd).map((p) => `${o.kind}/${o.metadata.name}${p.path}: ${p.message}`);
}

/** Delivered objects plus the companion manifests inside Applications that are custom resources of the environment. */
function validated(id: string): K8sObject[] {
  const { tf } = platformStacks().get(id)!;
  const all = [...deliveredObjects(tf), ...applications(tf).flatMap(companions)];
  return all.filter((o) => crds.get(id)!.has(key(o)));
}

describe('rendered objects follow their CRD schemas', () => {
  const ids = [...platformStacks().keys()];

  it.each(ids)('%s: every Application, AppProject and custom resource companion is valid', (id) => {
    const objects = validated(id);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap((o) => problems(id, o))).toEqual([]);
  });

  it('covers every kind it claims to: Applications and AppProjects everywhere, ClusterIssuer on OTC, the CNPG Cluster with coder, the Forgejo ServiceMonitor, Grafana CRs and VMUsers centrally', () => {
    const kinds = (id: string) => new Set(validated(id).map((o) => o.kind));
    expect(kinds('local-kind')).toEqual(new Set(['Application', 'AppProject']));
    expect(kinds('prod-observability')).toEqual(new Set(['Application', 'AppProject', 'ClusterIssuer', 'Grafana', 'GrafanaDatasource', 'GrafanaDashboard', 'VMUser', 'ServiceMonitor']));
    // prod-observability runs forgejo too (it deploys prod/edp): its Forgejo ServiceMonitor is validated there as well.
    // Forgejo's ServiceMonitor (a companion: its metrics need a bearer token) against prometheus-operator-crds.
    expect(kinds('prod-edp')).toEqual(new Set(['Application', 'AppProject', 'ClusterIssuer', 'Cluster', 'ServiceMonitor']));
    // Certificates are made by cert-manager's ingress-shim from each ingress's
    // `cert-manager.io/cluster-issuer` annotation, so none is rendered; any that is gets validated.
    expect([...platformStacks().keys()].some((id) => kinds(id).has('Certificate'))).toBe(false);
    // The CRDs are the environment's own: the cert-manager version of the catalogue, not a copy.
    expect(crds.get('prod-edp')!.get('cert-manager.io/v1/ClusterIssuer')!.rendered.template).toMatch(/^cert-manager\/templates\/crd-/);
  });

  it('fails if an Application is malformed', () => {
    const app = validated('prod-edp').find((o) => o.kind === 'Application')!;
    const broken = { ...app, spec: { ...(app.spec as object), destination: { namespace: 42 }, syncPolicy: { retry: { limit: 'ten' } } } } as K8sObject;
    expect(problems('prod-edp', broken)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/spec/destination/namespace: must be string'),
        expect.stringContaining('/spec/syncPolicy/retry/limit: must be integer'),
      ]),
    );
  });

  it('fails if a CNPG Cluster or ClusterIssuer is malformed', () => {
    const cluster = validated('prod-edp').find((o) => o.kind === 'Cluster')!;
    expect(problems('prod-edp', { ...cluster, spec: { ...(cluster.spec as object), instances: 0 } } as K8sObject)).toEqual([expect.stringContaining('/spec/instances: must be >= 1')]);
    const issuer = validated('prod-edp').find((o) => o.kind === 'ClusterIssuer')!;
    expect(problems('prod-edp', { ...issuer, spec: { acme: { email: 'x@y.z' } } } as K8sObject)).toEqual(expect.arrayContaining([expect.stringContaining("must have required property 'server'")]));
  });

  it('fails if a companion has a field its CRD does not know (the API server would drop it)', () => {
    const grafana = validated('prod-observability').find((o) => o.kind === 'Grafana')!;
    const misspelt = { ...grafana, spec: { ...(grafana.spec as object), persistentVolumeClaims: {} } } as K8sObject;
    expect(problems('prod-observability', misspelt)).toEqual(['Grafana/grafana/spec/persistentVolumeClaims: is not in the schema (the API server drops it: a setting that does nothing)']);
  });
});

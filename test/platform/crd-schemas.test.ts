/**
 * Every rendered Application, AppProject, ClusterIssuer, Certificate and CNPG Cluster against the
 * real CRD schemas in ../shared/schemas (the openAPIV3Schema the API server would apply).
 */
import Ajv, { ValidateFunction } from 'ajv';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parse } from 'yaml';
import { ROOT } from '../support/synth';
import { applications, companions, deliveredObjects, K8sObject, platformStacks } from './support';

const SCHEMAS = resolve(ROOT, '../shared/schemas');
const CRDS: Record<string, string> = {
  'argoproj.io/v1alpha1/Application': 'argocd-application-crd.yaml',
  'argoproj.io/v1alpha1/AppProject': 'argocd-appproject-crd.yaml',
  'cert-manager.io/v1/ClusterIssuer': 'cert-manager-clusterissuer-crd.yaml',
  'cert-manager.io/v1/Certificate': 'cert-manager-certificate-crd.yaml',
  'postgresql.cnpg.io/v1/Cluster': 'cnpg-cluster-crd.yaml',
};

// Kubernetes structural schemas: OpenAPI v3 plus x-kubernetes-* extensions, which ajv ignores
// with strict: false; formats such as int32 are not checked by the API server either.
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
const validators = new Map<string, ValidateFunction>();

function validator(kindKey: string): ValidateFunction {
  let v = validators.get(kindKey);
  if (!v) {
    const crd = parse(readFileSync(resolve(SCHEMAS, CRDS[kindKey]), 'utf8'));
    const version = kindKey.split('/').slice(-2, -1)[0];
    const schema = crd.spec.versions.find((x: { name: string }) => x.name === version).schema.openAPIV3Schema;
    v = ajv.compile(schema);
    validators.set(kindKey, v);
  }
  return v;
}

const key = (o: K8sObject) => `${o.apiVersion}/${o.kind}`;

/** Problems of one object against its CRD, as `<Kind>/<name><path>: <message>` lines. */
function problems(o: K8sObject): string[] {
  const v = validator(key(o));
  // A plain boolean: ajv's type guard would narrow `o` to never below.
  const valid: boolean = v(o);
  if (valid) return [];
  return (v.errors ?? []).map((e) => `${o.kind}/${o.metadata.name}${e.instancePath}: ${e.message}`);
}

/** Delivered objects plus the companion manifests inside Applications, with a CRD schema. */
function validated(id: string): K8sObject[] {
  const { tf } = platformStacks().get(id)!;
  const all = [...deliveredObjects(tf), ...applications(tf).flatMap(companions)];
  return all.filter((o) => key(o) in CRDS);
}

describe('rendered objects follow their CRD schemas', () => {
  const ids = [...platformStacks().keys()];

  it.each(ids)('%s: every Application, AppProject, ClusterIssuer, Certificate and CNPG Cluster is valid', (id) => {
    const objects = validated(id);
    expect(objects.length).toBeGreaterThan(0);
    expect(objects.flatMap(problems)).toEqual([]);
  });

  it('covers every kind it claims to: Applications and AppProjects everywhere, ClusterIssuer on OTC, the CNPG Cluster with coder', () => {
    const kinds = (id: string) => new Set(validated(id).map((o) => o.kind));
    expect(kinds('local-kind')).toEqual(new Set(['Application', 'AppProject']));
    expect(kinds('prod-observability')).toEqual(new Set(['Application', 'AppProject', 'ClusterIssuer']));
    expect(kinds('prod-edp')).toEqual(new Set(['Application', 'AppProject', 'ClusterIssuer', 'Cluster']));
    // Certificates are made by cert-manager's ingress-shim from each ingress's
    // `cert-manager.io/cluster-issuer` annotation, so none is rendered; any that is gets validated.
    expect([...platformStacks().keys()].some((id) => kinds(id).has('Certificate'))).toBe(false);
  });

  it('fails if an Application is malformed', () => {
    const app = validated('prod-edp').find((o) => o.kind === 'Application')!;
    const broken = { ...app, spec: { ...(app.spec as object), destination: { namespace: 42 }, syncPolicy: { retry: { limit: 'ten' } } } } as K8sObject;
    expect(problems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('/spec/destination/namespace: must be string'),
        expect.stringContaining('/spec/syncPolicy/retry/limit: must be integer'),
      ]),
    );
  });

  it('fails if a CNPG Cluster or ClusterIssuer is malformed', () => {
    const cluster = validated('prod-edp').find((o) => o.kind === 'Cluster')!;
    expect(problems({ ...cluster, spec: { ...(cluster.spec as object), instances: 0 } } as K8sObject)).toEqual([expect.stringContaining('/spec/instances: must be >= 1')]);
    const issuer = validated('prod-edp').find((o) => o.kind === 'ClusterIssuer')!;
    expect(problems({ ...issuer, spec: { acme: { email: 'x@y.z' } } } as K8sObject)).toEqual(expect.arrayContaining([expect.stringContaining("must have required property 'server'")]));
  });
});

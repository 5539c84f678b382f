/**
 * Small synthetic stacks for policy tests, built with the real provider classes (deep imports) and
 * Manifest constructs, each resource compliant unless a test overrides a field.
 */
import { CceClusterV3, CceClusterV3Config } from '@cdktf/provider-opentelekomcloud/lib/cce-cluster-v3';
import { CceNodePoolV3, CceNodePoolV3Config } from '@cdktf/provider-opentelekomcloud/lib/cce-node-pool-v3';
import { KmsKeyV1 } from '@cdktf/provider-opentelekomcloud/lib/kms-key-v1';
import { ObsBucket, ObsBucketConfig } from '@cdktf/provider-opentelekomcloud/lib/obs-bucket';
import { RdsInstanceV3, RdsInstanceV3Config } from '@cdktf/provider-opentelekomcloud/lib/rds-instance-v3';
import { Release, ReleaseConfig } from '@cdktf/provider-helm/lib/release';
import { Password } from '@cdktf/provider-random/lib/password';
import { App, Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { tmpdir } from 'os';
import { KubernetesObject, Manifest } from '../../lib/contracts/manifest';
import { PolicyAspect, PolicyAspectProps, PolicyReport } from '../../lib/policy/aspect';
import { checkPolicy, errorLines } from '../../lib/policy/report';

export const FILE = 'environments/nonprod/x.yaml';

export type Build = (stack: Construct) => void;

export interface Evaluation {
  readonly report: PolicyReport;
  /** Error annotations as main.ts prints them. */
  readonly lines: string[];
  readonly stack: TerraformStack;
}

/** Builds a stack named `test` with a PolicyAspect and runs the policy on it. */
export function evaluate(build: Build, props: Partial<PolicyAspectProps> = {}): Evaluation {
  // Nothing is written: the policy runs without synth.
  const app = new App({ outdir: tmpdir(), stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  build(stack);
  Aspects.of(stack).add(new PolicyAspect({ tier: 'non-production', file: FILE, ...props }));
  const [report] = checkPolicy(app);
  return { report, lines: errorLines(app), stack };
}

export function kmsKey(scope: Construct): KmsKeyV1 {
  return (scope.node.tryFindChild('Kms') as KmsKeyV1) ?? new KmsKeyV1(scope, 'Kms', { keyAlias: 'test', lifecycle: { preventDestroy: true } });
}

export function database(scope: Construct, override: Partial<RdsInstanceV3Config> = {}): RdsInstanceV3 {
  const password = new Password(scope, 'DatabasePassword', { length: 32 });
  return new RdsInstanceV3(scope, 'Database', {
    name: 'test-db',
    availabilityZone: ['eu-de-01'],
    flavor: 'rds.pg.n1.large.2',
    securityGroupId: 'sg-id',
    subnetId: 'subnet-id',
    vpcId: 'vpc-id',
    db: { type: 'PostgreSQL', version: '16', password: password.result },
    volume: { type: 'COMMON', size: 100, diskEncryptionId: kmsKey(scope).id },
    backupStrategy: { startTime: '01:00-02:00', keepDays: 7 },
    lifecycle: { preventDestroy: true },
    ...override,
  });
}

export function bucket(scope: Construct, override: Partial<ObsBucketConfig> = {}): ObsBucket {
  return new ObsBucket(scope, 'Bucket', {
    bucket: 'test-lfs',
    acl: 'private',
    versioning: true,
    serverSideEncryption: { algorithm: 'kms', kmsKeyId: kmsKey(scope).id },
    lifecycle: { preventDestroy: true },
    ...override,
  });
}

export function cluster(scope: Construct, override: Partial<CceClusterV3Config> = {}): CceClusterV3 {
  return new CceClusterV3(scope, 'Cluster', {
    name: 'test',
    clusterType: 'VirtualMachine',
    flavorId: 'cce.s1.medium',
    containerNetworkType: 'vpc-router',
    subnetId: 'subnet-id',
    vpcId: 'vpc-id',
    enableVolumeEncryption: true,
    lifecycle: { preventDestroy: true },
    ...override,
  });
}

export function nodePool(scope: Construct, override: Partial<CceNodePoolV3Config> = {}): CceNodePoolV3 {
  const key = kmsKey(scope).id;
  return new CceNodePoolV3(scope, 'NodePool', {
    name: 'default',
    clusterId: 'cluster-id',
    flavor: 's3.2xlarge.4',
    initialNodeCount: 2,
    rootVolume: { size: 50, volumetype: 'SSD', kmsId: key },
    dataVolumes: [{ size: 100, volumetype: 'SSD', kmsId: key }],
    ...override,
  });
}

export function release(scope: Construct, override: Partial<ReleaseConfig> = {}, id = 'Release'): Release {
  return new Release(scope, id, {
    name: 'argocd',
    chart: 'argo-cd',
    repository: 'https://argoproj.github.io/argo-helm',
    version: '9.1.5',
    namespace: 'argocd',
    ...override,
  });
}

/** An ArgoCD Application of a Helm chart, compliant unless `spec` overrides it. */
export function application(scope: Construct, spec: Record<string, unknown> = {}, id = 'Application'): Manifest {
  const object: KubernetesObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'traefik', namespace: 'argocd' },
    spec: {
      project: 'otc',
      source: { repoURL: 'https://traefik.github.io/charts', chart: 'traefik', targetRevision: '41.3.0', helm: { valuesObject: { ingressClass: { name: 'traefik' } } } },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'traefik' },
      ...spec,
    },
  };
  return new Manifest(scope, id, object);
}

/** The Application spec.source with its helm values replaced. */
export function traefikValues(valuesObject: unknown): Record<string, unknown> {
  return { source: { repoURL: 'https://traefik.github.io/charts', chart: 'traefik', targetRevision: '41.3.0', helm: { valuesObject } } };
}

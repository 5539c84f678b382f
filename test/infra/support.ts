/** Synthesizes the infra layer alone, from literal props, for construct-level assertions. */
import { Testing, TerraformStack } from 'cdktf';
import { OpentelekomcloudProvider } from '@cdktf/provider-opentelekomcloud/lib/provider';
import { Infrastructure, InfrastructureProps } from '../../lib/infra';
import { configureClusterProviders } from '../../lib/providers/kubernetes';
import { TfJson } from '../support/synth';

export const PROPS: InfrastructureProps = {
  namePrefix: 'nonprod-x',
  region: 'eu-de',
  project: 'eu-de',
  availabilityZones: ['eu-de-01', 'eu-de-02', 'eu-de-03'],
  protect: true,
  network: { vpcCidr: '10.10.0.0/16', subnetCidr: '10.10.0.0/20', egressBandwidthMbit: 100 },
  managesOthers: false,
  cluster: {
    version: 'v1.31',
    flavor: 'cce.s1.medium',
    highAvailability: false,
    containerCidr: '172.16.0.0/16',
    serviceCidr: '10.247.0.0/16',
    publicApiCidrs: [],
    nodePools: [{ name: 'default', flavor: 's3.xlarge.4', availabilityZone: 'eu-de-02', initialNodes: 2, minNodes: 2, maxNodes: 4, rootVolumeGb: 50, dataVolumeGb: 100 }],
  },
  database: { version: '16', flavor: 'rds.pg.n1.large.2', highAvailability: false, volumeGb: 100, backupWindow: '01:00-02:00', backupRetentionDays: 3 },
  objectStorage: { bucketPrefix: 't09.de-x' },
  loadBalancer: { bandwidthMbit: 100 },
  dns: { zone: 't09.de', domain: 'x.t09.de' },
  backup: { retentionDays: 7 },
};

type Overrides = { [K in keyof InfrastructureProps]?: InfrastructureProps[K] extends object ? Partial<InfrastructureProps[K]> : InfrastructureProps[K] };

export interface Synthesized {
  readonly tf: TfJson;
  readonly infra: Infrastructure;
}

/** Props with some sections overridden (shallow per section). */
export function props(overrides: Overrides = {}): InfrastructureProps {
  const merged: Record<string, unknown> = { ...PROPS };
  for (const [key, value] of Object.entries(overrides)) {
    const base = (PROPS as unknown as Record<string, unknown>)[key];
    merged[key] = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(base as object), ...value } : value;
  }
  return merged as unknown as InfrastructureProps;
}

export function synthInfra(overrides: Overrides = {}): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new OpentelekomcloudProvider(stack, 'Otc', { region: 'eu-de' });
  const infra = new Infrastructure(stack, 'Infra', props(overrides));
  configureClusterProviders(stack, infra.clusterAccess);
  return { tf: JSON.parse(Testing.synth(stack)) as TfJson, infra };
}

export type Block = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every block of a resource type, without cdktf's metadata. */
export function resources(tf: TfJson, type: string): Block[] {
  return Object.values(tf.resource?.[type] ?? {}).map(strip);
}

/** The one block of a resource type (fails the test if there is not exactly one). */
export function only(tf: TfJson, type: string): Block {
  const all = resources(tf, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, got ${all.length}`);
  return all[0];
}

/** Terraform reference expression of a resource's attribute: `${<type>.<name>.<attr>}`. */
export function ref(tf: TfJson, type: string, attr: string, index = 0): string {
  const names = Object.keys(tf.resource?.[type] ?? {});
  return `\${${type}.${names[index]}.${attr}}`;
}

export function dataRef(tf: TfJson, type: string, attr: string): string {
  const names = Object.keys(tf.data?.[type] ?? {});
  return `\${data.${type}.${names[0]}.${attr}}`;
}

function strip(block: Record<string, unknown>): Block {
  const { '//': _meta, ...rest } = block;
  void _meta;
  return rest;
}

/** Reference to an attribute of the one resource of `type` whose block satisfies `where`. */
export function refWhere(tf: TfJson, type: string, attr: string, where: (block: Block) => boolean): string {
  const hits = Object.entries(tf.resource?.[type] ?? {}).filter(([, body]) => where(strip(body)));
  if (hits.length !== 1) throw new Error(`expected one matching ${type}, got ${hits.length}`);
  return `\${${type}.${hits[0][0]}.${attr}}`;
}

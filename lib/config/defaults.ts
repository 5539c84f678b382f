/**
 * Every fixed default of an environment file, in one place, per tier. The schemas
 * (lib/config/schema/environment.ts) apply them and type them (OtcDefaults is the fields' zod
 * output type); `npm run docs` writes the README's tables from the schemas. Production defaults
 * follow the seed: highly available control plane and database, longer backup retention.
 */
import type { OtcDefaults } from './schema/environment';


export type Tier = 'production' | 'non-production' | 'local';

const otcCommon = {
  stacks: ['core', 'otc', 'forgejo'],
  availabilityZoneSuffixes: ['01', '02', '03'],
  network: { vpcCidr: '10.10.0.0/16', subnetCidr: '10.10.0.0/20', egressBandwidthMbit: 100 },
  cluster: {
    version: 'v1.31',
    size: 'medium',
    // Pod and service ranges must not overlap the VPC; these are CCE's own suggestions.
    containerCidr: '172.16.0.0/16',
    serviceCidr: '10.247.0.0/16',
    nodePool: {
      name: 'default',
      flavor: 's3.2xlarge.4',
      count: 3,
      autoscaling: { min: 3, max: 6 },
      rootVolumeGb: 50,
      dataVolumeGb: 100,
    },
  },
  database: { version: '16', flavor: 'rds.pg.n1.large.2', volumeGb: 100, backupWindow: '01:00-02:00' },
  loadBalancer: { bandwidthMbit: 100 },
} as const;

export const DEFAULTS: { readonly production: OtcDefaults; readonly 'non-production': OtcDefaults } = {
  production: {
    ...otcCommon,
    cluster: { ...otcCommon.cluster, highAvailability: true },
    database: { ...otcCommon.database, highAvailability: true, backupRetentionDays: 7 },
    backup: { retentionDays: 30 },
  },
  'non-production': {
    ...otcCommon,
    cluster: { ...otcCommon.cluster, highAvailability: false, nodePool: { ...otcCommon.cluster.nodePool, count: 2, autoscaling: { min: 2, max: 4 } } },
    database: { ...otcCommon.database, highAvailability: false, backupRetentionDays: 3 },
    backup: { retentionDays: 7 },
  },
};

/** @default - the Forgejo Dex authenticates against: the primary instance (seed 2.2.1, `baseURL`) */
export const SSO_FORGEJO_URL = 'https://edp.buildth.ing';

/**
 * Alert mail of the observability stack (critical and major alerts).
 * @default - to the tenant's ACME e-mail, from `alertmanager@<domain>`, through the seed's smarthost
 */
export const ALERT_MAIL_SMARTHOST = 'mail.mms-support.de:465';

/**
 * The environment whose runners plan, deploy and destroy an OTC environment (`manager:`).
 * @default - `prod/edp`, the seed's control plane (section 3.2); `prod/edp` itself names `prod/observability`
 */
export const DEFAULT_MANAGER = 'prod/edp';

/** @default - the stacks of a local cluster: just core (ArgoCD, CloudNativePG, Dex) */
export const LOCAL_DEFAULT_STACKS: readonly string[] = ['core'];

/** CCE flavour from the two knobs the environment file exposes. */
/** RDS flavour: the HA variant of a flavour is the same name with `.ha`. */
export function databaseFlavor(flavor: string, highAvailability: boolean): string {
  return highAvailability ? `${flavor}.ha` : flavor;
}

export function clusterFlavor(highAvailability: boolean, size: string): string {
  return `cce.s${highAvailability ? 2 : 1}.${size}`;
}

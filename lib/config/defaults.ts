/**
 * Every default of an environment file, in one place, per tier. The schemas apply them; the README
 * table is written from the doc comments here. Production defaults follow the seed: highly
 * available control plane and database, longer backup retention.
 */

export type Tier = 'production' | 'non-production' | 'local';

export interface NodePoolDefaults {
  readonly name: string;
  /** ECS flavour of the worker nodes (the seed's deploy form asks for it). */
  readonly flavor: string;
  readonly count: number;
  readonly autoscaling: { readonly min: number; readonly max: number };
  readonly rootVolumeGb: number;
  readonly dataVolumeGb: number;
}

export interface OtcDefaults {
  /** @default - core, otc and forgejo: the seed's minimal EDP with a Git server */
  readonly stacks: readonly string[];
  /** @default - the region's three availability zones `<region>-01..03` */
  readonly availabilityZoneSuffixes: readonly string[];
  readonly network: {
    readonly vpcCidr: string;
    readonly subnetCidr: string;
    /** @default - 100 Mbit/s of NAT egress for the nodes (pay per traffic) */
    readonly egressBandwidthMbit: number;
  };
  readonly cluster: {
    /** CCE Kubernetes version; bumped through CCE, see the README's upgrade section. */
    readonly version: string;
    /** @default - three masters across AZs in production, one master elsewhere */
    readonly highAvailability: boolean;
    /** CCE cluster size; the flavour is `cce.s2.<size>` when highly available, else `cce.s1.<size>`. */
    readonly size: 'small' | 'medium' | 'large' | 'xlarge';
    readonly containerCidr: string;
    readonly serviceCidr: string;
    readonly nodePool: NodePoolDefaults;
  };
  readonly database: {
    /** PostgreSQL major version. */
    readonly version: string;
    /** RDS flavour without the HA suffix; `.ha` is appended when highly available. */
    readonly flavor: string;
    /** @default - primary/standby across two AZs in production */
    readonly highAvailability: boolean;
    readonly volumeGb: number;
    readonly backupWindow: string;
    /** @default - 7 days in production (policy minimum), 3 elsewhere */
    readonly backupRetentionDays: number;
  };
  readonly loadBalancer: { readonly bandwidthMbit: number };
  /** @default - CBR keeps daily cluster-disk backups 30 days in production, 7 elsewhere */
  readonly backup: { readonly retentionDays: number };
}

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

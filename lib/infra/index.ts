/**
 * The infra layer of an OTC environment: one construct per concern, connected by reference.
 * `clusterAccess` configures the helm and kubernetes providers; `services` is what the platform
 * layer needs (lib/contracts/cloud.ts).
 */
import { Construct } from 'constructs';
import type { CloudServices } from '../contracts/cloud';
import type { ClusterAccess } from '../providers/kubernetes';
import type { StateRef } from '../config/model';
import { ApiAccess } from './api-access';
import { Backup } from './backup';
import { Cluster } from './cluster';
import { Database, POSTGRES_PORT } from './database';
import { Dns } from './dns';
import { Encryption } from './encryption';
import { LoadBalancer } from './load-balancer';
import { Network } from './network';
import type { NodePoolSpec } from './node-pool';
import { ObjectStorage } from './object-storage';
import { Outputs } from './outputs';

export { PROTECTED_RESOURCE_TYPES } from './protection';
export type { NodePoolSpec } from './node-pool';

export interface InfrastructureProps {
  /** Prefix of every physical name: `<tenant>-<env>`. */
  readonly namePrefix: string;
  readonly region: string;
  /** IAM project (the region's base project). */
  readonly project: string;
  /** The environment's availability zones, in order; the first is the default zone. */
  readonly availabilityZones: readonly string[];
  /** `prevent_destroy` on the cluster, database, buckets, KMS key and backup vault. */
  readonly protect: boolean;
  readonly network: {
    readonly vpcCidr: string;
    readonly subnetCidr: string;
    readonly egressBandwidthMbit: number;
  };
  /** The environment whose runners deploy this one: its egress address joins the API trust list. */
  readonly manager?: { readonly stackId: string; readonly state: StateRef };
  /** True when other environments' clusters trust this one's egress address (it manages them). */
  readonly managesOthers: boolean;
  readonly cluster: {
    readonly version: string;
    readonly flavor: string;
    readonly highAvailability: boolean;
    readonly containerCidr: string;
    readonly serviceCidr: string;
    readonly publicApiCidrs: readonly string[];
    readonly nodePools: readonly NodePoolSpec[];
  };
  readonly database: {
    readonly version: string;
    /** Full RDS flavour (`.ha` included when highly available). */
    readonly flavor: string;
    readonly highAvailability: boolean;
    readonly volumeGb: number;
    readonly backupWindow: string;
    readonly backupRetentionDays: number;
  };
  readonly objectStorage: {
    /** Globally unique prefix of the bucket names. */
    readonly bucketPrefix: string;
  };
  readonly loadBalancer: { readonly bandwidthMbit: number };
  readonly dns: {
    /** Public zone of the tenant (looked up). */
    readonly zone: string;
    readonly domain: string;
  };
  readonly backup: { readonly retentionDays: number };
}

export class Infrastructure extends Construct {
  readonly network: Network;
  readonly apiAccess: ApiAccess;
  readonly encryption: Encryption;
  readonly cluster: Cluster;
  readonly database: Database;
  readonly objectStorage: ObjectStorage;
  readonly loadBalancer: LoadBalancer;
  readonly dns: Dns;
  readonly backup: Backup;
  /** How the helm and kubernetes providers reach the cluster. */
  readonly clusterAccess: ClusterAccess;
  /** What the platform layer needs from this layer, as Terraform references. */
  readonly services: CloudServices;

  constructor(scope: Construct, id: string, props: InfrastructureProps) {
    super(scope, id);
    const { namePrefix, protect } = props;
    const zones = props.availabilityZones;

    this.network = new Network(this, 'Network', { namePrefix, ...props.network, databasePort: POSTGRES_PORT, egressTrusted: props.managesOthers });
    this.apiAccess = new ApiAccess(this, 'ApiAccess', { manager: props.manager, extraCidrs: props.cluster.publicApiCidrs });
    this.encryption = new Encryption(this, 'Encryption', { namePrefix, protect });
    const kmsKeyId = this.encryption.kmsKeyId;

    this.cluster = new Cluster(this, 'Cluster', {
      namePrefix,
      region: props.region,
      project: props.project,
      protect,
      kmsKeyId,
      version: props.cluster.version,
      flavor: props.cluster.flavor,
      masterAvailabilityZones: props.cluster.highAvailability ? zones.slice(0, 3) : zones.slice(0, 1),
      vpcId: this.network.vpcId,
      subnetNetworkId: this.network.subnetNetworkId,
      nodeSecurityGroupId: this.network.nodeSecurityGroupId,
      containerCidr: props.cluster.containerCidr,
      serviceCidr: props.cluster.serviceCidr,
      apiTrustList: this.apiAccess.trustList,
      nodePools: props.cluster.nodePools,
    });

    this.database = new Database(this, 'Database', {
      namePrefix,
      protect,
      kmsKeyId,
      version: props.database.version,
      flavor: props.database.flavor,
      availabilityZones: props.database.highAvailability ? zones.slice(0, 2) : zones.slice(0, 1),
      vpcId: this.network.vpcId,
      subnetNetworkId: this.network.subnetNetworkId,
      securityGroupId: this.network.databaseSecurityGroupId,
      volumeGb: props.database.volumeGb,
      backupWindow: props.database.backupWindow,
      backupRetentionDays: props.database.backupRetentionDays,
    });

    this.backup = new Backup(this, 'Backup', { namePrefix, protect, retentionDays: props.backup.retentionDays });

    this.objectStorage = new ObjectStorage(this, 'ObjectStorage', {
      namePrefix,
      protect,
      kmsKeyId,
      bucketPrefix: props.objectStorage.bucketPrefix,
      region: props.region,
      noncurrentVersionDays: props.backup.retentionDays,
    });

    this.loadBalancer = new LoadBalancer(this, 'LoadBalancer', {
      namePrefix,
      vpcId: this.network.vpcId,
      subnetIpv4Id: this.network.subnetIpv4Id,
      subnetNetworkId: this.network.subnetNetworkId,
      subnetCidr: this.network.subnetCidr,
      availabilityZones: zones,
      bandwidthMbit: props.loadBalancer.bandwidthMbit,
    });

    this.dns = new Dns(this, 'Dns', { ...props.dns, address: this.loadBalancer.publicIp });

    new Outputs(this, 'Outputs', {
      elbId: this.loadBalancer.id,
      elbPublicIp: this.loadBalancer.publicIp,
      egressIp: this.network.egressIp,
      clusterId: this.cluster.id,
      clusterName: this.cluster.name,
      clusterEndpoint: this.cluster.endpoint,
      databaseHost: this.database.host,
      databasePort: this.database.port,
      databaseUsername: this.database.username,
      databasePassword: this.database.password,
      buckets: this.objectStorage.buckets,
      objectStorageAccessKey: this.objectStorage.accessKey,
      objectStorageSecretKey: this.objectStorage.secretKey,
      kmsKeyId,
      backupVaultId: this.backup.vaultId,
    });

    this.clusterAccess = this.cluster.access;
    this.services = {
      loadBalancer: { id: this.loadBalancer.id, elbClass: this.loadBalancer.elbClass, publicIp: this.loadBalancer.publicIp, backendCidr: this.loadBalancer.backendCidr },
      database: { host: this.database.host, port: this.database.port, username: this.database.username, password: this.database.password },
      objectStorage: {
        endpoint: this.objectStorage.endpoint,
        region: this.objectStorage.region,
        buckets: this.objectStorage.buckets,
        accessKey: this.objectStorage.accessKey,
        secretKey: this.objectStorage.secretKey,
      },
      encryption: { kmsKeyId },
      volumeAvailabilityZone: props.cluster.nodePools[0]?.availabilityZone ?? zones[0],
      volumeTags: { [this.backup.diskTag.key]: this.backup.diskTag.value },
      clusterReady: [...this.cluster.workloadsReady, this.network.egressReady],
      dnsRecords: this.dns.records,
    };
  }
}

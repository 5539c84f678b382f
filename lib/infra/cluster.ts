/**
 * The CCE cluster and its node pools.
 *
 * - Control plane: `cce.s2.*` with three masters in three zones when highly available, else
 *   `cce.s1.*` with one master; master disks encrypted.
 * - Node pools scale within their bounds through the CCE autoscaler add-on (Autoscaler).
 * - Container tunnel network (overlay_l2): pods reach the VPC with their node's address, which
 *   keeps every security group rule to the node subnet.
 * - Kubernetes upgrades go through CCE (console or API), never through Terraform: the provider
 *   marks `cluster_version` ForceNew, so a bump would replace the cluster. It is ignored after
 *   creation; the environment file's `cluster.version` is the version of a new cluster.
 * - API endpoint: private (the internal address in the node subnet) unless `publicApiCidrs` is
 *   given; then an EIP is bound and CCE's API trust list admits exactly those ranges. The trust
 *   list is ForceNew in the provider (1.36.54), so it is INITIAL: changing it replaces the cluster,
 *   which `prevent_destroy` and the plan guard refuse for protected environments.
 */
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { CceClusterV3 } from '@cdktf/provider-opentelekomcloud/lib/cce-cluster-v3';
import { ComputeKeypairV2 } from '@cdktf/provider-opentelekomcloud/lib/compute-keypair-v2';
import { VpcEipV1 } from '@cdktf/provider-opentelekomcloud/lib/vpc-eip-v1';
import { UNIQUE_NAMES, physicalName } from '../config/naming';
import type { ClusterAccess } from '../providers/kubernetes';
import { Autoscaler } from './autoscaler';
import { EIP_TYPE } from './network';
import { NodePool, NodePoolSpec } from './node-pool';
import { statefulLifecycle } from './protection';

/** Bandwidth of the API endpoint's EIP: kubectl, helm and the providers need little. */
const API_BANDWIDTH_MBIT = 10;

export interface ClusterProps {
  readonly namePrefix: string;
  readonly region: string;
  /** IAM project name (for the autoscaler add-on). */
  readonly project: string;
  /** CCE Kubernetes version of a new cluster, e.g. `v1.31`; ignored afterwards. */
  readonly version: string;
  /** INITIAL: `cce.s1.<size>` or `cce.s2.<size>`. */
  readonly flavor: string;
  /** INITIAL: one zone per master (three for an s2 flavour, one for s1). */
  readonly masterAvailabilityZones: readonly string[];
  readonly vpcId: string;
  /** Network id of the node subnet. */
  readonly subnetNetworkId: string;
  /** Default security group of the worker nodes. */
  readonly nodeSecurityGroupId: string;
  /** INITIAL. */
  readonly containerCidr: string;
  /** INITIAL. */
  readonly serviceCidr: string;
  /** INITIAL: non-empty means a public endpoint reachable from exactly these ranges. */
  readonly publicApiCidrs: readonly string[];
  readonly kmsKeyId: string;
  readonly nodePools: readonly NodePoolSpec[];
  readonly protect: boolean;
}

export class Cluster extends Construct {
  readonly id: string;
  readonly name: string;
  /** What the helm and kubernetes providers use: the public endpoint when there is one, else the internal one. */
  readonly access: ClusterAccess;
  /** API server URL the providers talk to. */
  readonly endpoint: string;
  /** Public address of the API endpoint, when public. */
  readonly publicApiIp?: string;
  /**
   * Done when workloads can be scheduled: every node pool (the provider returns once the pool has
   * stopped synchronizing, i.e. its nodes exist) and the add-ons installed here. CCE's own default
   * add-ons (CoreDNS, Everest) come with the cluster resource and run on these nodes.
   */
  readonly workloadsReady: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const publicApi = props.publicApiCidrs.length > 0;
    const name = UNIQUE_NAMES.cluster(props.namePrefix);

    const apiIp = publicApi
      ? new VpcEipV1(this, 'ApiIp', {
          publicip: { type: EIP_TYPE },
          bandwidth: { name: physicalName(props.namePrefix, 'api'), size: API_BANDWIDTH_MBIT, shareType: 'PER', chargeMode: 'traffic' },
          lifecycle: { ignoreChanges: ['bandwidth'] },
        })
      : undefined;

    const cluster = new CceClusterV3(this, 'Cluster', {
      name,
      description: `EDP ${props.namePrefix}`,
      clusterType: 'VirtualMachine',
      flavorId: props.flavor,
      clusterVersion: props.version,
      authenticationMode: 'rbac',
      vpcId: props.vpcId,
      subnetId: props.subnetNetworkId,
      securityGroupId: props.nodeSecurityGroupId,
      containerNetworkType: 'overlay_l2',
      containerNetworkCidr: props.containerCidr,
      kubernetesSvcIpRange: props.serviceCidr,
      masters: props.masterAvailabilityZones.map((availabilityZone) => ({ availabilityZone })),
      enableVolumeEncryption: true,
      ...(apiIp ? { eip: apiIp.publicip.ipAddress, apiAccessTrustlist: [...props.publicApiCidrs] } : {}),
      lifecycle: statefulLifecycle(props.protect, ['cluster_version']),
    });

    // The provider requires a key pair or a password for node login; OTC generates this key pair and
    // its private key stays in the (encrypted) state. SSH is reachable from the node subnet only.
    const keyPair = new ComputeKeypairV2(this, 'NodeKeyPair', { name: UNIQUE_NAMES.nodeKeyPair(props.namePrefix) });
    const pools = props.nodePools.map(
      (pool) =>
        new NodePool(this, `NodePool-${pool.name}`, {
          ...pool,
          physicalName: physicalName(props.namePrefix, pool.name, 'nodePool'),
          clusterId: cluster.id,
          keyPair: keyPair.name,
          kmsKeyId: props.kmsKeyId,
        }),
    );
    const autoscaler = new Autoscaler(this, 'Autoscaler', {
      clusterId: cluster.id,
      clusterVersion: props.version,
      region: props.region,
      project: props.project,
      maxNodesTotal: props.nodePools.reduce((sum, pool) => sum + pool.maxNodes, 0),
      nodePools: pools.map((p) => p.resource),
    });

    // certificate_clusters[0] is the internal endpoint, [1] the external one (present with an EIP);
    // both are signed by the one cluster CA. certificate_users[0] is the admin client certificate.
    const server = cluster.certificateClusters.get(publicApi ? 1 : 0).server;
    const user = cluster.certificateUsers.get(0);
    this.access = {
      kind: 'certificate',
      host: server,
      clusterCaCertificate: Fn.base64decode(cluster.certificateClusters.get(0).certificateAuthorityData),
      clientCertificate: Fn.base64decode(user.clientCertificateData),
      clientKey: Fn.base64decode(user.clientKeyData),
    };
    this.id = cluster.id;
    this.name = cluster.name;
    this.endpoint = server;
    this.publicApiIp = apiIp?.publicip.ipAddress;
    this.workloadsReady = [...pools.map((p) => p.resource), autoscaler.addon];
  }
}

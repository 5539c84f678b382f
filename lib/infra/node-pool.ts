/**
 * One CCE node pool: encrypted root and data disks, autoscaling bounds, one availability zone.
 * The autoscaler changes the node count, so `initial_node_count` is only used at creation.
 */
import { Construct } from 'constructs';
import { CceNodePoolV3 } from '@cdktf/provider-opentelekomcloud/lib/cce-node-pool-v3';

/** EVS type of the node disks (ultra-high I/O, available in every OTC AZ). */
const NODE_VOLUME_TYPE = 'SSD';

export interface NodePoolSpec {
  /** The pool's name in the environment file (a DNS label); part of its construct id and physical name. */
  readonly name: string;
  /** INITIAL: ECS flavour. */
  readonly flavor: string;
  /** INITIAL. */
  readonly availabilityZone: string;
  /** Nodes at creation; later the autoscaler decides within `minNodes..maxNodes`. */
  readonly initialNodes: number;
  readonly minNodes: number;
  readonly maxNodes: number;
  /** INITIAL. */
  readonly rootVolumeGb: number;
  /** INITIAL. */
  readonly dataVolumeGb: number;
}

export interface NodePoolProps extends NodePoolSpec {
  /** Physical name (at most 50 characters). */
  readonly physicalName: string;
  readonly clusterId: string;
  /** Key pair for node login (the provider requires a key pair or a password). */
  readonly keyPair: string;
  readonly kmsKeyId: string;
}

export class NodePool extends Construct {
  readonly id: string;
  /** The pool resource, for `depends_on`. */
  readonly resource: CceNodePoolV3;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    const pool = new CceNodePoolV3(this, 'Pool', {
      clusterId: props.clusterId,
      name: props.physicalName,
      flavor: props.flavor,
      availabilityZone: props.availabilityZone,
      runtime: 'containerd',
      keyPair: props.keyPair,
      initialNodeCount: props.initialNodes,
      scaleEnable: true,
      minNodeCount: props.minNodes,
      maxNodeCount: props.maxNodes,
      rootVolume: { size: props.rootVolumeGb, volumetype: NODE_VOLUME_TYPE, kmsId: props.kmsKeyId },
      dataVolumes: [{ size: props.dataVolumeGb, volumetype: NODE_VOLUME_TYPE, kmsId: props.kmsKeyId }],
      lifecycle: { ignoreChanges: ['initial_node_count'] },
    });
    this.id = pool.id;
    this.resource = pool;
  }
}

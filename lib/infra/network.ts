/**
 * The environment's network: one VPC with one subnet for nodes and database, a NAT gateway with an
 * SNAT rule and EIP for node egress (nodes have no public addresses), and the security groups.
 *
 * Security groups admit traffic from the node subnet only:
 * - nodes: everything from the node subnet. CCE requires all TCP, UDP and ICMP between nodes and
 *   masters (its own default group opens them to the whole VPC; the subnet is narrower), the
 *   container tunnel (VXLAN) runs between node addresses, and the dedicated ELB reaches its
 *   backends (NodePorts, health checks) from its backend subnet, which is the node subnet.
 * - database: PostgreSQL from the node subnet. With the container tunnel network pods reach the
 *   VPC with their node's address, so no pod range needs to be admitted.
 * A dedicated ELB (v3) takes no security group: what it exposes is decided by its listeners, which
 * CCE creates from the Traefik Service. Egress keeps OTC's default (allow all outbound).
 */
import { Fn, ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { NatGatewayV2 } from '@cdktf/provider-opentelekomcloud/lib/nat-gateway-v2';
import { NatSnatRuleV2 } from '@cdktf/provider-opentelekomcloud/lib/nat-snat-rule-v2';
import { NetworkingSecgroupRuleV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-v2';
import { VpcEipV1 } from '@cdktf/provider-opentelekomcloud/lib/vpc-eip-v1';
import { VpcSubnetV1 } from '@cdktf/provider-opentelekomcloud/lib/vpc-subnet-v1';
import { VpcV1 } from '@cdktf/provider-opentelekomcloud/lib/vpc-v1';
import { physicalName } from '../config/naming';

/** EIP type of dynamic BGP addresses (eu-de, eu-nl). */
export const EIP_TYPE = '5_bgp';
/** NAT gateway size "1": small, up to 10 000 concurrent connections, ample for one cluster's egress. */
const NAT_SPEC = '1';

export interface NetworkProps {
  /** Prefix of every physical name (`<tenant>-<env>`). */
  readonly namePrefix: string;
  readonly vpcCidr: string;
  /** Node and database subnet; inside `vpcCidr`. */
  readonly subnetCidr: string;
  /** Bandwidth of the egress EIP, Mbit/s. INITIAL: a change would replace the address. */
  readonly egressBandwidthMbit: number;
  /** Port the database security group admits. */
  readonly databasePort: number;
  /**
   * True when other clusters trust the egress address (this environment deploys them): the address
   * then carries `prevent_destroy`, since a new one would lock its runners out of those clusters.
   */
  readonly egressTrusted?: boolean;
}

export class Network extends Construct {
  readonly vpcId: string;
  /** Network id of the subnet (`vpc_subnet_v1.id`): CCE `subnet_id`, NAT, RDS, ELB `network_ids`. */
  readonly subnetNetworkId: string;
  /** IPv4 subnet id (`vpc_subnet_v1.subnet_id`): ELB `subnet_id`. */
  readonly subnetIpv4Id: string;
  readonly subnetCidr: string;
  readonly nodeSecurityGroupId: string;
  readonly databaseSecurityGroupId: string;
  /** Public address the nodes' outbound traffic comes from. */
  readonly egressIp: string;
  /** Done when the nodes reach the internet (the SNAT rule), e.g. to pull public images. */
  readonly egressReady: ITerraformDependable;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const name = (suffix: string) => physicalName(props.namePrefix, suffix);

    const vpc = new VpcV1(this, 'Vpc', { name: name('vpc'), cidr: props.vpcCidr });
    const subnet = new VpcSubnetV1(this, 'Subnet', {
      name: name('nodes'),
      vpcId: vpc.id,
      cidr: props.subnetCidr,
      gatewayIp: Fn.cidrhost(props.subnetCidr, 1),
    });

    const nat = new NatGatewayV2(this, 'NatGateway', {
      name: name('nat'),
      spec: NAT_SPEC,
      routerId: vpc.id,
      internalNetworkId: subnet.id,
    });
    const egress = new VpcEipV1(this, 'EgressIp', {
      publicip: { type: EIP_TYPE },
      bandwidth: { name: name('egress'), size: props.egressBandwidthMbit, shareType: 'PER', chargeMode: 'traffic' },
      // The provider replaces the EIP on any bandwidth change: keep the address, change bandwidth in OTC.
      lifecycle: { ignoreChanges: ['bandwidth'], ...(props.egressTrusted ? { preventDestroy: true } : {}) },
    });
    const snat = new NatSnatRuleV2(this, 'Snat', {
      natGatewayId: nat.id,
      networkId: subnet.id,
      floatingIpId: egress.id,
      sourceType: 0,
    });

    const nodes = new NetworkingSecgroupV2(this, 'NodeSecurityGroup', {
      name: name('nodes'),
      description: 'CCE worker nodes: everything from the node subnet (nodes, masters, ELB backend addresses)',
    });
    const nodesFromSubnet = new NetworkingSecgroupRuleV2(this, 'NodesFromSubnet', {
      securityGroupId: nodes.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      remoteIpPrefix: props.subnetCidr,
      description: 'node-to-node, master-to-node, container tunnel, ELB to NodePorts and health checks',
    });

    const database = new NetworkingSecgroupV2(this, 'DatabaseSecurityGroup', {
      name: name('database'),
      description: 'RDS PostgreSQL: the database port from the node subnet only',
    });
    const databaseFromNodes = new NetworkingSecgroupRuleV2(this, 'DatabaseFromNodes', {
      securityGroupId: database.id,
      direction: 'ingress',
      ethertype: 'IPv4',
      protocol: 'tcp',
      portRangeMin: props.databasePort,
      portRangeMax: props.databasePort,
      remoteIpPrefix: props.subnetCidr,
      description: 'PostgreSQL from the cluster nodes',
    });

    this.vpcId = vpc.id;
    this.subnetNetworkId = subnet.id;
    this.subnetIpv4Id = subnet.subnetId;
    this.subnetCidr = props.subnetCidr;
    // The group ids are read from the groups' rules (the same value), so the cluster and the
    // database reference the rules and are created only once their group admits the traffic.
    this.nodeSecurityGroupId = nodesFromSubnet.securityGroupId;
    this.databaseSecurityGroupId = databaseFromNodes.securityGroupId;
    this.egressIp = egress.publicip.ipAddress;
    this.egressReady = snat;
  }
}

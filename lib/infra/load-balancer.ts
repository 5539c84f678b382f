/**
 * The environment's ELB with its EIP: the ingress controller's Service is bound to it by id, and the DNS
 * records point at its address.
 *
 * A dedicated ELB (lb_loadbalancer_v3), so the Service annotation class is `performance`. Why not
 * the shared ELB (v2, class `union`) the seed used: dedicated ELBs are OTC's current generation
 * with reserved capacity per instance instead of a shared pool, they span the environment's
 * availability zones, and the facts the program relies on (public_ip, availability_zones,
 * router_id as INITIAL fields) are those of v3. Keeping the id and the class in this one construct
 * means they cannot disagree.
 *
 * The address is INITIAL: the provider replaces the ELB, and with it the address the DNS records
 * and clients use, on any change of `public_ip` (bandwidth included) or `availability_zones`.
 * Both are ignored after creation; change the bandwidth in the OTC console (the VPC bandwidth).
 */
import { Construct } from 'constructs';
import { LbLoadbalancerV3 } from '@cdktf/provider-opentelekomcloud/lib/lb-loadbalancer-v3';
import { physicalName } from '../config/naming';
import type { LoadBalancerRef } from '../contracts/cloud';

/** Public IP type of dedicated ELBs (the only one eu-de offers for them). */
const ELB_IP_TYPE = '5_gray';

export interface LoadBalancerProps {
  readonly namePrefix: string;
  readonly vpcId: string;
  /** IPv4 subnet id of the node subnet (the frontend address lives there). */
  readonly subnetIpv4Id: string;
  /** Network id of the node subnet (the backend subnet: ELB to node traffic comes from it). */
  readonly subnetNetworkId: string;
  /** IPv4 range of that subnet: the addresses the ELB's requests to the nodes come from. */
  readonly subnetCidr: string;
  /** INITIAL. */
  readonly availabilityZones: readonly string[];
  /** INITIAL: EIP bandwidth in Mbit/s. */
  readonly bandwidthMbit: number;
}

export class LoadBalancer extends Construct implements LoadBalancerRef {
  readonly id: string;
  readonly elbClass = 'performance' as const;
  readonly publicIp: string;
  readonly backendCidr: string;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    const elb = new LbLoadbalancerV3(this, 'Elb', {
      name: physicalName(props.namePrefix, 'ingress'),
      // Kept as deployed since the seed (now Traefik's ELB): a new description would be an update of
      // every existing environment's ELB for a label.
      description: `EDP ${props.namePrefix}: ingress-nginx`,
      routerId: props.vpcId,
      subnetId: props.subnetIpv4Id,
      networkIds: [props.subnetNetworkId],
      availabilityZones: [...props.availabilityZones],
      publicIp: {
        ipType: ELB_IP_TYPE,
        bandwidthName: physicalName(props.namePrefix, 'ingress'),
        bandwidthSize: props.bandwidthMbit,
        bandwidthShareType: 'PER',
        bandwidthChargeMode: 'traffic',
      },
      lifecycle: { ignoreChanges: ['public_ip', 'availability_zones'] },
    });
    this.id = elb.id;
    this.publicIp = elb.publicIp.address;
    // networkIds above: the ELB's backend subnet is the node subnet.
    this.backendCidr = props.subnetCidr;
  }
}

import { dataRef, only, ref, resources, synthInfra } from './support';

describe('LoadBalancer', () => {
  const { tf, infra } = synthInfra();
  const elb = only(tf, 'opentelekomcloud_lb_loadbalancer_v3');

  it('is a dedicated ELB (v3) with a new EIP, and tells the platform the matching class', () => {
    expect(tf.resource?.opentelekomcloud_lb_loadbalancer_v2).toBeUndefined();
    expect(elb).toMatchObject({
      name: 'nonprod-x-ingress',
      router_id: ref(tf, 'opentelekomcloud_vpc_v1', 'id'),
      availability_zones: ['eu-de-01', 'eu-de-02', 'eu-de-03'],
      public_ip: { ip_type: '5_gray', bandwidth_size: 100, bandwidth_share_type: 'PER', bandwidth_charge_mode: 'traffic' },
    });
    expect(infra.services.loadBalancer).toEqual({ id: infra.loadBalancer.id, elbClass: 'performance', publicIp: infra.loadBalancer.publicIp, backendCidr: '10.10.0.0/20' });
    // The backend subnet (network_ids) is the node subnet, whose range the platform trusts for X-Forwarded-*.
    expect(elb.network_ids).toEqual([ref(tf, 'opentelekomcloud_vpc_subnet_v1', 'id')]);
    expect(only(tf, 'opentelekomcloud_vpc_subnet_v1').cidr).toBe(infra.services.loadBalancer.backendCidr);
    expect(tf.output!.elb_public_ip.value).toBe(ref(tf, 'opentelekomcloud_lb_loadbalancer_v3', 'public_ip[0].address'));
    expect(tf.output!.elb_id.value).toBe(ref(tf, 'opentelekomcloud_lb_loadbalancer_v3', 'id'));
  });

  it('keeps its address: public_ip (bandwidth included) and zones are ignored after creation', () => {
    expect(elb.lifecycle).toEqual({ ignore_changes: ['public_ip', 'availability_zones'] });
  });
});

describe('Dns', () => {
  const { tf } = synthInfra();

  it('looks the tenant zone up instead of creating it', () => {
    expect(tf.resource?.opentelekomcloud_dns_zone_v2).toBeUndefined();
    expect(Object.values(tf.data!.opentelekomcloud_dns_zone_v2).map(({ '//': _, ...z }) => z)).toEqual([{ name: 't09.de.', zone_type: 'public' }]);
  });

  it('points the domain and every name below it at the ELB', () => {
    const address = ref(tf, 'opentelekomcloud_lb_loadbalancer_v3', 'public_ip[0].address');
    const zoneId = dataRef(tf, 'opentelekomcloud_dns_zone_v2', 'id');
    expect(resources(tf, 'opentelekomcloud_dns_recordset_v2')).toEqual([
      { zone_id: zoneId, name: 'x.t09.de.', type: 'A', ttl: 300, records: [address] },
      { zone_id: zoneId, name: '*.x.t09.de.', type: 'A', ttl: 300, records: [address] },
    ]);
  });
});

import { only, ref, refWhere, resources, synthInfra } from './support';

describe('Network', () => {
  const { tf, infra } = synthInfra();
  const nodesGroup = refWhere(tf, 'opentelekomcloud_networking_secgroup_v2', 'id', (g) => g.name === 'nonprod-x-nodes');
  const databaseGroup = refWhere(tf, 'opentelekomcloud_networking_secgroup_v2', 'id', (g) => g.name === 'nonprod-x-database');

  it('creates one VPC and one subnet from the environment ranges, gateway at the first host', () => {
    expect(only(tf, 'opentelekomcloud_vpc_v1')).toEqual({ name: 'nonprod-x-vpc', cidr: '10.10.0.0/16' });
    expect(only(tf, 'opentelekomcloud_vpc_subnet_v1')).toEqual({
      name: 'nonprod-x-nodes',
      vpc_id: ref(tf, 'opentelekomcloud_vpc_v1', 'id'),
      cidr: '10.10.0.0/20',
      gateway_ip: '${cidrhost("10.10.0.0/20", 1)}',
    });
  });

  it('gives the nodes egress through a NAT gateway with an SNAT rule and its own EIP', () => {
    const subnetNetworkId = ref(tf, 'opentelekomcloud_vpc_subnet_v1', 'id');
    expect(only(tf, 'opentelekomcloud_nat_gateway_v2')).toMatchObject({ router_id: ref(tf, 'opentelekomcloud_vpc_v1', 'id'), internal_network_id: subnetNetworkId });
    expect(only(tf, 'opentelekomcloud_nat_snat_rule_v2')).toEqual({
      nat_gateway_id: ref(tf, 'opentelekomcloud_nat_gateway_v2', 'id'),
      network_id: subnetNetworkId,
      floating_ip_id: ref(tf, 'opentelekomcloud_vpc_eip_v1', 'id'),
      source_type: 0,
    });
    expect(only(tf, 'opentelekomcloud_vpc_eip_v1')).toMatchObject({ bandwidth: { size: 100, share_type: 'PER' }, lifecycle: { ignore_changes: ['bandwidth'] } });
  });

  it('admits traffic from the node subnet only: no rule names another source', () => {
    const rules = resources(tf, 'opentelekomcloud_networking_secgroup_rule_v2');
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.direction).toBe('ingress');
      expect(rule.remote_ip_prefix).toBe('10.10.0.0/20');
      expect(rule.remote_group_id).toBeUndefined();
    }
  });

  it('opens the database group for PostgreSQL only, and the node group for the cluster traffic CCE needs', () => {
    const rules = resources(tf, 'opentelekomcloud_networking_secgroup_rule_v2');
    expect(rules.filter((r) => r.security_group_id === databaseGroup)).toEqual([
      expect.objectContaining({ protocol: 'tcp', port_range_min: 5432, port_range_max: 5432, ethertype: 'IPv4' }),
    ]);
    const nodeRules = rules.filter((r) => r.security_group_id === nodesGroup);
    expect(nodeRules).toHaveLength(1);
    expect(nodeRules[0].protocol).toBeUndefined(); // all protocols: CCE's node-master traffic and the VXLAN tunnel
  });

  it('puts the cluster nodes in the node group and RDS in the database group, each read from its rule so it waits for it', () => {
    const groupOfRule = (group: string) => refWhere(tf, 'opentelekomcloud_networking_secgroup_rule_v2', 'security_group_id', (r) => r.security_group_id === group);
    expect(only(tf, 'opentelekomcloud_cce_cluster_v3').security_group_id).toBe(groupOfRule(nodesGroup));
    expect(only(tf, 'opentelekomcloud_rds_instance_v3').security_group_id).toBe(groupOfRule(databaseGroup));
  });

  it('uses the network id and the IPv4 subnet id of the subnet where each belongs', () => {
    const networkId = ref(tf, 'opentelekomcloud_vpc_subnet_v1', 'id');
    expect(only(tf, 'opentelekomcloud_cce_cluster_v3').subnet_id).toBe(networkId);
    expect(only(tf, 'opentelekomcloud_rds_instance_v3').subnet_id).toBe(networkId);
    expect(only(tf, 'opentelekomcloud_lb_loadbalancer_v3')).toMatchObject({ network_ids: [networkId], subnet_id: ref(tf, 'opentelekomcloud_vpc_subnet_v1', 'subnet_id') });
    expect(infra.network.subnetIpv4Id).not.toBe(infra.network.subnetNetworkId);
  });
});

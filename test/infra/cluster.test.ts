import { dataRef, only, ref, resources, synthInfra } from './support';

const CLUSTER = 'opentelekomcloud_cce_cluster_v3';
const POOL = 'opentelekomcloud_cce_node_pool_v3';

describe('Cluster', () => {
  describe('single master, private API (non-production defaults)', () => {
    const { tf, infra } = synthInfra();
    const cluster = only(tf, CLUSTER);

    it('runs one master, an s1 flavour, the tunnel network and the environment ranges', () => {
      expect(cluster).toMatchObject({
        name: 'nonprod-x-cluster',
        cluster_type: 'VirtualMachine',
        flavor_id: 'cce.s1.medium',
        cluster_version: 'v1.31',
        authentication_mode: 'rbac',
        container_network_type: 'overlay_l2',
        container_network_cidr: '172.16.0.0/16',
        kubernetes_svc_ip_range: '10.247.0.0/16',
        masters: [{ availability_zone: 'eu-de-01' }],
        vpc_id: ref(tf, 'opentelekomcloud_vpc_v1', 'id'),
      });
    });

    it('encrypts the master disks and every node disk with the environment key', () => {
      const key = ref(tf, 'opentelekomcloud_kms_key_v1', 'id');
      expect(cluster.enable_volume_encryption).toBe(true);
      const pool = only(tf, POOL);
      expect(pool.root_volume.kms_id).toBe(key);
      expect(pool.data_volumes.map((v: { kms_id: string }) => v.kms_id)).toEqual([key]);
    });

    it('never replaces the cluster for a version bump: cluster_version is ignored after creation', () => {
      expect(cluster.lifecycle.ignore_changes).toEqual(['cluster_version']);
    });

    it('has no public endpoint: no EIP, no trust list, providers on the internal endpoint', () => {
      expect(cluster.eip).toBeUndefined();
      expect(cluster.api_access_trustlist).toBeUndefined();
      expect(resources(tf, 'opentelekomcloud_vpc_eip_v1')).toHaveLength(1); // the NAT's only
      expect(infra.cluster.publicApiIp).toBeUndefined();
      const clusterRef = (attr: string) => ref(tf, CLUSTER, attr);
      expect(synthesizedAccess(tf)).toEqual({
        host: clusterRef('certificate_clusters[0].server'),
        cluster_ca_certificate: `\${base64decode(${clusterRef('certificate_clusters[0].certificate_authority_data').slice(2, -1)})}`,
        client_certificate: `\${base64decode(${clusterRef('certificate_users[0].client_certificate_data').slice(2, -1)})}`,
        client_key: `\${base64decode(${clusterRef('certificate_users[0].client_key_data').slice(2, -1)})}`,
      });
    });

    it('sizes each node pool from its spec and lets the autoscaler own the node count', () => {
      expect(only(tf, POOL)).toMatchObject({
        cluster_id: ref(tf, CLUSTER, 'id'),
        name: 'nonprod-x-default',
        flavor: 's3.xlarge.4',
        availability_zone: 'eu-de-02',
        initial_node_count: 2,
        scale_enable: true,
        min_node_count: 2,
        max_node_count: 4,
        runtime: 'containerd',
        key_pair: ref(tf, 'opentelekomcloud_compute_keypair_v2', 'name'),
        root_volume: { size: 50, volumetype: 'SSD' },
        data_volumes: [{ size: 100, volumetype: 'SSD' }],
        lifecycle: { ignore_changes: ['initial_node_count'] },
      });
    });

    it('installs the autoscaler add-on from the newest template of the cluster version, after the pools', () => {
      const addon = only(tf, 'opentelekomcloud_cce_addon_v3');
      expect(addon).toMatchObject({
        cluster_id: ref(tf, CLUSTER, 'id'),
        template_name: 'autoscaler',
        depends_on: [Object.keys(tf.resource![POOL]).map((n) => `${POOL}.${n}`)[0]],
        lifecycle: { ignore_changes: ['template_version'] },
      });
      expect(addon.values.custom).toMatchObject({ cluster_id: ref(tf, CLUSTER, 'id'), tenant_id: dataRef(tf, 'opentelekomcloud_identity_project_v3', 'id'), maxNodesTotal: '4' });
      expect(tf.data?.opentelekomcloud_cce_addon_templates_v3).toBeDefined();
      expect(Object.values(tf.data!.opentelekomcloud_cce_addon_templates_v3)[0]).toMatchObject({ addon_name: 'autoscaler', cluster_version: 'v1.31' });
    });
  });

  describe('highly available', () => {
    const { tf } = synthInfra({ cluster: { highAvailability: true, flavor: 'cce.s2.medium' } });

    it('spreads three masters across three zones', () => {
      expect(only(tf, CLUSTER)).toMatchObject({ flavor_id: 'cce.s2.medium', masters: [{ availability_zone: 'eu-de-01' }, { availability_zone: 'eu-de-02' }, { availability_zone: 'eu-de-03' }] });
    });
  });

  describe('public API endpoint', () => {
    const cidrs = ['192.0.2.0/24', '198.51.100.16/28'];
    const { tf, infra } = synthInfra({ cluster: { publicApiCidrs: cidrs } });
    const cluster = only(tf, CLUSTER);

    it('binds an EIP and admits exactly the configured ranges', () => {
      const apiIp = resources(tf, 'opentelekomcloud_vpc_eip_v1').find((e) => e.bandwidth.name === 'nonprod-x-api');
      expect(apiIp).toBeDefined();
      expect(cluster.api_access_trustlist).toEqual(cidrs);
      expect(cluster.eip).toMatch(/^\$\{opentelekomcloud_vpc_eip_v1\.\w+\.publicip\[0\]\.ip_address\}$/);
      expect(infra.cluster.publicApiIp).toBeDefined();
    });

    it('points the providers at the external endpoint', () => {
      expect(synthesizedAccess(tf).host).toBe(ref(tf, CLUSTER, 'certificate_clusters[1].server'));
    });
  });

  describe('several node pools', () => {
    const pool = { flavor: 's3.xlarge.4', availabilityZone: 'eu-de-01', initialNodes: 1, minNodes: 1, maxNodes: 3, rootVolumeGb: 50, dataVolumeGb: 100 };
    const { tf } = synthInfra({ cluster: { nodePools: [{ name: 'default', ...pool }, { name: 'runners', ...pool, maxNodes: 5 }] } });

    it('creates one pool each, named after the pool, and bounds the autoscaler by their sum', () => {
      expect(resources(tf, POOL).map((p) => p.name)).toEqual(['nonprod-x-default', 'nonprod-x-runners']);
      expect(Object.keys(tf.resource![POOL]).every((id) => !id.includes('nonprod'))).toBe(true);
      expect(only(tf, 'opentelekomcloud_cce_addon_v3').values.custom.maxNodesTotal).toBe('8');
    });
  });
});

/** How the kubernetes provider is configured from `infra.clusterAccess`. */
function synthesizedAccess(tf: ReturnType<typeof synthInfra>['tf']): Record<string, unknown> {
  return tf.provider!.kubernetes[0];
}

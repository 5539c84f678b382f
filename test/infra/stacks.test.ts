/** The infra layer in the shipped environments, through the config -> props mapping. */
import { PROTECTED_RESOURCE_TYPES } from '../../lib/infra';
import { load, nonprod } from '../support/env-tree';
import { TfJson, shippedStacks, synthJson } from '../support/synth';
import { applications, companions } from '../platform/support';

const INFRA_RESOURCES = [
  'opentelekomcloud_vpc_v1',
  'opentelekomcloud_vpc_subnet_v1',
  'opentelekomcloud_nat_gateway_v2',
  'opentelekomcloud_nat_snat_rule_v2',
  'opentelekomcloud_vpc_eip_v1',
  'opentelekomcloud_networking_secgroup_v2',
  'opentelekomcloud_networking_secgroup_rule_v2',
  'opentelekomcloud_kms_key_v1',
  'opentelekomcloud_cce_cluster_v3',
  'opentelekomcloud_cce_node_pool_v3',
  'opentelekomcloud_cce_addon_v3',
  'opentelekomcloud_compute_keypair_v2',
  'opentelekomcloud_rds_instance_v3',
  'random_password',
  'opentelekomcloud_obs_bucket',
  'opentelekomcloud_obs_bucket_policy',
  'opentelekomcloud_identity_user_v3',
  'opentelekomcloud_identity_credential_v3',
  'opentelekomcloud_lb_loadbalancer_v3',
  'opentelekomcloud_dns_recordset_v2',
  'opentelekomcloud_cbr_policy_v3',
  'opentelekomcloud_cbr_vault_v3',
].sort();

/** Attributes named like ids that name a catalogue entry, not a resource. */
const NOT_REFERENCES = new Set(['flavor_id']);

/** Every `*_id`/`*_ids` attribute value in a block tree, with its path. */
function idValues(value: unknown, path: string, out: [string, unknown][] = []): [string, unknown][] {
  if (Array.isArray(value)) value.forEach((v, i) => idValues(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '//' || key === 'lifecycle' || key === 'depends_on') continue;
      if (/_ids?$/.test(key) && !NOT_REFERENCES.has(key)) out.push([`${path}.${key}`, v]);
      else idValues(v, `${path}.${key}`, out);
    }
  }
  return out;
}

describe('infra layer in the shipped stacks', () => {
  const stacks = shippedStacks();
  const tf = (id: string) => JSON.parse(stacks.get(id)!) as TfJson;

  it.each(['prod-edp', 'prod-observability', 'nonprod-test-me'])('%s has every infra resource', (id) => {
    const types = Object.keys(tf(id).resource ?? {}).filter((t) => t.startsWith('opentelekomcloud_') || t === 'random_password');
    expect(types.sort()).toEqual(INFRA_RESOURCES);
    expect(Object.keys(tf(id).data ?? {}).filter((t) => t.startsWith('opentelekomcloud_')).sort()).toEqual(['opentelekomcloud_cce_addon_templates_v3', 'opentelekomcloud_dns_zone_v2', 'opentelekomcloud_identity_project_v3']);
  });

  it.each(['prod-edp', 'prod-observability', 'nonprod-test-me'])('%s wires OTC resources by reference: every id is a Terraform reference', (id) => {
    const otc = Object.entries(tf(id).resource ?? {}).filter(([type]) => type.startsWith('opentelekomcloud_'));
    const ids = otc.flatMap(([type, blocks]) => Object.entries(blocks).flatMap(([name, body]) => idValues(body, `${type}.${name}`)));
    expect(ids.length).toBeGreaterThan(20);
    for (const [path, value] of ids) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) expect([path, v]).toEqual([path, expect.stringMatching(/^\$\{[^}]+\}$/)]);
    }
  });

  it('local-kind has no OTC resource and no infra output', () => {
    const local = tf('local-kind');
    expect(Object.keys(local.resource ?? {}).filter((t) => t.startsWith('opentelekomcloud_'))).toEqual([]);
    expect(Object.keys(local.data ?? {}).filter((t) => t.startsWith('opentelekomcloud_'))).toEqual([]);
    expect(local.output?.elb_public_ip).toBeUndefined();
  });

  it('points helm and kubernetes at the cluster of the same stack, through its public endpoint (its manager\'s runners are outside the VPC)', () => {
    const prod = tf('prod-edp');
    const cluster = Object.keys(prod.resource!.opentelekomcloud_cce_cluster_v3)[0];
    expect(prod.provider!.kubernetes[0].host).toBe(`\${opentelekomcloud_cce_cluster_v3.${cluster}.certificate_clusters[1].server}`);
    expect((prod.provider!.helm[0].kubernetes as Record<string, string>).host).toBe(prod.provider!.kubernetes[0].host);
  });

  it('outputs ELB address, database endpoint, cluster and buckets; secrets only as sensitive', () => {
    const outputs = tf('prod-edp').output!;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['elb_public_ip', 'database_host', 'database_port', 'cluster_id', 'cluster_endpoint', 'buckets']));
    const sensitive = Object.entries(outputs).filter(([, o]) => o.sensitive === true).map(([name]) => name).sort();
    expect(sensitive).toEqual(['database_password', 'object_storage_access_key', 'object_storage_secret_key']);
  });

  it('applies the tier defaults: HA control plane and database in production, single ones elsewhere', () => {
    const prod = Object.values(tf('prod-edp').resource!.opentelekomcloud_cce_cluster_v3)[0];
    const nonprodCluster = Object.values(tf('nonprod-test-me').resource!.opentelekomcloud_cce_cluster_v3)[0];
    expect([prod.flavor_id, (prod.masters as unknown[]).length]).toEqual(['cce.s2.medium', 3]);
    expect([nonprodCluster.flavor_id, (nonprodCluster.masters as unknown[]).length]).toEqual(['cce.s1.medium', 1]);
    const vault = (id: string) => Object.values(tf(id).resource!.opentelekomcloud_cbr_policy_v3)[0].operation_definition as Record<string, number>;
    expect([vault('prod-edp').retention_duration_days, vault('nonprod-test-me').retention_duration_days]).toEqual([30, 7]);
    const rds = (id: string) => Object.values(tf(id).resource!.opentelekomcloud_rds_instance_v3)[0];
    expect([rds('prod-edp').flavor, rds('prod-edp').volume]).toEqual(['rds.pg.n1.large.2.ha', expect.objectContaining({ size: 200 })]);
    expect(rds('nonprod-test-me').flavor).toBe('rds.pg.n1.large.2');
  });

  it('protects every stateful resource in production', () => {
    const prod = tf('prod-edp');
    for (const type of PROTECTED_RESOURCE_TYPES) {
      for (const body of Object.values(prod.resource![type])) expect([type, (body.lifecycle as Record<string, unknown>).prevent_destroy]).toEqual([type, true]);
    }
  });
});

describe('config -> infra props', () => {
  const synth = (env: string) => synthJson(load(nonprod(env))[0]);

  it('drops prevent_destroy for protection: false', () => {
    const json = JSON.stringify(synth('protection: false\n'));
    expect(json).not.toContain('prevent_destroy');
  });

  it('opens the API endpoint to exactly publicApiCidrs', () => {
    const tfJson = synth('cluster:\n  publicApiCidrs: [192.0.2.0/24]\n');
    expect(Object.values(tfJson.resource!.opentelekomcloud_cce_cluster_v3)[0].api_access_trustlist).toEqual(['192.0.2.0/24']);
  });

  it('uses an explicit domain for the DNS records, the environment name for the buckets', () => {
    const tfJson = synth('domain: other.t09.de\n');
    expect(Object.values(tfJson.resource!.opentelekomcloud_dns_recordset_v2).map((r) => r.name)).toEqual(['other.t09.de.', '*.other.t09.de.']);
    expect(Object.values(tfJson.resource!.opentelekomcloud_obs_bucket).map((b) => b.bucket)).toContain('t09-de-x-lfs');
  });

  it('puts node pools without a zone into the first zone of the environment', () => {
    const tfJson = synth('availabilityZones: [eu-de-02, eu-de-03]\n');
    expect(Object.values(tfJson.resource!.opentelekomcloud_cce_node_pool_v3)[0].availability_zone).toBe('eu-de-02');
  });
});

describe('infra and platform wired together', () => {
  const tf = JSON.parse(shippedStacks().get('prod-edp')!) as TfJson;
  const storageClass = applications(tf)
    .flatMap(companions)
    .find((o) => o.kind === 'StorageClass' && o.metadata.name === 'csi-disk') as unknown as { parameters: Record<string, string> };
  const vault = Object.values(tf.resource?.opentelekomcloud_cbr_vault_v3 ?? {})[0] as { bind_rules: { key: string; value: string }[] };

  it('encrypts every persistent volume with the environment key', () => {
    expect(storageClass.parameters['everest.io/crypt-key-id']).toMatch(/^\$\{opentelekomcloud_kms_key_v1\.[A-Za-z0-9_]+\.id\}$/);
  });

  it('tags every persistent volume so that the CBR vault backs it up', () => {
    const tags = JSON.parse(storageClass.parameters['everest.io/disk-volume-tags']) as Record<string, string>;
    expect(vault.bind_rules).toEqual([{ key: 'edp-backup', value: 'prod-edp' }]);
    expect(Object.entries(tags).map(([key, value]) => ({ key, value }))).toEqual(vault.bind_rules);
  });
});

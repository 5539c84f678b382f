/**
 * The names the loader keeps unique across the tree (lib/config/unique.ts) are the names OTC gets:
 * for every shipped OTC environment, `uniqueNamesOf` lists exactly the bucket, cluster, database,
 * IAM user, key alias and key pair names of its synthesized stack.
 */
import { uniqueNamesOf } from '../../lib/config/naming';
import { shippedEnvironments, shippedStacks, TfJson } from '../support/synth';

/** Resource type -> the attribute holding the name OTC must keep unique. */
const NAMED: Record<string, string> = {
  opentelekomcloud_obs_bucket: 'bucket',
  opentelekomcloud_cce_cluster_v3: 'name',
  opentelekomcloud_rds_instance_v3: 'name',
  opentelekomcloud_identity_user_v3: 'name',
  opentelekomcloud_kms_key_v1: 'key_alias',
  opentelekomcloud_compute_keypair_v2: 'name',
};

it('lists exactly the unique physical names of each synthesized OTC stack', () => {
  const otc = shippedEnvironments().filter((e) => e.kind === 'otc');
  expect(otc.length).toBeGreaterThan(0);
  for (const env of otc) {
    const tf = JSON.parse(shippedStacks().get(env.stackId)!) as TfJson;
    const synthesized = Object.entries(NAMED).flatMap(([type, attribute]) => Object.values(tf.resource?.[type] ?? {}).map((r) => r[attribute] as string));
    const listed = uniqueNamesOf(env.stackId, env.tenant.domain, env.name).map((n) => n.name);
    expect([env.stackId, [...listed].sort()]).toEqual([env.stackId, [...synthesized].sort()]);
  }
});

import { PROTECTED_RESOURCE_TYPES } from '../../lib/infra';
import { TfJson } from '../support/synth';
import { synthInfra } from './support';

function lifecycles(tf: TfJson): Record<string, { prevent_destroy?: boolean } | undefined> {
  const all: Record<string, { prevent_destroy?: boolean } | undefined> = {};
  for (const [type, blocks] of Object.entries(tf.resource ?? {})) {
    for (const [name, body] of Object.entries(blocks)) all[`${type}.${name}`] = body.lifecycle as { prevent_destroy?: boolean } | undefined;
  }
  return all;
}

describe('protection', () => {
  it('names the stateful resource types once, for the policy pack and the plan guard', () => {
    expect(PROTECTED_RESOURCE_TYPES).toEqual([
      'opentelekomcloud_cce_cluster_v3',
      'opentelekomcloud_rds_instance_v3',
      'opentelekomcloud_obs_bucket',
      'opentelekomcloud_kms_key_v1',
      'opentelekomcloud_cbr_vault_v3',
    ]);
  });

  it('sets prevent_destroy on every resource of those types, and only on them, when protected', () => {
    const { tf } = synthInfra({ protect: true });
    const protectedOnes = Object.entries(lifecycles(tf))
      .filter(([, l]) => l?.prevent_destroy === true)
      .map(([address]) => address.split('.')[0]);
    expect(new Set(protectedOnes)).toEqual(new Set(PROTECTED_RESOURCE_TYPES));
    expect(protectedOnes).toHaveLength(1 + 1 + 4 + 1 + 1);
  });

  it('sets no prevent_destroy with protection: false, and keeps the ignore_changes', () => {
    const { tf } = synthInfra({ protect: false });
    for (const lifecycle of Object.values(lifecycles(tf))) expect(lifecycle?.prevent_destroy).toBeUndefined();
    expect(Object.values(tf.resource!.opentelekomcloud_cce_cluster_v3)[0].lifecycle).toEqual({ ignore_changes: ['cluster_version'] });
    expect(Object.values(tf.resource!.opentelekomcloud_kms_key_v1)[0].pending_days).toBe('7');
  });
});

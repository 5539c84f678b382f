import { only, ref, resources, synthInfra } from './support';

describe('Backup', () => {
  const { tf, infra } = synthInfra();

  it('backs up the tagged cluster disks daily and keeps each backup the configured days', () => {
    expect(only(tf, 'opentelekomcloud_cbr_policy_v3')).toMatchObject({
      operation_type: 'backup',
      enabled: true,
      trigger_pattern: ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=02;BYMINUTE=00'],
      operation_definition: { retention_duration_days: 7, timezone: 'UTC+00:00' },
    });
    expect(only(tf, 'opentelekomcloud_cbr_vault_v3')).toMatchObject({
      name: 'nonprod-x-disks',
      billing: { object_type: 'disk', protect_type: 'backup', charging_mode: 'post_paid' },
      backup_policy_id: ref(tf, 'opentelekomcloud_cbr_policy_v3', 'id'),
      auto_bind: true,
      auto_expand: true,
      bind_rules: [{ key: 'edp-backup', value: 'nonprod-x' }],
    });
    expect(infra.backup.diskTag).toEqual({ key: 'edp-backup', value: 'nonprod-x' });
  });
});

describe('Encryption', () => {
  const { tf, infra } = synthInfra();

  it('creates one rotating key per environment and every consumer uses it', () => {
    expect(only(tf, 'opentelekomcloud_kms_key_v1')).toMatchObject({ key_alias: 'nonprod-x-key', is_enabled: true, rotation_enabled: true });
    const key = ref(tf, 'opentelekomcloud_kms_key_v1', 'id');
    expect(only(tf, 'opentelekomcloud_rds_instance_v3').volume.disk_encryption_id).toBe(key);
    for (const bucket of resources(tf, 'opentelekomcloud_obs_bucket')) expect(bucket.server_side_encryption.kms_key_id).toBe(key);
    expect(only(tf, 'opentelekomcloud_cce_node_pool_v3').root_volume.kms_id).toBe(key);
    expect(infra.services.encryption.kmsKeyId).toBe(infra.encryption.kmsKeyId);
  });
});

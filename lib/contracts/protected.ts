/**
 * Resource types that hold state a deploy must never lose by accident: the CCE cluster (every
 * workload and PVC binding), the RDS database, the OBS buckets (Git LFS, artifacts, packages,
 * backups), the KMS key (without it the encrypted disks and buckets are unreadable) and the CBR
 * vault (the backups themselves). EDP-STATE-1 requires `prevent_destroy` on them, and the plan
 * guard refuses plans that delete or replace them. The infra layer sets `prevent_destroy` on
 * exactly these types (lib/infra/protection.ts) when the environment is protected.
 */
export const PROTECTED_RESOURCE_TYPES: readonly string[] = [
  'opentelekomcloud_cce_cluster_v3',
  'opentelekomcloud_rds_instance_v3',
  'opentelekomcloud_obs_bucket',
  'opentelekomcloud_kms_key_v1',
  'opentelekomcloud_cbr_vault_v3',
];

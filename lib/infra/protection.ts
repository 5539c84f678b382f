/**
 * Stateful resources of the infra layer: replacing or destroying one of them loses data (the
 * cluster and its workloads, the database, the buckets' objects, the key that decrypts all of
 * them, the backups). The policy pack and the plan guard (lib/policy) read the same list.
 */
import { TerraformResourceLifecycle } from 'cdktf';

/** Terraform resource types that get `prevent_destroy` when the environment is protected. */
export const PROTECTED_RESOURCE_TYPES = [
  'opentelekomcloud_cce_cluster_v3',
  'opentelekomcloud_rds_instance_v3',
  'opentelekomcloud_obs_bucket',
  'opentelekomcloud_kms_key_v1',
  'opentelekomcloud_cbr_vault_v3',
] as const;

export type ProtectedResourceType = (typeof PROTECTED_RESOURCE_TYPES)[number];

/**
 * The lifecycle block of a stateful resource: `prevent_destroy` when protected (Terraform then
 * refuses any plan that destroys or replaces it) plus the attributes to ignore after creation.
 */
export function statefulLifecycle(protect: boolean, ignoreChanges?: readonly string[]): TerraformResourceLifecycle | undefined {
  if (!protect && !ignoreChanges?.length) return undefined;
  return {
    ...(protect ? { preventDestroy: true } : {}),
    ...(ignoreChanges?.length ? { ignoreChanges: [...ignoreChanges] } : {}),
  };
}

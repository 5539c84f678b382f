/**
 * Stateful resources of the infra layer: replacing or destroying one of them loses data (the
 * cluster and its workloads, the database, the buckets' objects, the key that decrypts all of
 * them, the backups). Which types those are is defined once, in lib/contracts/protected.ts, where
 * the policy pack (EDP-STATE-1) and the plan guard read it too.
 */
import { TerraformResourceLifecycle } from 'cdktf';

export { PROTECTED_RESOURCE_TYPES } from '../contracts/protected';

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

/**
 * Whether the destroy workflow may destroy an environment, decided from the config before
 * Terraform touches anything. Protected environments carry `prevent_destroy` on their cluster,
 * database, buckets, KMS key and backup vault; Terraform would stop the destroy plan with
 * "Instance cannot be destroyed" only after the run started. This says why, and what to do.
 */
import type { EnvironmentConfig } from '../config/model';
import { OpsError } from './cli';

const PROTECTED = 'CCE cluster, database, OBS buckets, KMS key and backup vault';

/** The message to print when destroying is allowed; an OpsError (exit 1) explaining why not otherwise. */
export function checkDestroyable(envs: readonly EnvironmentConfig[], tenant: string, name: string): string {
  const env = envs.find((e) => e.tenantName === tenant && e.name === name);
  const file = `environments/${tenant}/${name}.yaml`;
  if (!env) {
    throw new OpsError(`there is no environment ${tenant}/${name} (${file}). Destroy works from the environment file; if it was removed while resources still exist, restore it from git history first. Nothing was changed.`);
  }
  if (env.kind === 'local') {
    throw new OpsError(`${env.stackId} is on the local tier, with its state on the machine that deployed it: run "npx cdktf destroy ${env.stackId}" there. Nothing was changed.`);
  }
  if (env.tenant.tier === 'production') {
    throw new OpsError(
      `${env.stackId} is a production environment and stays protected: "protection: false" is refused in a production tenant, so prevent_destroy keeps Terraform from destroying its ${PROTECTED}. This workflow does not destroy production environments; nothing was changed.`,
    );
  }
  if (env.managedEnvironments?.length) {
    throw new OpsError(
      `${env.stackId} deploys ${env.managedEnvironments.join(', ')} (their manager:), whose clusters trust its egress address, which carries prevent_destroy. Give them another manager first (their clusters' API trust lists cannot follow, see README "API trust list"), then run this workflow again. Nothing was changed.`,
    );
  }
  if (env.settings.protection) {
    throw new OpsError(
      `${env.stackId} is protected: ${file} has protection on (the default), which puts prevent_destroy on its ${PROTECTED}, so Terraform refuses to destroy them. To destroy it, merge a pull request that sets "protection: false" in ${file}, then run this workflow again. Nothing was changed.`,
    );
  }
  return `${env.stackId} has protection off (${file}): it may be destroyed. The environment file stays; the deploy workflow creates the environment again from it.`;
}

import { DataTerraformRemoteStateS3, LocalBackend, S3Backend } from 'cdktf';
import { Construct } from 'constructs';
import type { StateRef } from '../config/model';

export type StateBackendProps =
  | ({ readonly kind: 'obs' } & StateRef)
  | { readonly kind: 'local'; readonly path: string };

/**
 * Terraform state. OTC tenants keep it in an OBS bucket through the S3 backend (credentials from
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, set to the OBS access key). OBS has no state locking:
 * deploy workflows must serialize per environment. The local tier keeps a relative state file, so
 * the synthesized JSON does not depend on the machine that made it.
 */
export function configureBackend(scope: Construct, props: StateBackendProps): void {
  if (props.kind === 'local') {
    new LocalBackend(scope, { path: props.path });
    return;
  }
  const backend = new S3Backend(scope, {
    bucket: props.bucket,
    key: props.key,
    region: props.region,
    encrypt: true,
    endpoints: { s3: `https://obs.${props.region}.otc.t-systems.com` },
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
  });
  // Not in cdktf's typed config yet; OBS rejects the AWS SDK's default checksums.
  backend.addOverride('skip_s3_checksum', true);
}

/**
 * Another OTC environment's state, read with the same OBS settings as the backend. `defaults`
 * stand in for outputs that a missing or older state does not have.
 */
export function remoteState(
  scope: Construct,
  id: string,
  ref: StateRef,
  defaults?: Record<string, unknown>,
): DataTerraformRemoteStateS3 {
  const state = new DataTerraformRemoteStateS3(scope, id, {
    bucket: ref.bucket,
    key: ref.key,
    region: ref.region,
    endpoints: { s3: `https://obs.${ref.region}.otc.t-systems.com` },
    skipCredentialsValidation: true,
    skipRegionValidation: true,
    skipRequestingAccountId: true,
    skipMetadataApiCheck: true,
    skipS3Checksum: true,
    ...(defaults ? { defaults } : {}),
  });
  return state;
}

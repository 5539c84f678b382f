import { LocalBackend, S3Backend } from 'cdktf';
import { Construct } from 'constructs';

export type StateBackendProps =
  | { readonly kind: 'obs'; readonly bucket: string; readonly key: string; readonly region: string }
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

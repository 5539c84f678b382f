/**
 * Private OBS buckets for Forgejo (LFS, artifacts, packages) and for backups: versioned, encrypted
 * with the environment's KMS key (SSE-KMS), noncurrent versions kept as long as backups are.
 * One IAM user with an access key gets, through each bucket's policy, object read/write on exactly
 * these buckets and nothing else: the user has no IAM permissions of its own. The platform layer
 * turns the key into a Kubernetes secret.
 */
import { Construct } from 'constructs';
import { IdentityCredentialV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-credential-v3';
import { IdentityUserV3 } from '@cdktf/provider-opentelekomcloud/lib/identity-user-v3';
import { ObsBucket } from '@cdktf/provider-opentelekomcloud/lib/obs-bucket';
import { ObsBucketPolicy } from '@cdktf/provider-opentelekomcloud/lib/obs-bucket-policy';
import { BUCKET_PURPOSES, BucketPurpose, UNIQUE_NAMES, bucketName } from '../config/naming';
import { statefulLifecycle } from './protection';

/** What the application needs on a bucket (OBS bucket-policy action names). */
const BUCKET_ACTIONS = ['ListBucket', 'ListBucketMultipartUploads', 'GetBucketLocation'];
const OBJECT_ACTIONS = ['GetObject', 'PutObject', 'DeleteObject', 'AbortMultipartUpload', 'ListMultipartUploadParts'];

export interface ObjectStorageProps {
  /** Prefix of the IAM user's name (`<tenant>-<env>`). */
  readonly namePrefix: string;
  /** Prefix of the bucket names, which OBS requires to be globally unique. */
  readonly bucketPrefix: string;
  readonly region: string;
  readonly kmsKeyId: string;
  /** Days an overwritten or deleted object version stays recoverable. */
  readonly noncurrentVersionDays: number;
  readonly protect: boolean;
}

export class ObjectStorage extends Construct {
  /** S3-compatible endpoint host. */
  readonly endpoint: string;
  readonly region: string;
  readonly buckets: Readonly<Record<BucketPurpose, string>>;
  readonly accessKey: string;
  /** Sensitive: a reference, never a value. */
  readonly secretKey: string;

  constructor(scope: Construct, id: string, props: ObjectStorageProps) {
    super(scope, id);
    const user = new IdentityUserV3(this, 'User', {
      name: UNIQUE_NAMES.storageUser(props.namePrefix),
      description: `EDP ${props.namePrefix}: object storage of the platform, limited by bucket policies`,
      accessType: 'programmatic',
      enabled: true,
    });
    const credential = new IdentityCredentialV3(this, 'AccessKey', { userId: user.id, description: 'platform object storage' });
    const principal = { ID: [`domain/${user.domainId}:user/${user.id}`] };

    const buckets = {} as Record<BucketPurpose, string>;
    for (const purpose of BUCKET_PURPOSES) {
      const id = purpose.charAt(0).toUpperCase() + purpose.slice(1);
      const bucket = new ObsBucket(this, `${id}Bucket`, {
        bucket: bucketName(props.bucketPrefix, purpose),
        acl: 'private',
        versioning: true,
        serverSideEncryption: { algorithm: 'kms', kmsKeyId: props.kmsKeyId },
        lifecycleRule: [{ name: 'noncurrent-versions', enabled: true, noncurrentVersionExpiration: [{ days: props.noncurrentVersionDays }] }],
        lifecycle: statefulLifecycle(props.protect),
      });
      const policy = new ObsBucketPolicy(this, `${id}Policy`, {
        bucket: bucket.bucket,
        // Literal JSON (references stay Terraform interpolations inside its strings), so that the
        // policy pack can read who is allowed what (EDP-OBS-1).
        policy: JSON.stringify({
          Statement: [
            { Sid: 'PlatformBucket', Effect: 'Allow', Principal: principal, Action: BUCKET_ACTIONS, Resource: [bucket.bucket] },
            { Sid: 'PlatformObjects', Effect: 'Allow', Principal: principal, Action: OBJECT_ACTIONS, Resource: [`${bucket.bucket}/*`] },
          ],
        }),
      });
      // The name is read from the bucket's policy (the same value): whoever uses the bucket through
      // this user references the policy, and so waits until the policy grants the access.
      buckets[purpose] = policy.bucket;
    }

    this.endpoint = `obs.${props.region}.otc.t-systems.com`;
    this.region = props.region;
    this.buckets = buckets;
    this.accessKey = credential.access;
    this.secretKey = credential.secret;
  }
}

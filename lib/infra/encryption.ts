/**
 * One KMS key per environment. It encrypts the CCE master and node disks, the RDS disk, the OBS
 * buckets (SSE-KMS) and, through the platform layer's `csi-disk` StorageClass, every persistent
 * volume. The key is created in the tenant's project, which the config requires to be the region's
 * base project: OBS accepts only base-project keys.
 */
import { Construct } from 'constructs';
import { KmsKeyV1 } from '@cdktf/provider-opentelekomcloud/lib/kms-key-v1';
import { UNIQUE_NAMES } from '../config/naming';
import { statefulLifecycle } from './protection';

export interface EncryptionProps {
  readonly namePrefix: string;
  /** prevent_destroy: losing the key makes every encrypted disk, bucket and backup unreadable. */
  readonly protect: boolean;
}

export class Encryption extends Construct {
  /** KMS key id (what RDS, OBS, EVS and the csi-disk StorageClass take). */
  readonly kmsKeyId: string;

  constructor(scope: Construct, id: string, props: EncryptionProps) {
    super(scope, id);
    const key = new KmsKeyV1(this, 'Key', {
      keyAlias: UNIQUE_NAMES.keyAlias(props.namePrefix),
      keyDescription: `EDP ${props.namePrefix}: disks, database, buckets and volumes`,
      isEnabled: true,
      rotationEnabled: true,
      // A deleted key stays recoverable this many days; the longest OTC allows for protected ones.
      pendingDays: props.protect ? '1096' : '7',
      lifecycle: statefulLifecycle(props.protect),
    });
    this.kmsKeyId = key.id;
  }
}

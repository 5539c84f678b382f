/**
 * Cloud Backup and Recovery for the cluster's disks: a disk vault with a daily policy that keeps
 * each backup for the environment's retention. The vault binds disks automatically by tag: every
 * EVS disk tagged `edp-backup=<tenant>-<env>` (the platform layer's csi-disk volumes carry it) is
 * backed up. The database has its own RDS backups (Database), the buckets their versions.
 */
import { Construct } from 'constructs';
import { CbrPolicyV3 } from '@cdktf/provider-opentelekomcloud/lib/cbr-policy-v3';
import { CbrVaultV3 } from '@cdktf/provider-opentelekomcloud/lib/cbr-vault-v3';
import { physicalName } from '../config/naming';
import { BACKUP_TAG_KEY } from '../contracts/backup';
import { statefulLifecycle } from './protection';

/** Initial vault capacity; pay-per-use vaults grow on their own (auto_expand). */
const INITIAL_VAULT_GB = 100;
/** Every day at 02:00 UTC (CBR accepts only WEEKLY or DAILY rules; this is its documented form). */
const DAILY_AT_TWO = 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;BYHOUR=02;BYMINUTE=00';

export interface BackupProps {
  readonly namePrefix: string;
  /** Days each daily backup is kept. */
  readonly retentionDays: number;
  readonly protect: boolean;
}

export class Backup extends Construct {
  readonly vaultId: string;
  /** The tag a disk needs to be backed up by this vault. */
  readonly diskTag: { readonly key: string; readonly value: string };

  constructor(scope: Construct, id: string, props: BackupProps) {
    super(scope, id);
    const diskTag = { key: BACKUP_TAG_KEY, value: props.namePrefix };
    const policy = new CbrPolicyV3(this, 'DailyPolicy', {
      name: physicalName(props.namePrefix, 'daily'),
      operationType: 'backup',
      enabled: true,
      triggerPattern: [DAILY_AT_TWO],
      operationDefinition: { timezone: 'UTC+00:00', retentionDurationDays: props.retentionDays },
    });
    const vault = new CbrVaultV3(this, 'Vault', {
      name: physicalName(props.namePrefix, 'disks'),
      description: `EDP ${props.namePrefix}: daily backups of the cluster's persistent volumes`,
      billing: { objectType: 'disk', protectType: 'backup', size: INITIAL_VAULT_GB, chargingMode: 'post_paid' },
      autoExpand: true,
      backupPolicyId: policy.id,
      autoBind: true,
      bindRules: [diskTag],
      lifecycle: statefulLifecycle(props.protect),
    });
    this.vaultId = vault.id;
    this.diskTag = diskTag;
  }
}

/**
 * RDS PostgreSQL for Forgejo: private only (no public IP, reachable from the node subnet through
 * its security group), disk encrypted with the environment's key, daily backups, optional
 * primary/standby across two zones. OTC RDS for PostgreSQL serves TLS on every instance; clients
 * choose to require it (the provider's `ssl_enable` switch exists for MySQL only).
 *
 * The admin password comes from `random_password`. The provider marks the whole `db` block
 * (engine, version, password) and the zones ForceNew: a new password would replace the database.
 * Both are ignored after creation; rotate the password in RDS, then update the Kubernetes secret.
 */
import { Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { RdsInstanceV3 } from '@cdktf/provider-opentelekomcloud/lib/rds-instance-v3';
import { Password } from '@cdktf/provider-random/lib/password';
import { UNIQUE_NAMES } from '../config/naming';
import { statefulLifecycle } from './protection';

export const POSTGRES_PORT = 5432;
/** Cloud SSD: the RDS volume type OTC offers for PostgreSQL single and primary/standby instances. */
const VOLUME_TYPE = 'CLOUDSSD';

export interface DatabaseProps {
  readonly namePrefix: string;
  /** INITIAL: PostgreSQL major version. */
  readonly version: string;
  /** RDS flavour, with `.ha` when highly available. */
  readonly flavor: string;
  /** INITIAL: one zone, or two (primary, standby) when highly available. */
  readonly availabilityZones: readonly string[];
  readonly vpcId: string;
  /** Network id of the node subnet. */
  readonly subnetNetworkId: string;
  readonly securityGroupId: string;
  readonly volumeGb: number;
  /** UTC, one hour: `HH:MM-HH:MM`. */
  readonly backupWindow: string;
  readonly backupRetentionDays: number;
  readonly kmsKeyId: string;
  readonly protect: boolean;
}

export class Database extends Construct {
  readonly id: string;
  /** Private address of the instance (the primary, or the floating address of a primary/standby pair). */
  readonly host: string;
  readonly port: string;
  readonly username: string;
  /** Sensitive: a reference to random_password, never a value. */
  readonly password: string;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    // RDS accepts 8-32 characters with upper, lower, digit and one of ~!@#%^*-_=+?; "-" and "_"
    // keep the password safe inside connection URLs.
    const password = new Password(this, 'AdminPassword', {
      length: 32,
      special: true,
      overrideSpecial: '-_',
      minUpper: 2,
      minLower: 2,
      minNumeric: 2,
      minSpecial: 2,
    });
    const highlyAvailable = props.availabilityZones.length > 1;
    const instance = new RdsInstanceV3(this, 'Instance', {
      name: UNIQUE_NAMES.database(props.namePrefix),
      availabilityZone: [...props.availabilityZones],
      db: { type: 'PostgreSQL', version: props.version, port: POSTGRES_PORT, password: password.result },
      flavor: props.flavor,
      ...(highlyAvailable ? { haReplicationMode: 'async' } : {}),
      vpcId: props.vpcId,
      subnetId: props.subnetNetworkId,
      securityGroupId: props.securityGroupId,
      volume: { type: VOLUME_TYPE, size: props.volumeGb, diskEncryptionId: props.kmsKeyId },
      backupStrategy: { startTime: props.backupWindow, keepDays: props.backupRetentionDays },
      lifecycle: statefulLifecycle(props.protect, ['db', 'availability_zone']),
    });
    this.id = instance.id;
    this.host = Fn.element(instance.privateIps, 0);
    this.port = Token.asString(instance.db.port);
    this.username = instance.db.userName;
    this.password = password.result;
  }
}

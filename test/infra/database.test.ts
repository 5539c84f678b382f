import { only, ref, synthInfra } from './support';

const RDS = 'opentelekomcloud_rds_instance_v3';

describe('Database', () => {
  describe('single instance', () => {
    const { tf, infra } = synthInfra();
    const rds = only(tf, RDS);

    it('is PostgreSQL in the node subnet with no public IP', () => {
      expect(rds).toMatchObject({
        name: 'nonprod-x-forgejo',
        flavor: 'rds.pg.n1.large.2',
        availability_zone: ['eu-de-01'],
        db: { type: 'PostgreSQL', version: '16', port: 5432 },
        vpc_id: ref(tf, 'opentelekomcloud_vpc_v1', 'id'),
        subnet_id: ref(tf, 'opentelekomcloud_vpc_subnet_v1', 'id'),
      });
      expect(rds.public_ips).toBeUndefined();
      expect(tf.resource?.opentelekomcloud_rds_public_ip_associate_v3).toBeUndefined();
      expect(rds.ha_replication_mode).toBeUndefined();
    });

    it('encrypts its disk with the environment key and backs up daily in the configured window', () => {
      expect(rds.volume).toEqual({ type: 'CLOUDSSD', size: 100, disk_encryption_id: ref(tf, 'opentelekomcloud_kms_key_v1', 'id') });
      expect(rds.backup_strategy).toEqual({ start_time: '01:00-02:00', keep_days: 3 });
    });

    it('takes its password from random_password, with only URL-safe special characters', () => {
      expect(rds.db.password).toBe(ref(tf, 'random_password', 'result'));
      expect(only(tf, 'random_password')).toMatchObject({ length: 32, special: true, override_special: '-_' });
    });

    it('ignores the db block and the zones after creation (a new password or zone would replace it)', () => {
      expect(rds.lifecycle.ignore_changes).toEqual(['db', 'availability_zone']);
    });

    it('hands host, port, user and password to the platform by reference', () => {
      expect(infra.services.database).toEqual({ host: infra.database.host, port: infra.database.port, username: infra.database.username, password: infra.database.password });
      const outputs = tf.output!;
      expect(outputs.database_host.value).toBe(`\${element(${ref(tf, RDS, 'private_ips').slice(2, -1)}, 0)}`);
      expect(outputs.database_port.value).toBe(ref(tf, RDS, 'db[0].port'));
      expect(outputs.database_username.value).toBe(ref(tf, RDS, 'db[0].user_name'));
      expect(outputs.database_password).toMatchObject({ value: ref(tf, 'random_password', 'result'), sensitive: true });
    });
  });

  describe('highly available', () => {
    const { tf } = synthInfra({ database: { highAvailability: true, flavor: 'rds.pg.n1.large.2.ha', backupRetentionDays: 7 } });

    it('runs primary and standby in two zones with async replication', () => {
      expect(only(tf, RDS)).toMatchObject({ flavor: 'rds.pg.n1.large.2.ha', availability_zone: ['eu-de-01', 'eu-de-02'], ha_replication_mode: 'async', backup_strategy: { keep_days: 7 } });
    });
  });
});

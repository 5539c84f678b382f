import { PolicyRule, undecided } from '../rule';
import { block, isExpression, show } from '../values';

/** Days of automated backups production keeps at least (matches the production default). */
export const PRODUCTION_MIN_BACKUP_DAYS = 7;

export const rdsBackups: PolicyRule = {
  id: 'EDP-RDS-2',
  reason: `automated database backups must be on, kept at least ${PRODUCTION_MIN_BACKUP_DAYS} days in production`,
  hint: 'set backup_strategy { start_time, keep_days } (database.backupRetentionDays in the environment file)',
  resourceTypes: ['opentelekomcloud_rds_instance_v3'],
  check(subject, context) {
    if (subject.kind !== 'resource') return [];
    const strategy = block(subject.attributes, 'backup_strategy');
    if (!strategy) return ['backup_strategy is not set: automated backups are off'];
    const days = strategy.keep_days;
    if (isExpression(days)) return [undecided(`backup_strategy.keep_days is an expression (${show(days)}), known only at apply; expected a number of days`)];
    if (typeof days !== 'number' || days < 1) return [`backup_strategy.keep_days is ${show(days)}: automated backups are off`];
    if (context.tier === 'production' && days < PRODUCTION_MIN_BACKUP_DAYS) {
      return [`backup_strategy.keep_days is ${days}, production keeps at least ${PRODUCTION_MIN_BACKUP_DAYS}`];
    }
    return [];
  },
};

import { PolicyRule } from '../rule';
import { block, requireTrue, show } from '../values';

/**
 * TLS to the database. OTC's SSL switch (`ssl_enable`, the RDS "configure SSL" API) exists for RDS
 * for MySQL only; RDS for PostgreSQL serves TLS on every instance, so there the rule only refuses
 * switching it off, and clients must require it (Forgejo connects with SSL_MODE=require).
 */
export const rdsSsl: PolicyRule = {
  id: 'EDP-RDS-3',
  reason: 'the database must accept TLS connections so that credentials and data never cross the network in clear',
  hint: 'MySQL: set ssl_enable = true; PostgreSQL: leave ssl_enable unset (TLS is always on) and connect with sslmode=require',
  resourceTypes: ['opentelekomcloud_rds_instance_v3'],
  check(subject) {
    if (subject.kind !== 'resource') return [];
    const a = subject.attributes;
    if (block(a, 'db')?.type === 'PostgreSQL') {
      return a.ssl_enable === undefined || a.ssl_enable === true ? [] : [`ssl_enable is ${show(a.ssl_enable)} on PostgreSQL, expected it unset (TLS is always on)`];
    }
    return requireTrue(a, 'ssl_enable');
  },
};

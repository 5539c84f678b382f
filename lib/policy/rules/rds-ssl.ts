import { PolicyRule } from '../rule';
import { requireTrue } from '../values';

export const rdsSsl: PolicyRule = {
  id: 'EDP-RDS-3',
  reason: 'the database must accept TLS connections so that credentials and data never cross the network in clear',
  hint: 'set ssl_enable = true on the RDS instance (clients connect with sslmode=require)',
  resourceTypes: ['opentelekomcloud_rds_instance_v3'],
  check(subject) {
    return subject.kind === 'resource' ? requireTrue(subject.attributes, 'ssl_enable') : [];
  },
};

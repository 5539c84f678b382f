import { PolicyRule } from '../rule';
import { isSet, show } from '../values';

export const rdsPublicIp: PolicyRule = {
  id: 'EDP-RDS-1',
  reason: 'the database must only be reachable from inside the VPC, never through a public IP',
  hint: 'remove public_ips and any rds_public_ip_associate_v3; workloads reach the database over the subnet',
  resourceTypes: ['opentelekomcloud_rds_instance_v3', 'opentelekomcloud_rds_public_ip_associate_v3'],
  check(subject) {
    if (subject.kind !== 'resource') return [];
    if (subject.type === 'opentelekomcloud_rds_public_ip_associate_v3') {
      return [`binds public IP ${show(subject.attributes.public_ip)} to instance ${show(subject.attributes.instance_id)}`];
    }
    return isSet(subject.attributes.public_ips) ? [`public_ips is ${show(subject.attributes.public_ips)}`] : [];
  },
};

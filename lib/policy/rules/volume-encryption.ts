import { PolicyResult, PolicyRule, PolicySubject } from '../rule';
import { block, blocks, isSet, requireTrue } from '../values';

function nodeVolumes(attributes: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  const root = block(attributes, 'root_volume');
  if (!root || !isSet(root.kms_id)) problems.push('root_volume.kms_id is not set');
  blocks(attributes, 'data_volumes').forEach((volume, i) => {
    if (!isSet(volume.kms_id)) problems.push(`data_volumes[${i}].kms_id is not set`);
  });
  return problems;
}

function problems(subject: PolicySubject): PolicyResult[] {
  if (subject.kind !== 'resource') return [];
  const a = subject.attributes;
  switch (subject.type) {
    case 'opentelekomcloud_cce_node_pool_v3':
    case 'opentelekomcloud_cce_node_v3':
      return nodeVolumes(a);
    case 'opentelekomcloud_cce_cluster_v3':
      // System and data disks of the master nodes (etcd lives there).
      return requireTrue(a, 'enable_volume_encryption');
    case 'opentelekomcloud_rds_instance_v3':
      return isSet(block(a, 'volume')?.disk_encryption_id) ? [] : ['volume.disk_encryption_id is not set'];
    case 'opentelekomcloud_evs_volume_v3':
      return isSet(a.kms_id) ? [] : ['kms_id is not set'];
    default:
      return [];
  }
}

export const volumeEncryption: PolicyRule = {
  id: 'EDP-ENC-1',
  reason: "disks (CCE masters and nodes, RDS storage, EVS volumes) must be encrypted with the environment's KMS key",
  hint: 'set kms_id on node root and data volumes and EVS volumes, disk_encryption_id on the RDS volume, enable_volume_encryption on the cluster',
  resourceTypes: [
    'opentelekomcloud_cce_cluster_v3',
    'opentelekomcloud_cce_node_pool_v3',
    'opentelekomcloud_cce_node_v3',
    'opentelekomcloud_rds_instance_v3',
    'opentelekomcloud_evs_volume_v3',
  ],
  check: problems,
};

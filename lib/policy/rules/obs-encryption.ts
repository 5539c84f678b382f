import { PolicyRule } from '../rule';
import { block, isSet, show } from '../values';

export const obsEncryption: PolicyRule = {
  id: 'EDP-OBS-2',
  reason: "bucket objects must be encrypted at rest with the environment's KMS key (SSE-KMS)",
  hint: 'set server_side_encryption { algorithm = "kms", kms_key_id = <the KMS key of the region base project> }',
  resourceTypes: ['opentelekomcloud_obs_bucket'],
  check(subject) {
    if (subject.kind !== 'resource') return [];
    const sse = block(subject.attributes, 'server_side_encryption');
    if (!sse) return ['server_side_encryption is not set'];
    const problems: string[] = [];
    if (sse.algorithm !== 'kms') problems.push(`server_side_encryption.algorithm is ${show(sse.algorithm)}, expected "kms"`);
    if (!isSet(sse.kms_key_id)) problems.push('server_side_encryption.kms_key_id is not set');
    return problems;
  },
};

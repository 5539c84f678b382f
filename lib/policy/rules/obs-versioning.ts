import { PolicyRule } from '../rule';
import { requireTrue } from '../values';

export const obsVersioning: PolicyRule = {
  id: 'EDP-OBS-3',
  reason: 'bucket versioning must be on so that an overwrite or delete can be undone',
  hint: 'set versioning = true on the bucket (pair it with a noncurrent_version_expiration lifecycle rule)',
  resourceTypes: ['opentelekomcloud_obs_bucket'],
  check(subject) {
    return subject.kind === 'resource' ? requireTrue(subject.attributes, 'versioning') : [];
  },
};

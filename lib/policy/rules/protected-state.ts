import { PROTECTED_RESOURCE_TYPES } from '../../contracts/protected';
import { PolicyRule } from '../rule';
import { block, show } from '../values';

export const protectedState: PolicyRule = {
  id: 'EDP-STATE-1',
  reason: 'stateful resources (cluster, database, buckets, KMS key, backup vault) must refuse to be destroyed',
  hint: 'set lifecycle.preventDestroy on the resource (the infra layer does so while the environment has protection: true)',
  resourceTypes: PROTECTED_RESOURCE_TYPES,
  check(subject) {
    if (subject.kind !== 'resource') return [];
    const preventDestroy = block(subject.attributes, 'lifecycle')?.prevent_destroy;
    return preventDestroy === true ? [] : [`lifecycle.prevent_destroy is ${show(preventDestroy)}, expected true`];
  },
};

import { PolicyRule, PolicySubject } from '../rule';
import { block, isRecord, isSet, show } from '../values';

/** True when a bucket-policy principal names everyone (`*`, `{ "ID": "*" }`, `{ "AWS": ["*"] }`). */
function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (Array.isArray(principal)) return principal.some(isEveryone);
  return isRecord(principal) && Object.values(principal).some(isEveryone);
}

function policyProblems(policy: unknown): string[] {
  let parsed: unknown;
  try {
    parsed = typeof policy === 'string' ? JSON.parse(policy) : policy;
  } catch {
    return [`policy is not literal JSON (${show(policy)}), so it cannot be checked; build it with JSON.stringify`];
  }
  const statements = isRecord(parsed) ? parsed.Statement : undefined;
  const list: unknown[] = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return list.flatMap((s, i) =>
    isRecord(s) && s.Effect === 'Allow' && isEveryone(s.Principal) ? [`policy Statement[${i}] allows everyone (Principal ${show(s.Principal)})`] : [],
  );
}

function problems(subject: PolicySubject): string[] {
  if (subject.kind !== 'resource') return [];
  const a = subject.attributes;
  switch (subject.type) {
    case 'opentelekomcloud_obs_bucket':
      // No acl means the provider's default, private.
      return a.acl === undefined || a.acl === 'private' ? [] : [`acl is ${show(a.acl)}, expected "private"`];
    case 'opentelekomcloud_obs_bucket_acl': {
      const grant = block(a, 'public_permission');
      return grant && (isSet(grant.access_to_bucket) || isSet(grant.access_to_acl)) ? [`public_permission grants ${show(grant)} to everyone`] : [];
    }
    case 'opentelekomcloud_obs_bucket_policy':
      return policyProblems(a.policy);
    default:
      return [];
  }
}

export const obsPrivate: PolicyRule = {
  id: 'EDP-OBS-1',
  reason: 'buckets hold repositories, artifacts and backups and must never be readable or writable by everyone',
  hint: 'keep acl "private" (the default), grant no public_permission, and name principals explicitly in bucket policies',
  resourceTypes: ['opentelekomcloud_obs_bucket', 'opentelekomcloud_obs_bucket_acl', 'opentelekomcloud_obs_bucket_policy'],
  check: problems,
};

import { PolicyRule, undecided } from '../rule';
import { isExpression, isSet, show } from '../values';

/**
 * A CCE cluster publishes its API when `eip` is set. That is allowed only together with an
 * explicit `api_access_trustlist` of narrower ranges (cluster.publicApiCidrs in the environment).
 */
export const ccePublicApi: PolicyRule = {
  id: 'EDP-CCE-1',
  reason: 'the Kubernetes API must not be public unless an explicit trust list limits who can reach it',
  hint: 'leave eip unset (reach the API from the VPC), or list the allowed ranges in cluster.publicApiCidrs (api_access_trustlist)',
  resourceTypes: ['opentelekomcloud_cce_cluster_v3'],
  check(subject) {
    if (subject.kind !== 'resource' || !isSet(subject.attributes.eip)) return [];
    const trust = subject.attributes.api_access_trustlist;
    const where = `eip is ${show(subject.attributes.eip)} (public API endpoint)`;
    if (isExpression(trust)) return [undecided(`${where} and api_access_trustlist is an expression (${show(trust)}), known only at apply; expected ranges narrower than /0`)];
    if (!Array.isArray(trust) || trust.length === 0) return [`${where} without api_access_trustlist`];
    const open = trust.filter((c) => typeof c === 'string' && /\/0$/.test(c));
    return open.length ? [`${where} and api_access_trustlist allows everyone (${open.join(', ')})`] : [];
  },
};

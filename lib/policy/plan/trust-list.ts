/**
 * The API trust list in a plan. CCE sets a cluster's trust list only when the cluster is created
 * (`api_access_trustlist` is ForceNew), so the cluster ignores later changes of it and the list
 * travels in a `terraform_data` record (lib/infra/api-access.ts). A plan that changes the record
 * means: the manager's egress address or the file's extra ranges changed, and the cluster would
 * keep its old list. The guard names the change as what it is, instead of letting it pass silently
 * or show up as a cluster replacement.
 */
import { TRUST_LIST_PURPOSE, TrustListRecord } from '../../contracts/trust-list';
import { isRecord } from '../../util/values';
import { ResourceChange } from './read-plan';

export { TRUST_LIST_PURPOSE } from '../../contracts/trust-list';


function recordOf(value: unknown): TrustListRecord | undefined {
  const input = isRecord(value) ? value.input : undefined;
  return isRecord(input) && input.purpose === TRUST_LIST_PURPOSE ? (input as unknown as TrustListRecord) : undefined;
}

/** One line per trust-list record whose list the plan changes. */
export function trustListChanges(changes: readonly ResourceChange[]): string[] {
  const lines: string[] = [];
  for (const change of changes) {
    if (change.mode !== 'managed' || change.type !== 'terraform_data') continue;
    const before = recordOf(change.before);
    const after = recordOf(change.after);
    if (!before) continue; // created with the cluster: the first list, nothing to guard
    const deleted = change.actions.includes('delete') && !change.actions.includes('create');
    if (deleted) {
      lines.push(`${change.address}: the API trust list record goes (${before.cidrs.join(', ')}): the cluster keeps that list`);
      continue;
    }
    if (!after) {
      lines.push(`${change.address}: the API trust list changes to a value known only after apply (was ${before.cidrs.join(', ')})`);
      continue;
    }
    const added = after.cidrs.filter((c) => !before.cidrs.includes(c));
    const removed = before.cidrs.filter((c) => !after.cidrs.includes(c));
    if (added.length === 0 && removed.length === 0 && before.manager === after.manager) continue;
    const what: string[] = [];
    if (before.manager !== after.manager) what.push(`the manager changes: ${before.manager ?? 'none'} -> ${after.manager ?? 'none'}`);
    else if (before.managerCidr !== after.managerCidr) what.push(`the egress address of the manager ${after.manager} changed: ${before.managerCidr} -> ${after.managerCidr}`);
    const extraAdded = added.filter((c) => c !== after.managerCidr);
    const extraRemoved = removed.filter((c) => c !== before.managerCidr);
    if (extraAdded.length || extraRemoved.length) what.push(`cluster.publicApiCidrs changes: ${[...extraAdded.map((c) => `+${c}`), ...extraRemoved.map((c) => `-${c}`)].join(', ')}`);
    lines.push(`${change.address}: the API trust list would change (${what.join('; ')}): ${before.cidrs.join(', ')} -> ${after.cidrs.join(', ')}`);
  }
  return lines;
}

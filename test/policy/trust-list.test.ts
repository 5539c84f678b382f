/** The plan guard's reading of the trust-list record: every kind of change named as what it is. */
import { ResourceChange } from '../../lib/policy/plan/read-plan';
import { TRUST_LIST_PURPOSE, trustListChanges } from '../../lib/policy/plan/trust-list';

const A = '80.158.10.21/32';
const B = '80.158.77.3/32';
const record = (manager: string | null, managerCidr: string | null, extra: string[] = []) => ({
  id: 'x',
  input: { purpose: TRUST_LIST_PURPOSE, manager, managerCidr, cidrs: [...(managerCidr ? [managerCidr] : []), ...extra] },
});
const change = (actions: string[], before: unknown, after: unknown, type = 'terraform_data'): ResourceChange => ({
  address: `${type}.Infra_ApiAccess_TrustList_13263E22`,
  type,
  mode: 'managed',
  actions,
  replacePaths: [],
  before,
  after,
});

describe('trust-list changes in a plan', () => {
  it('are none for a first deploy, a no-op, or another terraform_data', () => {
    expect(trustListChanges([change(['create'], null, record('prod-edp', A))])).toEqual([]);
    expect(trustListChanges([change(['no-op'], record('prod-edp', A), record('prod-edp', A))])).toEqual([]);
    expect(trustListChanges([change(['update'], { input: { a: 1 } }, { input: { a: 2 } })])).toEqual([]);
    expect(trustListChanges([change(['update'], record('prod-edp', A), record('prod-edp', B), 'helm_release')])).toEqual([]);
  });

  it('name a changed manager address', () => {
    expect(trustListChanges([change(['update'], record('prod-edp', A), record('prod-edp', B))])).toEqual([
      `terraform_data.Infra_ApiAccess_TrustList_13263E22: the API trust list would change (the egress address of the manager prod-edp changed: ${A} -> ${B}): ${A} -> ${B}`,
    ]);
  });

  it('name another manager, and changed extra ranges', () => {
    expect(trustListChanges([change(['update'], record('prod-edp', A, ['198.51.100.0/24']), record('prod-observability', B, ['203.0.113.9/32']))])).toEqual([
      `terraform_data.Infra_ApiAccess_TrustList_13263E22: the API trust list would change (the manager changes: prod-edp -> prod-observability; cluster.publicApiCidrs changes: +203.0.113.9/32, -198.51.100.0/24): ${A}, 198.51.100.0/24 -> ${B}, 203.0.113.9/32`,
    ]);
  });

  it('name a record that goes, and one known only after apply', () => {
    expect(trustListChanges([change(['delete'], record('prod-edp', A), null)])).toEqual([
      `terraform_data.Infra_ApiAccess_TrustList_13263E22: the API trust list record goes (${A}): the cluster keeps that list`,
    ]);
    expect(trustListChanges([change(['update'], record(null, null, ['198.51.100.0/24']), { id: 'x' })])).toEqual([
      'terraform_data.Infra_ApiAccess_TrustList_13263E22: the API trust list changes to a value known only after apply (was 198.51.100.0/24)',
    ]);
  });
});

/**
 * The API trust-list record: the infra layer writes it as a `terraform_data` input
 * (lib/infra/api-access.ts), the plan guard reads it back from a plan (lib/policy/plan/trust-list.ts).
 */

/** `input.purpose` of the record. */
export const TRUST_LIST_PURPOSE = 'cce-api-trust-list';

/** The record's input, as lib/infra/api-access.ts writes it. */
export interface TrustListRecord {
  readonly purpose: typeof TRUST_LIST_PURPOSE;
  /** Stack id of the manager, or null for an environment deployed by hand. */
  readonly manager: string | null;
  /** The manager's egress address as a /32. */
  readonly managerCidr: string | null;
  readonly cidrs: readonly string[];
}

/**
 * Reads the output of `terraform show -json <planfile>` (Terraform's JSON output format,
 * format_version 1.x) into the resource changes the guard needs. Anything else (not JSON, a
 * state instead of a plan, an errored plan, a malformed change) is a PlanInputError naming what
 * was found and what was expected.
 */

export interface ResourceChange {
  readonly address: string;
  readonly type: string;
  /** `managed` for resources, `data` for data sources. */
  readonly mode: string;
  /** `["no-op"]`, `["create"]`, `["read"]`, `["update"]`, `["delete","create"]`, `["create","delete"]`, `["delete"]`, `["forget"]`, `["create","forget"]`. */
  readonly actions: readonly string[];
  /** Attribute paths that force a replacement (absent when tainted or replaced by request). */
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** Terraform's hint why, e.g. `replace_because_cannot_update`, `delete_because_no_resource_config`. */
  readonly reason?: string;
  /** Set when the change is about a deposed object left by a failed create_before_destroy. */
  readonly deposed?: string;
  /** The object before and after the change, as Terraform shows them (null when absent). */
  readonly before?: unknown;
  readonly after?: unknown;
}

export class PlanInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlanInputError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const EXPECTED = 'expected the output of `terraform show -json <planfile>`';

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}

function readChange(entry: unknown, where: string): ResourceChange {
  if (!isRecord(entry)) throw new PlanInputError(`${where}: expected a resource change object, got ${kindOf(entry)}`);
  for (const key of ['address', 'type'] as const) {
    if (typeof entry[key] !== 'string' || entry[key] === '') throw new PlanInputError(`${where}.${key}: expected a string, got ${kindOf(entry[key])}`);
  }
  const change = entry.change;
  if (!isRecord(change)) throw new PlanInputError(`${where}.change: expected an object, got ${kindOf(change)}`);
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === 'string')) {
    throw new PlanInputError(`${where}.change.actions: expected a list of actions such as ["update"], got ${kindOf(actions)}`);
  }
  const paths = change.replace_paths ?? [];
  if (!Array.isArray(paths) || !paths.every((p) => Array.isArray(p) && p.every((s) => typeof s === 'string' || typeof s === 'number'))) {
    throw new PlanInputError(`${where}.change.replace_paths: expected a list of attribute paths such as [["db", "password"]], got ${kindOf(paths)}`);
  }
  return {
    address: entry.address as string,
    type: entry.type as string,
    mode: typeof entry.mode === 'string' ? entry.mode : 'managed',
    actions,
    replacePaths: paths as (string | number)[][],
    reason: typeof entry.action_reason === 'string' ? entry.action_reason : undefined,
    deposed: typeof entry.deposed === 'string' ? entry.deposed : undefined,
    before: change.before,
    after: change.after,
  };
}

/** Parses and checks a JSON plan; `source` names the input in messages. */
export function readPlan(text: string, source: string): ResourceChange[] {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch (e) {
    // `terraform plan -out` writes a zip archive; handing that over is the most likely mistake.
    if (text.startsWith('PK\u0003\u0004')) throw new PlanInputError(`${source} is a binary plan file, not JSON; ${EXPECTED}`);
    const why = (e as Error).message.replace(/[^\x20-\x7e]/g, '?');
    throw new PlanInputError(`${source} is not JSON (${why}); ${EXPECTED}`);
  }
  if (!isRecord(plan)) throw new PlanInputError(`${source} is not a Terraform plan: got ${kindOf(plan)}; ${EXPECTED}`);
  const version = plan.format_version;
  if (typeof version !== 'string') throw new PlanInputError(`${source} is not a Terraform plan: it has no format_version; ${EXPECTED}`);
  if (version.split('.')[0] !== '1') throw new PlanInputError(`${source} has format_version "${version}"; this guard reads format 1.x`);
  if (!('planned_values' in plan) && !('resource_changes' in plan)) {
    const what = 'values' in plan ? 'a Terraform state, not a plan' : 'not a Terraform plan (no planned_values, no resource_changes)';
    throw new PlanInputError(`${source} is ${what}; ${EXPECTED}`);
  }
  if (plan.errored === true) throw new PlanInputError(`${source} is an errored plan: terraform plan failed, and such a plan cannot be applied`);
  const changes = plan.resource_changes ?? [];
  if (!Array.isArray(changes)) throw new PlanInputError(`${source}: resource_changes: expected a list, got ${kindOf(changes)}`);
  return changes.map((entry, i) => readChange(entry, `${source}: resource_changes[${i}]`));
}

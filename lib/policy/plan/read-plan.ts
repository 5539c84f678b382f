/**
 * Reads the output of `terraform show -json <planfile>` (Terraform's JSON output format,
 * format_version 1.x) into the resource changes the guard needs. Anything else (not JSON, a
 * state instead of a plan, an errored plan, a malformed change) is a PlanInputError naming what
 * was found and what was expected.
 */
import { z } from 'zod';
import { describeValue, isRecord, valueAt } from '../../util/values';

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

const EXPECTED = 'expected the output of `terraform show -json <planfile>`';

const kindOf = (value: unknown) => describeValue(value, 'an object');
const optionalString = z.unknown().transform((v) => (typeof v === 'string' ? v : undefined));

/** One entry of `resource_changes`, as far as the guard reads it; other fields pass through. */
const resourceChangeSchema = z.object({
  address: z.string().min(1),
  type: z.string().min(1),
  mode: z.unknown().transform((m) => (typeof m === 'string' ? m : 'managed')),
  action_reason: optionalString,
  deposed: optionalString,
  change: z.object({
    actions: z.array(z.string()).min(1),
    replace_paths: z
      .array(z.array(z.union([z.string(), z.number()])))
      .nullish()
      .transform((p) => p ?? []),
    before: z.unknown(),
    after: z.unknown(),
  }),
});

/** What each part of a change must be, by its path in the entry; a problem is named at the nearest. */
const EXPECTATIONS: Readonly<Record<string, string>> = {
  '': 'a resource change object',
  address: 'a string',
  type: 'a string',
  change: 'an object',
  'change.actions': 'a list of actions such as ["update"]',
  'change.replace_paths': 'a list of attribute paths such as [["db", "password"]]',
};

function readChange(entry: unknown, where: string): ResourceChange {
  const parsed = resourceChangeSchema.safeParse(entry);
  if (!parsed.success) {
    const path = parsed.error.issues[0].path;
    let at = path.length;
    while (at > 0 && !(path.slice(0, at).join('.') in EXPECTATIONS)) at--;
    const known = path.slice(0, at);
    throw new PlanInputError(`${where}${known.length ? `.${known.join('.')}` : ''}: expected ${EXPECTATIONS[known.join('.')]}, got ${kindOf(valueAt(entry, known))}`);
  }
  const { address, type, mode, action_reason: reason, deposed, change } = parsed.data;
  return { address, type, mode, actions: change.actions, replacePaths: change.replace_paths, reason, deposed, before: change.before, after: change.after };
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

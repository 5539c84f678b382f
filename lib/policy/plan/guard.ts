/**
 * The plan guard: a plan may create, update and replace what it likes, except that it must never
 * delete or replace a resource of a protected type (lib/contracts/protected.ts). Replacing includes
 * create-then-forget: the platform would move to a new, empty resource.
 */
import { PROTECTED_RESOURCE_TYPES } from '../../contracts/protected';
import { ResourceChange } from './read-plan';
import { trustListChanges } from './trust-list';

export type ChangeKind = 'unchanged' | 'create' | 'read' | 'update' | 'replace' | 'delete' | 'forget' | 'other';

const KINDS: Record<string, ChangeKind> = {
  'no-op': 'unchanged',
  create: 'create',
  read: 'read',
  update: 'update',
  'delete,create': 'replace',
  'create,delete': 'replace',
  'create,forget': 'replace',
  delete: 'delete',
  forget: 'forget',
};

const HOW: Record<string, string> = {
  'delete,create': 'replace (destroy, then create)',
  'create,delete': 'replace (create the new one, then destroy the old)',
  'create,forget': 'replace (create a new one, forget the old one)',
  delete: 'delete',
};

export function kindOf(change: ResourceChange): ChangeKind {
  return KINDS[change.actions.join(',')] ?? 'other';
}

/** `["volume", 0, "disk_encryption_id"]` -> `volume[0].disk_encryption_id` */
export function formatAttributePath(path: readonly (string | number)[]): string {
  return path.map((step, i) => (typeof step === 'number' ? `[${step}]` : i === 0 ? step : `.${step}`)).join('');
}

export interface GuardResult {
  /** One line per protected resource the plan deletes or replaces. */
  readonly blocked: readonly string[];
  /** One line per cluster whose API trust list (INITIAL) the plan would change. */
  readonly trustList: readonly string[];
  /** `3 to create, 1 to update, 0 to replace, 0 to delete, 12 unchanged` */
  readonly summary: string;
}

function isBlocked(change: ResourceChange, protectedTypes: readonly string[]): boolean {
  if (change.mode !== 'managed' || !protectedTypes.includes(change.type)) return false;
  return kindOf(change) === 'replace' || change.actions.includes('delete');
}

function describe(change: ResourceChange): string {
  const how = HOW[change.actions.join(',')] ?? change.actions.join(', ');
  const deposed = change.deposed ? ` of deposed object ${change.deposed}` : '';
  const forced = change.replacePaths.length ? `, forced by ${change.replacePaths.map(formatAttributePath).join(', ')}` : '';
  const reason = change.reason ? ` (${change.reason})` : '';
  return `${change.address}: ${how}${deposed}${forced}${reason}`;
}

export function guardPlan(changes: readonly ResourceChange[], protectedTypes: readonly string[] = PROTECTED_RESOURCE_TYPES): GuardResult {
  const counts: Record<ChangeKind, number> = { unchanged: 0, create: 0, read: 0, update: 0, replace: 0, delete: 0, forget: 0, other: 0 };
  for (const change of changes) if (change.mode === 'managed') counts[kindOf(change)]++;
  const parts = [`${counts.create} to create`, `${counts.update} to update`, `${counts.replace} to replace`, `${counts.delete} to delete`];
  if (counts.forget) parts.push(`${counts.forget} to forget`);
  if (counts.other) parts.push(`${counts.other} with other actions`);
  parts.push(`${counts.unchanged} unchanged`);
  return { blocked: changes.filter((c) => isBlocked(c, protectedTypes)).map(describe), trustList: trustListChanges(changes), summary: parts.join(', ') };
}

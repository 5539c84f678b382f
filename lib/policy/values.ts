/**
 * Reading synthesized attributes. cdktf writes a nested block as an object or as a list of
 * objects depending on the schema, and any value may be a Terraform expression (`${...}`) that is
 * only known at apply time. Rules use these helpers so that they treat both shapes alike and
 * never mistake an expression for a literal.
 */
import { isRecord, valueAt } from '../util/values';
import { PolicyResult, undecided } from './rule';

export { isRecord };


/** True for a Terraform expression such as `${opentelekomcloud_kms_key_v1.Kms.id}`. */
export function isExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** The nested blocks under `key`, whether written as one object or as a list. */
export function blocks(attributes: Readonly<Record<string, unknown>>, key: string): Record<string, unknown>[] {
  const value = attributes[key];
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

/** The first nested block under `key`, if any. */
export function block(attributes: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> | undefined {
  return blocks(attributes, key)[0];
}

/** A value as shown in messages: JSON, cut to a readable length. */
export function show(value: unknown): string {
  if (value === undefined) return 'not set';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** True when the attribute is set to something: a non-empty literal or an expression. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Problem text for a boolean attribute that must be true. An expression is undecided: the rule
 * cannot see its value at synth.
 */
export function requireTrue(attributes: Readonly<Record<string, unknown>>, key: string, where = key): PolicyResult[] {
  const value = attributes[key];
  if (value === true) return [];
  if (isExpression(value)) return [undecided(`${where} is an expression (${show(value)}), known only at apply; expected true`)];
  return [`${where} is ${show(value)}, expected true`];
}

/** A dotted path into plain data: `a.b[0].c` -> value, or undefined. */
export const at = valueAt;

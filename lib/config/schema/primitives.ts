/**
 * Building blocks for the config schemas. Each carries one human description of what it expects,
 * which the error formatter turns into `expected <description>, got <value>`.
 */
import { z } from 'zod';

/** A zod check message is the expectation only; the formatter adds `expected` and `got`. */
const expect = (description: string) => ({ message: description });

export const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function int(min: number, max?: number) {
  const description = max === undefined ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
  let schema = z
    .number({ invalid_type_error: description, required_error: description })
    .int(expect(description))
    .min(min, expect(description));
  if (max !== undefined) schema = schema.max(max, expect(description));
  return schema;
}

export function text(description = 'a non-empty string') {
  return z.string({ invalid_type_error: description, required_error: description }).min(1, expect(description));
}

export function pattern(re: RegExp, description: string) {
  return z.string({ invalid_type_error: description, required_error: description }).regex(re, expect(description));
}

export function oneOf<T extends string>(values: readonly [T, ...T[]]) {
  const description = `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;
  return z.enum(values as [T, ...T[]], { errorMap: () => ({ message: description }) });
}

export function bool() {
  return z.boolean({ invalid_type_error: 'true or false', required_error: 'true or false' });
}

export const dnsLabel = pattern(DNS_LABEL, 'a DNS label (lower-case letters, digits and "-", at most 63 characters)');
export const domainName = pattern(DOMAIN, 'a lower-case DNS domain such as "edp.buildth.ing"');
export const email = pattern(/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i, 'an e-mail address');
export const httpsUrl = pattern(/^https:\/\/[^\s]+$/, 'an https:// URL');

/** An IPv4 CIDR whose address is the network address (`10.0.0.0/16`, not `10.0.0.1/16`). */
export const cidr = pattern(CIDR, 'an IPv4 CIDR such as "10.0.0.0/16"').superRefine((value, ctx) => {
  if (!CIDR.test(value)) return; // the pattern above already reported it
  const parsed = parseCidr(value);
  if (!parsed) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an IPv4 CIDR such as "10.0.0.0/16"' });
  else if (parsed.prefix < 8 || parsed.prefix > 28)
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a CIDR prefix from /8 to /28' });
  else if ((parsed.base & mask(parsed.prefix)) >>> 0 !== parsed.base)
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `a network address (host bits zero), e.g. "${formatIp(parsed.base & mask(parsed.prefix))}/${parsed.prefix}"` });
});

export interface ParsedCidr {
  readonly base: number;
  readonly prefix: number;
}

export function parseCidr(value: string): ParsedCidr | undefined {
  const m = CIDR.exec(value);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const base = octets.reduce((acc, o) => acc * 256 + o, 0) >>> 0;
  return { base, prefix };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatIp(n: number): string {
  return [24, 16, 8, 0].map((s) => ((n >>> s) & 255).toString()).join('.');
}

/** True when the two CIDR ranges share at least one address. */
export function cidrsOverlap(a: ParsedCidr, b: ParsedCidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.base & mask(p)) >>> 0) === ((b.base & mask(p)) >>> 0);
}

/** True when `inner` lies completely inside `outer`. */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  return inner.prefix >= outer.prefix && cidrsOverlap(outer, inner);
}

/** The n-th address of a range (1 = first host), e.g. the gateway of a subnet. */
export function cidrHost(c: ParsedCidr, n: number): string {
  return formatIp((c.base + n) >>> 0);
}

const TYPE_NAMES: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
};

/**
 * Zod's global error map, phrased as expectations (`a mapping`, `at least 1 item`), so that every
 * message reads `expected <this>, got <value>`. Schema-level messages above take precedence.
 */
z.setErrorMap((issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      return { message: TYPE_NAMES[issue.expected] ?? `a ${issue.expected}` };
    case z.ZodIssueCode.invalid_literal:
      return { message: JSON.stringify(issue.expected) };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `one of ${issue.options.map((o) => JSON.stringify(o)).join(', ')}` };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'array') return { message: `at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}` };
      return { message: ctx.defaultError };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'array') return { message: `at most ${issue.maximum} items` };
      return { message: ctx.defaultError };
    default:
      return { message: ctx.defaultError };
  }
});

const RETIRED = new WeakSet<z.ZodTypeDef>();

/**
 * A field the files no longer have: refused when set, as `expected <gone>, got <value>`, never
 * silently ignored. `description` is its row in the README's tables (which say it is gone).
 */
export function retired(gone: string, description: string) {
  const schema = z
    .unknown()
    .optional()
    .superRefine((value, ctx) => {
      if (value !== undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, message: gone });
    })
    .describe(description);
  RETIRED.add(schema._def);
  return schema;
}

/** True for the definition of a field made by {@link retired} (`schema._def`). */
export function isRetired(def: z.ZodTypeDef): boolean {
  return RETIRED.has(def);
}

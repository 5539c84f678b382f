/**
 * Everything given is read. A field the README documents (and the loader validates and defaults)
 * that nothing reads is a setting the program silently ignores, as `gitops.targetRevision` was; a
 * prop the environment stack hands to a construct that the construct never reads is wiring that
 * does nothing. The shipped environments (one of them with a suppression) are synthesized with their
 * config, and the props that `infraProps`, `platformProps` and `policyProps` make of it, behind
 * Proxies that record each field read:
 * - every schema field must be read in at least one synth, or be retired (refused when set), or be
 *   resolved by the loader into a field of its own (`RESOLVED`), which must then be read;
 * - every leaf of those props must be read, except the ones `UNREAD_PROPS` names with why.
 * A read is any access to a field, a copy (`{ ...x }`, `Object.entries`) included: what a copy is
 * then used for is out of sight. So the environment stack maps config fields one by one (never
 * `{ ...settings.x }`), and props a construct hands on whole to another (`...props.network` to the
 * Network) count as read there.
 */
import { z } from 'zod';
import type { EnvironmentConfig } from '../../lib/config/model';
import { environmentSchemas } from '../../lib/config/schema/environment';
import { tenantSchema } from '../../lib/config/schema/tenant';
import { fieldDocs } from '../../lib/ops/docs/config';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ROOT, shippedEnvironments } from '../support/synth';

/** Fields the loader turns into fields of the loaded environment (lib/config/load.ts), which the synth reads instead. */
const RESOLVED: Readonly<Record<string, string>> = {
  'settings.domain': 'domain',
  'settings.manager': 'manager',
  'settings.observability.central': 'central',
};

/** Props that no construct reads in any shipped synth, and why that is so. */
const UNREAD_PROPS: Readonly<Record<string, string>> = {
  'platformProps.services.objectStorage.buckets.backups':
    'the infra layer makes a backups bucket (the seed: "S3-compatible backup storage"), but no platform component writes to it yet',
  'policyProps.publicIngress.ports[]': 'EDP-SG-1 reads the public ports only for a security group named public, and the environment stack names none (the dedicated ELB takes none)',
};

/** The functions of lib/environment-stack that map the config to a construct's props. */
const PROPS_OF = { 'infra-props': 'infraProps', 'platform-props': 'platformProps', 'policy-props': 'policyProps' } as const;

/** An array or a plain object of any realm (structuredClone makes Node's, not the test's): its prototype is an `Object.prototype` or null. */
function isData(v: unknown): v is object {
  if (!v || typeof v !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return Array.isArray(v) || proto === null || Object.getPrototypeOf(proto) === null;
}

/** `value` behind a Proxy that adds the path of each field read (`settings.cluster.nodePools[].flavor`) to `reads`; class instances are leaves. */
function recorded<T>(value: T, reads: Set<string>, path: string): T {
  if (!isData(value)) return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof key === 'symbol') return v;
      let at: string;
      if (Array.isArray(target)) {
        if (!/^\d+$/.test(key)) return v; // length, map, ...: the array itself was read
        at = `${path}[]`;
      } else at = path ? `${path}.${key}` : key;
      reads.add(at);
      return recorded(v, reads, at);
    },
  }) as T;
}

/** The paths of every leaf of plain data (`x.a[].b`); an empty object or array is a leaf. */
function leavesOf(value: unknown, path: string, out: Set<string>): void {
  if (!isData(value)) {
    if (value !== undefined) out.add(path);
    return;
  }
  const entries = Array.isArray(value) ? value.map((v) => [`${path}[]`, v] as const) : Object.entries(value).map(([k, v]) => [`${path}.${k}`, v] as const);
  if (entries.length === 0) out.add(path);
  for (const [at, v] of entries) leavesOf(v, at, out);
}

const readAt = (reads: ReadonlySet<string>, field: string) => [...reads].some((r) => r === field || r.startsWith(`${field}.`) || r.startsWith(`${field}[`));

type Schemas = readonly { readonly prefix: string; readonly schema: z.ZodTypeAny }[];

/** Every field of `schemas` but the retired ones, prefixed. */
function fieldsOf(schemas: Schemas): string[] {
  return [...new Set(schemas.flatMap(({ prefix, schema }) => fieldDocs(schema).filter((d) => !d.retired).map((d) => `${prefix}${d.path}`)))];
}

/** The fields of `schemas` that no read of `reads` reaches. */
function unreadFields(schemas: Schemas, reads: ReadonlySet<string>): string[] {
  return fieldsOf(schemas).filter((f) => !readAt(reads, RESOLVED[f] ?? f));
}

/** The leaves given that were never read, apart from `UNREAD_PROPS`. */
function unreadProps(given: ReadonlySet<string>, reads: ReadonlySet<string>): string[] {
  return [...given].filter((leaf) => !reads.has(leaf) && !UNREAD_PROPS[leaf]).sort();
}

/** Each tier's environment file and tenant file. */
const SCHEMAS: Schemas = [...Object.values(environmentSchemas).map((schema) => ({ prefix: 'settings.', schema })), ...tenantSchema.options.map((schema) => ({ prefix: 'tenant.', schema }))];

/** Synthesizes each environment with its config and props recorded. */
function synthRecorded(envs: readonly EnvironmentConfig[]) {
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const { EnvironmentStack } = require('../../lib/environment-stack') as typeof import('../../lib/environment-stack');
  const config = new Set<string>();
  const props = new Set<string>();
  const given = new Set<string>();
  for (const [file, name] of Object.entries(PROPS_OF)) {
    const module = require(`../../lib/environment-stack/${file}`) as Record<string, (...args: unknown[]) => unknown>;
    const original = module[name];
    jest.spyOn(module, name).mockImplementation((...args) => {
      const made = original(...args);
      leavesOf(made, name, given);
      return recorded(made, props, name);
    });
  }
  try {
    for (const env of envs) Testing.synth(new EnvironmentStack(Testing.app(), recorded(structuredClone(env), config, '')));
  } finally {
    jest.restoreAllMocks();
  }
  return { config, props, given };
}

let synth: ReturnType<typeof synthRecorded>;
beforeAll(() => {
  const envs = shippedEnvironments();
  // No shipped environment has a suppression: nonprod-test-me is synthesized with one, so that its
  // fields are read too (in place of the shipped file: one synth less).
  const nonprod = envs.find((e) => e.stackId === 'nonprod-test-me');
  if (!nonprod || nonprod.kind !== 'otc') throw new Error('nonprod-test-me is no longer a shipped OTC environment');
  const suppressed = { ...nonprod, settings: { ...nonprod.settings, suppressions: [{ rule: 'EDP-RDS-3', reason: 'the test database is rebuilt every night', path: 'Infra/Database' }] } };
  synth = synthRecorded(envs.map((e) => (e === nonprod ? suppressed : e)));
});

test('every documented field of the environment and tenant files is read by the synth', () => {
  expect(fieldsOf(SCHEMAS)).toEqual(expect.arrayContaining(['settings.cluster.nodePools[].flavor', 'settings.suppressions[].path', 'tenant.gitops.repoURL', 'tenant.kubernetes.context']));
  expect(fieldsOf(SCHEMAS)).not.toContain('tenant.gitops.targetRevision');
  expect(unreadFields(SCHEMAS, synth.config)).toEqual([]);
});

test('every prop the environment stack gives a construct is read, apart from the ones named with why', () => {
  expect([...synth.given]).toEqual(expect.arrayContaining(['infraProps.cluster.nodePools[].flavor', 'platformProps.services.database.host', 'policyProps.tier']));
  expect(unreadProps(synth.given, synth.props)).toEqual([]);
  // Each named one is still given and still unread: an entry that no longer applies is removed.
  for (const leaf of Object.keys(UNREAD_PROPS)) expect({ leaf, given: synth.given.has(leaf), read: synth.props.has(leaf) }).toEqual({ leaf, given: true, read: false });
});

test('a copy counts as a read of every field it copies; a field that is not touched is not read', () => {
  const reads = new Set<string>();
  const config = recorded({ a: { b: 1, c: 2 }, d: 3, e: 4 }, reads, 'x');
  void { ...config.a };
  void config.d;
  expect([...reads].sort()).toEqual(['x.a', 'x.a.b', 'x.a.c', 'x.d']);
});

test('the environment stack maps the config field by field: no part of it is copied whole into props', () => {
  const sources = ['infra-props', 'platform-props', 'policy-props'].map((f) => readFileSync(join(ROOT, 'lib/environment-stack', `${f}.ts`), 'utf8'));
  for (const source of sources) expect(source.match(/\.\.\.\s*(?:s|settings|env\.settings|env\.tenant|tenant)\.[A-Za-z.]+/g) ?? []).toEqual([]);
});

test('the checks fail if a documented field or a given prop is never read, and count a resolved field by what it resolves into', () => {
  const planted = tenantSchema.options.map((schema) => ({ prefix: 'tenant.', schema: schema.extend({ unusedSetting: z.string().optional().describe('A setting nothing reads.') }) }));
  expect(unreadFields([...SCHEMAS, ...planted], synth.config)).toEqual(['tenant.unusedSetting']);
  expect(unreadFields(SCHEMAS, new Set([...synth.config].filter((r) => r !== 'manager' && !r.startsWith('manager.'))))).toEqual(['settings.manager']);
  expect(unreadFields(SCHEMAS, new Set([...synth.config].filter((r) => !r.startsWith('settings.cluster.nodePools[].flavor'))))).toEqual(['settings.cluster.nodePools[].flavor']);
  expect(unreadProps(new Set([...synth.given, 'platformProps.unusedProp']), synth.props)).toEqual(['platformProps.unusedProp']);
  expect(unreadProps(synth.given, new Set([...synth.props].filter((r) => r !== 'policyProps.tier')))).toEqual(['policyProps.tier']);
});

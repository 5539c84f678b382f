/**
 * Every documented field of the environment and tenant files is read by the synth: a field the
 * README documents (and the loader validates and defaults) but nothing reads would be a setting
 * the program silently ignores, as `gitops.targetRevision` was. The shipped environments are
 * synthesized with their config behind a Proxy that records each field read; every schema field
 * must be read in at least one of them, or be retired (refused when set) or resolved by the
 * loader into a field of its own (`RESOLVED`), which must then be read.
 */
import { z } from 'zod';
import type { EnvironmentConfig } from '../../lib/config/model';
import { environmentSchemas } from '../../lib/config/schema/environment';
import { tenantSchema } from '../../lib/config/schema/tenant';
import { fieldDocs } from '../../lib/ops/docs/config';
import { shippedEnvironments } from '../support/synth';

/** Fields the loader turns into fields of the loaded environment (lib/config/load.ts), which the synth reads instead. */
const RESOLVED: Readonly<Record<string, string>> = {
  'settings.domain': 'domain',
  'settings.manager': 'manager',
  'settings.observability.central': 'central',
};

/** `value` behind a Proxy that adds the path of each field read (`settings.cluster.nodePools[].flavor`) to `reads`. */
function recorded<T>(value: T, reads: Set<string>, path = ''): T {
  if (!value || typeof value !== 'object') return value;
  return new Proxy(value as object, {
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

type Schemas = readonly { readonly prefix: string; readonly schema: z.ZodTypeAny }[];

/** Every field of `schemas` but the retired ones, prefixed. */
function fieldsOf(schemas: Schemas): string[] {
  return [...new Set(schemas.flatMap(({ prefix, schema }) => fieldDocs(schema).filter((d) => !d.retired).map((d) => `${prefix}${d.path}`)))];
}

/** The fields of `schemas` that no read of `reads` reaches. */
function unread(schemas: Schemas, reads: ReadonlySet<string>): string[] {
  const fields = fieldsOf(schemas);
  const isRead = (field: string) => [...reads].some((r) => r === field || r.startsWith(`${field}.`) || r.startsWith(`${field}[`));
  return fields.filter((f) => !(RESOLVED[f] ? isRead(RESOLVED[f]) : isRead(f))).sort();
}

/** Each tier's environment file and tenant file. */
const SCHEMAS: Schemas = [...Object.values(environmentSchemas).map((schema) => ({ prefix: 'settings.', schema })), ...tenantSchema.options.map((schema) => ({ prefix: 'tenant.', schema }))];

/** Synthesizes each environment with its config recorded; every field read, by path. */
function readsOfSynth(envs: readonly EnvironmentConfig[]): Set<string> {
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const { EnvironmentStack } = require('../../lib/environment-stack') as typeof import('../../lib/environment-stack');
  const reads = new Set<string>();
  for (const env of envs) Testing.synth(new EnvironmentStack(Testing.app(), recorded(structuredClone(env), reads)));
  return reads;
}

let reads: Set<string>;
beforeAll(() => {
  const envs = shippedEnvironments();
  // No shipped environment has a suppression: one that does, so that its fields are read too.
  const nonprod = envs.find((e) => e.stackId === 'nonprod-test-me');
  if (!nonprod || nonprod.kind !== 'otc') throw new Error('nonprod-test-me is no longer a shipped OTC environment');
  const suppressed = { ...nonprod, settings: { ...nonprod.settings, suppressions: [{ rule: 'EDP-RDS-3', reason: 'the test database is rebuilt every night', path: 'Infra/Database' }] } };
  reads = readsOfSynth([...envs, suppressed]);
});

test('every documented field of the environment and tenant files is read by the synth', () => {
  expect(fieldsOf(SCHEMAS)).toEqual(expect.arrayContaining(['settings.cluster.nodePools[].flavor', 'settings.suppressions[].path', 'tenant.gitops.repoURL', 'tenant.kubernetes.context']));
  expect(fieldsOf(SCHEMAS)).not.toContain('tenant.gitops.targetRevision');
  expect(unread(SCHEMAS, reads)).toEqual([]);
});

test('the check fails if a documented field is never read, and counts a resolved field by what it resolves into', () => {
  const planted = tenantSchema.options.map((schema) => ({ prefix: 'tenant.', schema: schema.extend({ unusedSetting: z.string().optional().describe('A setting nothing reads.') }) }));
  expect(unread([...SCHEMAS, ...planted], reads)).toEqual(['tenant.unusedSetting']);
  expect(unread(SCHEMAS, new Set([...reads].filter((r) => r !== 'manager' && !r.startsWith('manager.'))))).toEqual(['settings.manager']);
  expect(unread(SCHEMAS, new Set([...reads].filter((r) => !r.startsWith('settings.cluster.nodePools[].flavor'))))).toEqual(['settings.cluster.nodePools[].flavor']);
});

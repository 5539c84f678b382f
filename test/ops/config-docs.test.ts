/**
 * The environment files' documentation is written from the zod schemas (`npm run docs`): the
 * README's field tables and the JSON Schemas in schemas/ must be fresh, the JSON Schemas must
 * accept what the loader accepts, and every file under environments/ names its schema.
 */
import Ajv from 'ajv';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { z } from 'zod';
import { environmentSchemas } from '../../lib/config/schema/environment';
import { Tier } from '../../lib/config/defaults';
import { environmentTable, fieldDocs, jsonSchemaFiles, modelineProblems, tenantTable } from '../../lib/ops/docs/config';
import { withGeneratedSection } from '../../lib/ops/docs/readme';
import { ROOT } from '../support/synth';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const freshReadme = (tenant: string, environment: string) => withGeneratedSection(withGeneratedSection(readme, 'tenant fields', tenant), 'environment fields', environment);

/** The schemas with the description of `protection` changed: what a stale README misses. */
const planted = {
  ...environmentSchemas,
  production: environmentSchemas.production.extend({ protection: z.boolean().default(true).describe('Keeps the state, but this text is new.') }),
};

describe('README field tables (npm run docs)', () => {
  it('are what the schemas generate', () => {
    expect(readme).toBe(freshReadme(tenantTable(), environmentTable()));
  });

  it('fail the check if a description changes in the schema and the README is not regenerated', () => {
    expect(readme).not.toBe(freshReadme(tenantTable(), environmentTable(planted)));
    expect(environmentTable(planted)).toContain('| `protection` | `true` | Keeps the state, but this text is new. |');
  });

  it('show each tier\'s default, the INITIAL mark and defaults in words', () => {
    const table = environmentTable();
    expect(table).toContain('| `stacks` | `[core, otc, forgejo]` (local: `[core]`) |');
    expect(table).toContain('| `cluster.highAvailability` (INITIAL) | `true` / `false` | Three masters across availability zones. |');
    expect(table).toContain('| `cluster.nodePools[].count` | `3` / `2` |');
    expect(table).toContain('| `availabilityZones` (INITIAL) | `<region>-01`, `-02`, `-03` |');
  });

  /** Leaf fields of a schema that the table leaves out (no `.describe()`). */
  const undocumented = (schema: z.ZodTypeAny): string[] => {
    const leaves = (t: z.ZodTypeAny, path: string): string[] => {
      let c = t;
      while (c instanceof z.ZodDefault || c instanceof z.ZodOptional || c instanceof z.ZodEffects || c instanceof z.ZodPipeline) c = c instanceof z.ZodEffects ? c._def.schema : c instanceof z.ZodPipeline ? c._def.in : c._def.innerType;
      if (c instanceof z.ZodArray) return leaves(c._def.type, `${path}[]`);
      if (!(c instanceof z.ZodObject)) return [path.replace(/\[\]$/, '')];
      return Object.entries(c.shape as z.ZodRawShape).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
    };
    const documented = new Set(fieldDocs(schema).map((d) => d.path));
    return leaves(schema, '').filter((p) => !documented.has(p));
  };

  it('document every field of the schemas, and would miss one without .describe()', () => {
    for (const tier of ['production', 'non-production', 'local'] as Tier[]) expect({ tier, missing: undocumented(environmentSchemas[tier]) }).toEqual({ tier, missing: [] });
    expect(undocumented(environmentSchemas.production.extend({ extra: z.object({ knob: z.string() }) }))).toEqual(['extra.knob']);
  });
});

describe('JSON Schemas of the environment files (schemas/)', () => {
  it('are what the schemas generate', () => {
    for (const { file, content } of jsonSchemaFiles()) expect({ file, content: readFileSync(join(ROOT, file), 'utf8') }).toEqual({ file, content });
  });

  it('fail the check if a description changes and they are not regenerated', () => {
    const stale = jsonSchemaFiles(planted).filter(({ file, content }) => readFileSync(join(ROOT, file), 'utf8') !== content);
    expect(stale.map((s) => s.file)).toEqual(['schemas/environment.production.json']);
  });

  const ajv = new Ajv({ strict: false, allErrors: true });
  const validator = (file: string) => ajv.compile(JSON.parse(readFileSync(join(ROOT, file), 'utf8')));
  const shipped = readdirSync(join(ROOT, 'environments')).flatMap((tenant) =>
    readdirSync(join(ROOT, 'environments', tenant))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => {
        const text = readFileSync(join(ROOT, 'environments', tenant, f), 'utf8');
        const tier = parse(readFileSync(join(ROOT, 'environments', tenant, 'tenant.yaml'), 'utf8')).tier as Tier;
        return { path: `environments/${tenant}/${f}`, text, tier, firstLine: text.split('\n')[0] };
      }),
  );
  const schemaOf = (f: { path: string; tier: Tier }) => (f.path.endsWith('/tenant.yaml') ? 'schemas/tenant.json' : `schemas/environment.${f.tier}.json`);

  it('accept every shipped environment and tenant file (ajv, as an editor validates)', () => {
    expect(shipped.length).toBeGreaterThanOrEqual(7);
    for (const f of shipped) {
      const validate = validator(schemaOf(f));
      expect({ file: f.path, valid: validate(parse(f.text) ?? {}), errors: validate.errors ?? null }).toEqual({ file: f.path, valid: true, errors: null });
    }
  });

  it('refuse what the loader refuses: a misspelt key, a wrong type, a bad pattern', () => {
    const validate = validator('schemas/environment.production.json');
    expect(validate({ stacks: ['core'], clustr: {} })).toBe(false);
    expect(validate({ cluster: { nodePools: [{ name: 'a', count: 'three' }] } })).toBe(false);
    expect(validate({ network: { vpcCidr: '10.0.0.0' } })).toBe(false);
    expect(validate({ suppressions: [{ rule: 'EDP-RDS-3', reason: 'the test database is rebuilt every night', path: 'Infra/Database' }] })).toBe(true);
  });

  it('refuse a retired field, whatever its value, as the loader does', () => {
    expect(validator('schemas/environment.production.json')({ ingress: { allowSnippetAnnotations: false } })).toBe(false);
    expect(validator('schemas/environment.production.json')({ ingress: {} })).toBe(true);
    const tenant = parse(readFileSync(join(ROOT, 'environments/prod/tenant.yaml'), 'utf8')) as { gitops: Record<string, unknown> };
    const validate = validator('schemas/tenant.json');
    expect(validate(tenant)).toBe(true);
    expect(validate({ ...tenant, gitops: { ...tenant.gitops, targetRevision: 'HEAD' } })).toBe(false);
  });

  it('are named on the first line of every file under environments/', () => {
    expect(modelineProblems(shipped)).toEqual([]);
  });

  it('fail if a file names no schema or the schema of another tier', () => {
    const [prod] = shipped.filter((f) => f.path === 'environments/prod/edp.yaml');
    expect(modelineProblems([{ ...prod, tier: 'non-production' }, { ...prod, firstLine: '# The primary production instance' }])).toEqual([
      'environments/prod/edp.yaml: expected the first line "# yaml-language-server: $schema=../../schemas/environment.non-production.json", got "# yaml-language-server: $schema=../../schemas/environment.production.json"',
      'environments/prod/edp.yaml: expected the first line "# yaml-language-server: $schema=../../schemas/environment.production.json", got "# The primary production instance"',
    ]);
  });
});

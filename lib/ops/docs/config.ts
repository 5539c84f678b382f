/**
 * The environment files' documentation, written from the zod schemas (lib/config/schema): the
 * README's tables of `tenant.yaml` and `<env>.yaml` fields (descriptions from `.describe()`,
 * defaults from each tier's schema) and a JSON Schema per file kind and tier, which editors use to
 * validate `environments/**\/*.yaml` (the `# yaml-language-server: $schema=...` first line).
 */
import { z } from 'zod';
import { ignoreOverride, zodToJsonSchema } from 'zod-to-json-schema';
import { environmentSchemas } from '../../config/schema/environment';
import { isRetired } from '../../config/schema/primitives';
import { tenantSchema } from '../../config/schema/tenant';
import type { Tier } from '../../config/defaults';
import { isRecord as isPlainObject } from '../../util/values';

/** Where `.describe()` puts a default that no value states (lib/config/schema/environment.ts). */
const DYNAMIC_DEFAULT = '\n@default ';
const INITIAL = 'INITIAL: ';

export interface FieldDoc {
  /** `cluster.nodePools[].flavor`. */
  readonly path: string;
  readonly description: string;
  /** The fixed default, if the field has one. */
  readonly default?: unknown;
  /** The default in words, where it depends on the tenant or another field. */
  readonly dynamicDefault?: string;
  readonly initial: boolean;
  /** A field the files no longer have (refused when set). */
  readonly retired?: true;
}

interface Unwrapped {
  readonly core: z.ZodTypeAny;
  readonly description?: string;
  readonly default?: unknown;
}

/** The schema under defaults, optionals, refinements and pipes, with the outermost description. */
function unwrap(schema: z.ZodTypeAny): Unwrapped {
  let description: string | undefined;
  let fallback: unknown;
  let current = schema;
  for (;;) {
    description ??= current.description || undefined;
    if (current instanceof z.ZodDefault) {
      fallback ??= current._def.defaultValue();
      current = current._def.innerType;
    } else if (current instanceof z.ZodOptional || current instanceof z.ZodNullable) current = current._def.innerType;
    else if (current instanceof z.ZodEffects) current = current._def.schema;
    else if (current instanceof z.ZodPipeline) current = current._def.in;
    else return { core: current, description, default: fallback };
  }
}


/** Every documented field of an object schema, depth first, in the schema's order. */
export function fieldDocs(schema: z.ZodTypeAny, prefix = '', inherited?: unknown): FieldDoc[] {
  const { core } = unwrap(schema);
  if (!(core instanceof z.ZodObject)) return [];
  const docs: FieldDoc[] = [];
  for (const [key, field] of Object.entries(core.shape as z.ZodRawShape)) {
    const path = `${prefix}${key}`;
    const u = unwrap(field);
    const given = u.default ?? (isPlainObject(inherited) ? inherited[key] : undefined);
    const element = u.core instanceof z.ZodArray ? unwrap(u.core._def.type).core : undefined;
    if (u.description) {
      const [text, dynamicDefault] = u.description.split(DYNAMIC_DEFAULT);
      const initial = text.startsWith(INITIAL);
      const description = initial ? text.slice(INITIAL.length) : text;
      const gone = isRetired(field._def) ? { retired: true as const } : {};
      docs.push({ path, description: description.charAt(0).toUpperCase() + description.slice(1), initial, ...(given !== undefined ? { default: given } : {}), ...(dynamicDefault ? { dynamicDefault } : {}), ...gone });
    }
    if (u.core instanceof z.ZodObject) docs.push(...fieldDocs(u.core, `${path}.`, given));
    else if (element instanceof z.ZodObject) docs.push(...fieldDocs(element, `${path}[].`));
  }
  return docs;
}

/** A default as the tables show it: YAML flow style in backticks. */
export function showDefault(value: unknown): string {
  const flow = (v: unknown): string => {
    if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
    if (isPlainObject(v)) return `{ ${Object.entries(v).map(([k, x]) => `${k}: ${flow(x)}`).join(', ')} }`;
    return String(v);
  };
  return `\`${flow(value)}\``;
}

const cell = (d: FieldDoc | undefined) => (d === undefined ? undefined : d.default !== undefined ? showDefault(d.default) : (d.dynamicDefault ?? '-'));
const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The schema of an environment file, per tier. */
export type EnvironmentSchemas = Readonly<Record<Tier, z.ZodTypeAny>>;

/** The README's `<env>.yaml` table: one row per field, defaults per tier. */
export function environmentTable(schemas: EnvironmentSchemas = environmentSchemas): string {
  const byTier = (tier: Tier) => new Map(fieldDocs(schemas[tier]).map((d) => [d.path, d]));
  const [production, nonProduction, local] = [byTier('production'), byTier('non-production'), byTier('local')];
  const rows = [...production.values()].map((d) => {
    const p = cell(d)!;
    const n = cell(nonProduction.get(d.path)) ?? '-';
    const l = cell(local.get(d.path));
    const otc = p === n ? p : `${p} / ${n}`;
    const withLocal = l !== undefined && l !== p ? `${otc} (local: ${l})` : otc;
    return `| \`${d.path}\`${d.initial ? ' (INITIAL)' : ''} | ${escape(withLocal)} | ${escape(d.description)} |`;
  });
  const localFields = [...new Set([...local.keys()].map((p) => p.split(/[.[]/)[0]))].map((f) => `\`${f}\``);
  return [
    '| field | default (production / non-production) | meaning |',
    '|---|---|---|',
    ...rows,
    '',
    `The local tier takes ${localFields.slice(0, -1).join(', ')} and ${localFields[localFields.length - 1]} only.`,
  ].join('\n');
}

/** The README's `tenant.yaml` table: the fields of every tier's tenant file. */
export function tenantTable(schema: z.ZodTypeAny = tenantSchema): string {
  const options = (schema as z.ZodDiscriminatedUnion<'tier', z.ZodDiscriminatedUnionOption<'tier'>[]>).options;
  const tiers = options.map((o) => ({ tier: String((o.shape.tier as z.ZodLiteral<string>).value), docs: fieldDocs(o) }));
  const paths = [...new Set(tiers.flatMap((t) => t.docs.map((d) => d.path)))];
  const rows = paths.map((path) => {
    const holders = tiers.filter((t) => t.docs.some((d) => d.path === path));
    const d = holders[0].docs.find((x) => x.path === path)!;
    const only = holders.length === tiers.length ? '' : ` (${holders.map((h) => h.tier).join(', ')} only)`;
    return `| \`${path}\` | ${escape(cell(d) ?? '-')} | ${escape(d.description)}${only} |`;
  });
  return ['| field | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** `- Default: ...` in JSON Schema descriptions instead of the schema's marker. */
function jsonDescriptions(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonDescriptions);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === 'description' && typeof v === 'string' ? v.replace(DYNAMIC_DEFAULT, ' Default: ') : jsonDescriptions(v)]));
}

function jsonSchema(schema: z.ZodTypeAny, title: string): string {
  // A retired field matches nothing, so that an editor refuses it as the loader does.
  const override = (def: z.ZodTypeDef) => (isRetired(def) ? { not: {}, description: def.description } : ignoreOverride);
  const generated = (zodToJsonSchema as (s: unknown, o: object) => Record<string, unknown>)(schema, { $refStrategy: 'none', target: 'jsonSchema7', override });
  const { $schema, ...rest } = generated;
  return `${JSON.stringify({ $schema, title, ...(jsonDescriptions(rest) as object) }, null, 2)}\n`;
}

/** Folder of the JSON Schemas, relative to the project root. */
export const SCHEMA_DIR = 'schemas';

/** The JSON Schema file of an environment file of `tier`, relative to the project root. */
export function environmentSchemaFile(tier: Tier): string {
  return `${SCHEMA_DIR}/environment.${tier}.json`;
}

export const TENANT_SCHEMA_FILE = `${SCHEMA_DIR}/tenant.json`;

/** Every JSON Schema file (relative to the project root) with its content. */
export function jsonSchemaFiles(schemas: EnvironmentSchemas = environmentSchemas, tenant: z.ZodTypeAny = tenantSchema): { readonly file: string; readonly content: string }[] {
  const tiers: Tier[] = ['production', 'non-production', 'local'];
  return [
    { file: TENANT_SCHEMA_FILE, content: jsonSchema(tenant, 'EDP tenant file (environments/<tenant>/tenant.yaml)') },
    ...tiers.map((tier) => ({ file: environmentSchemaFile(tier), content: jsonSchema(schemas[tier], `EDP environment file of a ${tier} tenant (environments/<tenant>/<env>.yaml)`) })),
  ];
}

/**
 * The first line of an environment file that points editors at its JSON Schema.
 * @param fromFolder the file's folder, relative to the project root (`environments/prod`)
 */
export function schemaModeline(schemaFile: string, fromFolder: string): string {
  const up = fromFolder.split('/').filter(Boolean).map(() => '..').join('/');
  return `# yaml-language-server: $schema=${up}/${schemaFile}`;
}

/**
 * One line per file under environments/ whose first line is not the modeline of its JSON Schema
 * (tenant.yaml: the tenant schema; `<env>.yaml`: the schema of its tenant's tier).
 * @param files path relative to the project root, first line, and the tier of its tenant
 */
export function modelineProblems(files: readonly { readonly path: string; readonly firstLine: string; readonly tier: Tier }[]): string[] {
  return files.flatMap(({ path, firstLine, tier }) => {
    const folder = path.slice(0, path.lastIndexOf('/'));
    const schema = path.endsWith('/tenant.yaml') ? TENANT_SCHEMA_FILE : environmentSchemaFile(tier);
    const expected = schemaModeline(schema, folder);
    return firstLine === expected ? [] : [`${path}: expected the first line "${expected}", got "${firstLine}"`];
  });
}

/**
 * Offline stand-in for `terraform validate`: the prebuilt provider packages ship a `.jsii` assembly
 * describing every resource's config (attributes, optional or required, nested blocks). From it we
 * check every block of a synthesized cdk.tf.json for unknown and missing required attributes,
 * which catches escape-hatch typos (`addOverride`) that TypeScript cannot see.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ROOT, shared } from './shared';

interface JsiiType {
  kind: string;
  fqn: string;
  base?: string;
  docs?: { summary?: string };
  properties?: JsiiProperty[];
  initializer?: { parameters?: { name: string; type: TypeRef }[] };
}
interface JsiiProperty {
  name: string;
  optional?: boolean;
  docs?: { summary?: string };
  type: TypeRef;
}
type TypeRef = { primitive?: string; fqn?: string; collection?: { kind: string; elementtype: TypeRef }; union?: { types: TypeRef[] } };

export interface BlockSchema {
  /** Terraform attribute name -> nested block schema (or null for plain attributes). */
  readonly attributes: Map<string, BlockSchema | null>;
  readonly required: Set<string>;
}

const PACKAGES = ['@cdktf/provider-opentelekomcloud', '@cdktf/provider-helm', '@cdktf/provider-kubernetes', '@cdktf/provider-random'];
/** cdktf's TerraformMetaArguments plus what cdktf adds to every block. */
const META = new Set(['count', 'depends_on', 'for_each', 'lifecycle', 'provider', 'provisioner', 'connection', '//']);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function tfName(p: JsiiProperty): string {
  const summary = p.docs?.summary ?? '';
  const anchor = /#([a-z0-9_]+) [A-Za-z0-9]+#/.exec(summary);
  if (anchor) return anchor[1];
  const block = /^([a-z0-9_]+) block\.$/.exec(summary);
  if (block) return block[1];
  return snake(p.name);
}

/** The block type a property refers to (through unions with IResolvable and lists), if any. */
function blockFqn(t: TypeRef): string | undefined {
  if (t.fqn && !t.fqn.startsWith('cdktf.')) return t.fqn;
  if (t.collection && t.collection.kind === 'array') return blockFqn(t.collection.elementtype);
  if (t.union) for (const u of t.union.types) { const f = blockFqn(u); if (f) return f; }
  return undefined;
}

/** ProviderSchemas as JSON keeps them: each distinct block once, nested blocks by index (blocks nest in and share each other). */
interface StoredSchemas {
  readonly blocks: readonly { readonly attributes: readonly (readonly [string, number | null])[]; readonly required: readonly string[] }[];
  readonly resources: readonly (readonly [string, number])[];
  readonly dataSources: readonly (readonly [string, number])[];
  readonly providers: readonly (readonly [string, number])[];
}

export class ProviderSchemas {
  readonly resources = new Map<string, BlockSchema>();
  readonly dataSources = new Map<string, BlockSchema>();
  readonly providers = new Map<string, BlockSchema>();

  /** The schemas again from their stored form (`stored()`): the same blocks, shared and nested as they were. */
  static fromStored(stored: StoredSchemas): ProviderSchemas {
    const schemas = Object.create(ProviderSchemas.prototype) as { -readonly [K in keyof ProviderSchemas]: ProviderSchemas[K] };
    const blocks: BlockSchema[] = stored.blocks.map((b) => ({ attributes: new Map(), required: new Set(b.required) }));
    stored.blocks.forEach((b, i) => b.attributes.forEach(([name, nested]) => blocks[i].attributes.set(name, nested === null ? null : blocks[nested])));
    schemas.resources = new Map(stored.resources.map(([type, i]) => [type, blocks[i]]));
    schemas.dataSources = new Map(stored.dataSources.map(([type, i]) => [type, blocks[i]]));
    schemas.providers = new Map(stored.providers.map(([type, i]) => [type, blocks[i]]));
    return schemas;
  }

  /** A form JSON keeps (`fromStored` reads it). */
  stored(): StoredSchemas {
    const index = new Map<BlockSchema, number>();
    const blocks: { attributes: [string, number | null][]; required: string[] }[] = [];
    const indexOf = (b: BlockSchema): number => {
      let i = index.get(b);
      if (i !== undefined) return i;
      i = blocks.push({ attributes: [], required: [...b.required] }) - 1;
      index.set(b, i);
      const entry = blocks[i];
      for (const [name, nested] of b.attributes) entry.attributes.push([name, nested ? indexOf(nested) : null]);
      return i;
    };
    const of = (m: Map<string, BlockSchema>) => [...m].map(([type, b]) => [type, indexOf(b)] as const);
    return { resources: of(this.resources), dataSources: of(this.dataSources), providers: of(this.providers), blocks };
  }

  constructor(root: string) {
    for (const pkg of PACKAGES) {
      const types = (JSON.parse(readFileSync(join(root, 'node_modules', pkg, '.jsii'), 'utf8')) as { types: Record<string, JsiiType> }).types;
      const cache = new Map<string, BlockSchema>();
      const block = (fqn: string): BlockSchema => {
        const hit = cache.get(fqn);
        if (hit) return hit;
        const schema: BlockSchema = { attributes: new Map(), required: new Set() };
        cache.set(fqn, schema);
        for (const p of types[fqn]?.properties ?? []) {
          const name = tfName(p);
          const nested = blockFqn(p.type);
          schema.attributes.set(name, nested && types[nested]?.kind === 'interface' ? block(nested) : null);
          if (!p.optional) schema.required.add(name);
        }
        return schema;
      };
      for (const type of Object.values(types)) {
        if (type.kind !== 'class' || !type.base) continue;
        const m = /\{@link \S+ ([a-z0-9_]+)\}/.exec(type.docs?.summary ?? '');
        const config = type.initializer?.parameters?.find((p) => p.name === 'config')?.type.fqn;
        if (!m || !config) continue;
        const target = type.base === 'cdktf.TerraformResource' ? this.resources : type.base === 'cdktf.TerraformDataSource' ? this.dataSources : type.base === 'cdktf.TerraformProvider' ? this.providers : undefined;
        target?.set(m[1], block(config));
      }
    }
    // Terraform's own resource and data source (built into Terraform, not into any provider package).
    this.resources.set('terraform_data', { attributes: new Map([['input', null], ['triggers_replace', null]]), required: new Set() });
    this.dataSources.set('terraform_remote_state', {
      attributes: new Map([['backend', null], ['config', null], ['defaults', null], ['workspace', null]]),
      required: new Set(['backend']),
    });
  }
}

let memo: ProviderSchemas | undefined;

/**
 * The schemas of this project's provider packages, read from their 66 MB of `.jsii` once per
 * jest run (./shared.ts): later test files rebuild them from the stored form.
 */
export function providerSchemas(): ProviderSchemas {
  if (!memo) {
    let made: ProviderSchemas | undefined;
    const text = shared('provider-schemas', () => {
      made = new ProviderSchemas(ROOT);
      return new Map([['schemas', JSON.stringify(made.stored())]]);
    }).get('schemas')!;
    memo = made ?? ProviderSchemas.fromStored(JSON.parse(text) as StoredSchemas);
  }
  return memo;
}

/** Problems of one block against its schema, as `<where>.<attr>: unknown attribute` lines. */
export function checkBlock(where: string, value: unknown, schema: BlockSchema): string[] {
  if (typeof value === 'string') return []; // a whole block given as a token
  if (Array.isArray(value)) return value.flatMap((v, i) => checkBlock(`${where}[${i}]`, v, schema));
  if (value === null || typeof value !== 'object') return [`${where}: expected a block, got ${JSON.stringify(value)}`];
  const problems: string[] = [];
  const obj = value as Record<string, unknown>;
  for (const [key, v] of Object.entries(obj)) {
    if (META.has(key)) continue;
    if (!schema.attributes.has(key)) {
      problems.push(`${where}.${key}: unknown attribute`);
      continue;
    }
    const nested = schema.attributes.get(key);
    if (nested) problems.push(...checkBlock(`${where}.${key}`, v, nested));
  }
  for (const key of schema.required) if (!(key in obj)) problems.push(`${where}.${key}: missing required attribute`);
  return problems;
}

/** Every problem of a synthesized stack (resources, data sources, providers). */
export function checkStack(tf: Record<string, unknown>, schemas: ProviderSchemas): string[] {
  const problems: string[] = [];
  const sections: [string, Map<string, BlockSchema>][] = [
    ['resource', schemas.resources],
    ['data', schemas.dataSources],
  ];
  for (const [section, map] of sections) {
    const blocks = (tf[section] ?? {}) as Record<string, Record<string, unknown>>;
    for (const [type, instances] of Object.entries(blocks)) {
      const schema = map.get(type);
      if (!schema) {
        problems.push(`${section}.${type}: unknown type`);
        continue;
      }
      for (const [name, body] of Object.entries(instances)) problems.push(...checkBlock(`${section}.${type}.${name}`, body, schema));
    }
  }
  for (const [type, configs] of Object.entries((tf.provider ?? {}) as Record<string, unknown[]>)) {
    const schema = schemas.providers.get(type);
    if (!schema) problems.push(`provider.${type}: unknown provider`);
    else problems.push(...checkBlock(`provider.${type}`, configs, schema));
  }
  return problems;
}

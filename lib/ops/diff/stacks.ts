/**
 * Difference of two synthesized apps (stack id -> cdk.tf.json text), per stack and per block:
 * resources and data sources by Terraform address, providers, the backend, required providers,
 * outputs. cdktf's own metadata (`//`: construct paths, version) is no configuration and ignored.
 */
import { isRecord } from '../../util/values';
import { Json, ValueChange, diffValues } from './values';

export interface BlockDiff {
  /** Terraform address: `helm_release.X`, `data.opentelekomcloud_dns_zone_v2.Zone`, `provider.helm`, `terraform.backend`, `output.url`. */
  readonly address: string;
  readonly kind: 'added' | 'removed' | 'changed';
  /** Attribute changes of a changed block. */
  readonly changes: readonly ValueChange[];
}

export interface StackDiff {
  readonly id: string;
  readonly kind: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly blocks: readonly BlockDiff[];
}

const META = '//';

type JsonObject = { [key: string]: Json };
const isObject = (v: Json | undefined): v is JsonObject => isRecord(v);

function withoutMeta(v: Json): Json {
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => k !== META));
}

/** Every block of a stack by address, without cdktf metadata. */
export function stackBlocks(tf: Json): Map<string, Json> {
  const blocks = new Map<string, Json>();
  if (!isObject(tf)) return blocks;
  for (const [section, content] of Object.entries(tf)) {
    if (section === META || !isObject(content)) continue;
    if (section === 'resource' || section === 'data') {
      for (const [type, instances] of Object.entries(content)) {
        if (!isObject(instances)) continue;
        for (const [name, body] of Object.entries(instances)) blocks.set(`${section === 'data' ? 'data.' : ''}${type}.${name}`, withoutMeta(body));
      }
    } else if (section === 'provider') {
      for (const [type, configs] of Object.entries(content)) {
        const list = Array.isArray(configs) ? configs : [configs];
        list.forEach((config, i) => {
          const alias = isObject(config) && typeof config.alias === 'string' ? config.alias : list.length > 1 ? String(i) : '';
          blocks.set(`provider.${type}${alias ? `.${alias}` : ''}`, withoutMeta(config));
        });
      }
    } else {
      for (const [name, body] of Object.entries(content)) blocks.set(`${section}.${name}`, withoutMeta(body));
    }
  }
  return blocks;
}

export function diffStack(id: string, before: Json | undefined, after: Json | undefined): StackDiff {
  const a = before === undefined ? new Map<string, Json>() : stackBlocks(before);
  const b = after === undefined ? new Map<string, Json>() : stackBlocks(after);
  const addresses = [...new Set([...a.keys(), ...b.keys()])].sort();
  const blocks: BlockDiff[] = [];
  for (const address of addresses) {
    const x = a.get(address);
    const y = b.get(address);
    if (x === undefined) blocks.push({ address, kind: 'added', changes: [] });
    else if (y === undefined) blocks.push({ address, kind: 'removed', changes: [] });
    else {
      const changes = diffValues(x, y);
      if (changes.length > 0) blocks.push({ address, kind: 'changed', changes });
    }
  }
  const kind = before === undefined ? 'added' : after === undefined ? 'removed' : blocks.length > 0 ? 'changed' : 'unchanged';
  return { id, kind, blocks };
}

/** Per stack, sorted by id; stack texts are the cdk.tf.json files. */
export function diffApps(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): StackDiff[] {
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  const parse = (text: string | undefined) => (text === undefined ? undefined : (JSON.parse(text) as Json));
  return ids.map((id) => diffStack(id, parse(before.get(id)), parse(after.get(id))));
}

/**
 * The dependency graph Terraform builds from a synthesized cdk.tf.json, for tests of the apply and
 * destroy order. A block depends on
 * - every block an expression in any of its attributes names (`${type.name.attr}`, `data.*`,
 *   `local.*`, `var.*`), wherever the expression sits: a nested block, a list, or inside a longer
 *   string such as a helm_release's values;
 * - every `depends_on` entry;
 * - its provider configuration (the `provider` meta-argument, else the provider named by its type's
 *   prefix), which depends on what its own configuration names: the helm and kubernetes providers
 *   are configured from the CCE cluster, so every release depends on the cluster.
 * Terraform applies a block after everything it depends on and destroys it before any of them.
 */
import type { TfJson } from './synth';

export type BlockKind = 'resource' | 'data' | 'local' | 'variable' | 'provider' | 'output';

export interface Block {
  /** Terraform address: `helm_release.X`, `data.t.n`, `local.n`, `var.n`, `provider.helm`, `output.n`. */
  readonly address: string;
  readonly kind: BlockKind;
  /** Resource or data source type, or the provider's local name. */
  readonly type: string;
  readonly body: Record<string, unknown>;
}

/** A reference to a block the stack does not have (Terraform would refuse to plan). */
export interface Dangling {
  readonly from: string;
  readonly to: string;
}

/** Meta-arguments whose strings are no expressions (or are read separately). */
const NOT_EXPRESSIONS = new Set(['//', 'depends_on', 'provider']);

/** A name Terraform resolves to a block: `data.t.n`, `local.n`, `var.n`, or `t.n` for a resource type with an underscore. */
const REFERENCE = /(?<![\w.])(?:data\.[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*|local\.[A-Za-z_][\w-]*|var\.[A-Za-z_][\w-]*|[a-z][a-z0-9]*_[a-z0-9_]+\.[A-Za-z_][\w-]*)/g;

/** The expressions inside `${...}` of a string; `$${` is a literal. */
export function interpolations(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s.startsWith('$${', i)) {
      i += 3;
      continue;
    }
    if (!s.startsWith('${', i)) {
      i += 1;
      continue;
    }
    let depth = 1;
    let j = i + 2;
    let quoted = false;
    for (; j < s.length && depth > 0; j++) {
      const c = s[j];
      if (quoted) {
        if (c === '\\') j++;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
    }
    out.push(s.slice(i + 2, j - 1));
    i = j;
  }
  return out;
}

/** The block names an expression refers to, string literals left out. */
export function referencedNames(expression: string): string[] {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return [...code.matchAll(REFERENCE)].map((m) => m[0]);
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => strings(v, out));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      strings(k, out);
      strings(v, out);
    }
  }
  return out;
}

/** Attributes of a block, without the meta-arguments that hold no expressions. */
function expressionStrings(body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (NOT_EXPRESSIONS.has(key)) continue;
    if (key === 'lifecycle' && value !== null && typeof value === 'object') {
      // ignore_changes lists attribute names; replace_triggered_by holds references.
      const { ignore_changes: _ignored, ...rest } = value as Record<string, unknown>;
      strings(rest, out);
    } else strings(value, out);
  }
  return out;
}

export class TfGraph {
  readonly blocks = new Map<string, Block>();
  /** Direct dependencies of each block. */
  readonly edges = new Map<string, Set<string>>();
  readonly dangling: Dangling[] = [];
  private readonly closure = new Map<string, ReadonlySet<string>>();

  constructor(tf: TfJson & { locals?: Record<string, unknown>; variable?: Record<string, Record<string, unknown>> }) {
    const add = (address: string, kind: BlockKind, type: string, body: Record<string, unknown>) => this.blocks.set(address, { address, kind, type, body });
    for (const [type, named] of Object.entries(tf.resource ?? {})) for (const [name, body] of Object.entries(named)) add(`${type}.${name}`, 'resource', type, body);
    for (const [type, named] of Object.entries(tf.data ?? {})) for (const [name, body] of Object.entries(named)) add(`data.${type}.${name}`, 'data', type, body);
    for (const [name, value] of Object.entries(tf.locals ?? {})) add(`local.${name}`, 'local', name, { value });
    for (const [name, body] of Object.entries(tf.variable ?? {})) add(`var.${name}`, 'variable', name, body);
    for (const [name, body] of Object.entries(tf.output ?? {})) add(`output.${name}`, 'output', name, body);
    for (const [name, configs] of Object.entries(tf.provider ?? {})) {
      for (const config of configs) add(config.alias ? `provider.${name}.${String(config.alias)}` : `provider.${name}`, 'provider', name, config);
    }

    for (const block of this.blocks.values()) {
      const deps = new Set<string>();
      const need = (to: string) => {
        // A variable's `validation` names the variable itself (Terraform requires it to): no edge.
        if (block.kind === 'variable' && to === block.address) return;
        if (this.blocks.has(to)) deps.add(to);
        else this.dangling.push({ from: block.address, to });
      };
      for (const s of expressionStrings(block.body)) for (const e of interpolations(s)) for (const name of referencedNames(e)) need(this.blockOf(name));
      for (const d of (block.body.depends_on as string[] | undefined) ?? []) need(d);
      if (block.kind === 'resource' || block.kind === 'data') {
        const explicit = block.body.provider as string | undefined;
        const provider = `provider.${explicit ?? block.type.split('_')[0]}`;
        // Without a configuration block Terraform uses the provider's defaults (terraform_remote_state
        // is built in): nothing to depend on.
        if (explicit !== undefined) need(provider);
        else if (this.blocks.has(provider)) deps.add(provider);
      }
      this.edges.set(block.address, deps);
    }
  }

  /** `type.name.attr[0]` -> `type.name`; `data.t.n.attr` -> `data.t.n`. */
  private blockOf(name: string): string {
    const parts = name.split('.');
    return parts.slice(0, parts[0] === 'data' ? 3 : 2).join('.');
  }

  /** Resource addresses of the given types. */
  resources(...types: string[]): string[] {
    return [...this.blocks.values()].filter((b) => b.kind === 'resource' && types.includes(b.type)).map((b) => b.address);
  }

  body(address: string): Record<string, unknown> {
    const b = this.blocks.get(address);
    if (!b) throw new Error(`no block ${address}`);
    return b.body;
  }

  /** Everything the block waits for on apply, directly or not (cycles left to `cycles()`). */
  dependencies(address: string): ReadonlySet<string> {
    const known = this.closure.get(address);
    if (known) return known;
    const seen = new Set<string>();
    const stack = [...(this.edges.get(address) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(this.edges.get(next) ?? []));
    }
    this.closure.set(address, seen);
    return seen;
  }

  dependsOn(from: string, to: string): boolean {
    return this.dependencies(from).has(to);
  }

  /** Every dependency cycle, each as the path `a -> b -> ... -> a` (Tarjan's strongly connected components). */
  cycles(): string[][] {
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const out: string[][] = [];
    let counter = 0;
    const visit = (v: string) => {
      index.set(v, counter);
      low.set(v, counter++);
      stack.push(v);
      onStack.add(v);
      for (const w of this.edges.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== v);
        if (component.length > 1 || this.edges.get(v)?.has(v)) out.push(this.loop(v, new Set(component)));
      }
    };
    for (const v of [...this.blocks.keys()].sort()) if (!index.has(v)) visit(v);
    return out;
  }

  /** The shortest path from `start` back to itself inside one strongly connected component. */
  private loop(start: string, component: ReadonlySet<string>): string[] {
    const previous = new Map<string, string>();
    const queue = [start];
    while (queue.length > 0) {
      const v = queue.shift()!;
      for (const w of this.edges.get(v) ?? []) {
        if (!component.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let x = v; x !== start; x = previous.get(x)!) path.unshift(x);
          return [start, ...path];
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  }
}

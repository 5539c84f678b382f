/**
 * The order stacks are built and delivered in, from what each declares it needs (as
 * cdk-eks-blueprints orders add-ons by `@dependable`): a stack after every stack it needs, and
 * otherwise in registration order, so the order is deterministic.
 */
import type { StackDeclaration } from './catalogue/declarations';

/** A stack as far as ordering goes: its name and the names of the stacks it needs. */
export type Dependable = Pick<StackDeclaration, 'name' | 'needs'>;

/**
 * @param where construct path for the messages
 * @throws when a stack needs one that is not among `stacks`, or when stacks need each other in a cycle
 */
export function dependencyOrder<T extends Dependable>(stacks: readonly T[], where: string): T[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  for (const s of stacks) {
    const missing = s.needs.filter((n) => !byName.has(n));
    if (missing.length > 0) throw new Error(`${where}: stack ${s.name} needs ${missing.join(', ')}, which is not selected (selected: ${stacks.map((x) => x.name).join(', ')})`);
  }
  const order: T[] = [];
  const done = new Set<string>();
  const visit = (s: T, path: readonly string[]): void => {
    if (done.has(s.name)) return;
    if (path.includes(s.name)) throw new Error(`${where}: stacks need each other in a cycle: ${[...path.slice(path.indexOf(s.name)), s.name].join(' -> ')}`);
    for (const n of s.needs) visit(byName.get(n)!, [...path, s.name]);
    done.add(s.name);
    order.push(s);
  };
  stacks.forEach((s) => visit(s, []));
  return order;
}

/** What stack `reader` reads from stack `name` (`ctx.need`): only from a stack it declares it needs, built before it. */
export function providedTo<P>(where: string, reader: Dependable, name: string, provided: ReadonlyMap<string, unknown>): P {
  if (!reader.needs.includes(name)) throw new Error(`${where}: stack ${reader.name} reads stack ${name}, which it does not declare in needs (${reader.needs.join(', ') || 'none'})`);
  const value = provided.get(name);
  if (value === undefined) throw new Error(`${where}: stack ${reader.name} reads stack ${name}, which provides nothing`);
  return value as P;
}

/** The plan reader (zod) names the first wrong part of a resource change, with what it expected and got. */
import { readPlan } from '../../lib/policy/plan/read-plan';

const plan = (changes: unknown) => JSON.stringify({ format_version: '1.2', resource_changes: changes });
const good = { address: 'a.b', type: 'a', change: { actions: ['update'], before: { x: 1 }, after: { x: 2 } } };
const error = (entry: unknown) => {
  try {
    readPlan(plan([good, entry]), 'p.json');
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('readPlan', () => {
  it('reads a change, defaults mode and replace paths, and keeps before and after', () => {
    expect(readPlan(plan([{ ...good, mode: 7, change: { ...good.change, replace_paths: null } }]), 'p.json')).toEqual([
      { address: 'a.b', type: 'a', mode: 'managed', actions: ['update'], replacePaths: [], reason: undefined, deposed: undefined, before: { x: 1 }, after: { x: 2 } },
    ]);
  });

  it.each([
    ['a list instead of a change', [], 'p.json: resource_changes[1]: expected a resource change object, got an empty list'],
    ['no address', { ...good, address: undefined }, 'p.json: resource_changes[1].address: expected a string, got nothing'],
    ['an empty type', { ...good, type: '' }, 'p.json: resource_changes[1].type: expected a string, got ""'],
    ['no change', { ...good, change: 'update' }, 'p.json: resource_changes[1].change: expected an object, got "update"'],
    ['an action that is no string', { ...good, change: { actions: ['update', 3] } }, 'p.json: resource_changes[1].change.actions: expected a list of actions such as ["update"], got a list'],
    ['no action', { ...good, change: { actions: [] } }, 'p.json: resource_changes[1].change.actions: expected a list of actions such as ["update"], got an empty list'],
    ['a replace path of objects', { ...good, change: { actions: ['delete', 'create'], replace_paths: [[{}]] } }, 'p.json: resource_changes[1].change.replace_paths: expected a list of attribute paths such as [["db", "password"]], got a list'],
  ])('fails if a change has %s', (_what, entry, message) => {
    expect(error(entry)).toBe(message);
  });
});

/** The platform's stack order: from what each stack needs, never from the order of registration. */
import { dependencyOrder, providedTo } from '../../lib/platform/stack-order';
import { STACKS } from '../../lib/platform/catalogue';

const names = (stacks: readonly { name: string }[]) => stacks.map((s) => s.name);

describe('dependencyOrder', () => {
  it('puts every stack after the stacks it needs, keeping registration order otherwise', () => {
    const order = dependencyOrder([...STACKS].reverse(), 'p');
    order.forEach((s, i) => s.needs.forEach((n) => expect(names(order).indexOf(n)).toBeLessThan(i)));
    expect(names(dependencyOrder(STACKS, 'p'))).toEqual(names(STACKS));
    expect(names(dependencyOrder([{ name: 'b', needs: ['a'] }, { name: 'c', needs: [] }, { name: 'a', needs: [] }], 'p'))).toEqual(['a', 'b', 'c']);
  });

  it('fails if a stack needs one that is not selected, naming both and the construct', () => {
    expect(() => dependencyOrder([{ name: 'forgejo', needs: ['core', 'otc'] }, { name: 'core', needs: [] }], 's/Platform')).toThrow(
      's/Platform: stack forgejo needs otc, which is not selected (selected: forgejo, core)',
    );
  });

  it('fails if stacks need each other in a cycle, naming the cycle', () => {
    const stacks = [
      { name: 'a', needs: [] },
      { name: 'b', needs: ['a', 'd'] },
      { name: 'c', needs: ['b'] },
      { name: 'd', needs: ['c'] },
    ];
    expect(() => dependencyOrder(stacks, 's/Platform')).toThrow('s/Platform: stacks need each other in a cycle: b -> d -> c -> b');
    expect(() => dependencyOrder([{ name: 'a', needs: ['a'] }], 's/Platform')).toThrow('s/Platform: stacks need each other in a cycle: a -> a');
  });
});

describe('providedTo (ctx.need)', () => {
  const provided = new Map<string, unknown>([['core', { dex: 'd' }], ['otc', undefined]]);
  it('gives what a needed stack provides', () => {
    expect(providedTo('s/Platform', { name: 'coder', needs: ['core', 'otc'] }, 'core', provided)).toEqual({ dex: 'd' });
  });

  it('fails if a stack reads one it does not declare in needs, or one that provides nothing', () => {
    expect(() => providedTo('s/Platform', { name: 'terralist', needs: ['otc'] }, 'core', provided)).toThrow('s/Platform: stack terralist reads stack core, which it does not declare in needs (otc)');
    expect(() => providedTo('s/Platform', { name: 'coder', needs: ['core', 'otc'] }, 'otc', provided)).toThrow('s/Platform: stack coder reads stack otc, which provides nothing');
  });
});

/**
 * The walk in front of cdktf's resolve (lib/environment-stack/plain-resolve.ts) returns what
 * cdktf's resolve returns, throws what it throws and has the same effects on the tree (cross-stack
 * references), for generated values that mix plain data with every kind of token and the values
 * cdktf refuses. Each run builds the value twice, in two equal apps: one resolved by cdktf, one
 * by the walk.
 */
import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, TerraformVariable, Testing, Token, Tokenization } from 'cdktf';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import { Markers, ResolveFunction, cdktfResolve, plainDataResolver, resolvePlainDataDirectly } from '../../lib/environment-stack/plain-resolve';

type Spec =
  | { k: 'str'; v: string }
  | { k: 'num'; v: number }
  | { k: 'bool'; v: boolean }
  | { k: 'null' | 'undef' | 'ref' | 'xref' | 'xrefInStr' | 'date' | 'mapToken' | 'fn' | 'construct' | 'listInStr' | 'numToken' | 'numList' | 'stringMapValue' | 'numberMapValue' }
  | { k: 'lazyStr'; v: string }
  | { k: 'inStr'; pre: string; post: string }
  | { k: 'lazyList'; v: string[] }
  | { k: 'join'; v: string[] }
  | { k: 'resolvable'; v: Spec }
  | { k: 'lazyAny'; v: Spec }
  | { k: 'arr'; v: Spec[] }
  | { k: 'obj'; v: [Key, Spec][]; nullProto: boolean }
  | { k: 'deep'; n: number; v: Spec };
type Key = { k: 'plain'; v: string } | { k: 'numberLike' } | { k: 'token'; v: string };

const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('1e5', '-2.5e+10', '${literal}', '$${x}', '%{if}', 'a}b{', 'TfToken[x]', '${TfToken[nope]}', 'v1.2e3', ''));
const key: fc.Arbitrary<Key> = fc.oneof({ weight: 6, arbitrary: fc.record({ k: fc.constant('plain' as const), v: fc.string({ maxLength: 6 }) }) }, fc.constant({ k: 'numberLike' as const }), fc.record({ k: fc.constant('token' as const), v: fc.string({ maxLength: 4 }) }));

const { spec } = fc.letrec<{ spec: Spec; leaf: Spec; node: Spec }>((tie) => ({
  leaf: fc.oneof(
    { weight: 8, arbitrary: fc.record({ k: fc.constant('str' as const), v: text }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('num' as const), v: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, NaN, 1e300)) }) },
    fc.record({ k: fc.constant('bool' as const), v: fc.boolean() }),
    fc.constantFrom<Spec>({ k: 'null' }, { k: 'undef' }, { k: 'ref' }, { k: 'xref' }, { k: 'xrefInStr' }, { k: 'date' }, { k: 'mapToken' }, { k: 'numToken' }, { k: 'numList' }),
    { weight: 3, arbitrary: fc.record({ k: fc.constant('lazyStr' as const), v: text }) },
    { weight: 3, arbitrary: fc.record({ k: fc.constant('inStr' as const), pre: text, post: text }) },
    fc.record({ k: fc.constant('lazyList' as const), v: fc.array(text, { maxLength: 3 }) }),
    fc.record({ k: fc.constant('join' as const), v: fc.array(text, { maxLength: 3 }) }),
    // What cdktf refuses: the walk must refuse it with the same message.
    { weight: 1, arbitrary: fc.constantFrom<Spec>({ k: 'fn' }, { k: 'construct' }, { k: 'listInStr' }, { k: 'stringMapValue' }, { k: 'numberMapValue' }) },
  ),
  node: fc.oneof(
    { weight: 3, arbitrary: fc.record({ k: fc.constant('arr' as const), v: fc.array(tie('spec'), { maxLength: 4 }) }) },
    { weight: 4, arbitrary: fc.record({ k: fc.constant('obj' as const), v: fc.array(fc.tuple(key, tie('spec')), { maxLength: 4 }), nullProto: fc.boolean() }) },
    fc.record({ k: fc.constant('resolvable' as const), v: tie('spec') }),
    fc.record({ k: fc.constant('lazyAny' as const), v: tie('spec') }),
    { weight: 1, arbitrary: fc.record({ k: fc.constant('deep' as const), n: fc.integer({ min: 90, max: 210 }), v: tie('leaf') }) },
  ),
  spec: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('node')),
}));

/** Two stacks: values are resolved in `b`; `a` holds what cross-stack references point to. */
function world() {
  const app = Testing.app();
  const a = new TerraformStack(app, 'a');
  const b = new TerraformStack(app, 'b');
  return { app, b, local: new TerraformVariable(b, 'v', {}), remote: new TerraformVariable(a, 'r', {}), tree: new Construct(b, 'tree') };
}
type World = ReturnType<typeof world>;

function build(s: Spec, w: World): unknown {
  switch (s.k) {
    case 'str':
    case 'num':
    case 'bool':
      return s.v;
    case 'null':
      return null;
    case 'undef':
      return undefined;
    case 'ref':
      return w.local.stringValue;
    case 'xref':
      return w.remote.stringValue;
    case 'xrefInStr':
      return `x-${w.remote.stringValue}-y`;
    case 'date':
      return new Date(0);
    case 'mapToken':
      return Token.asStringMap(Lazy.anyValue({ produce: () => ({ m: 'n' }) }));
    case 'numToken':
      return Token.asNumber(Lazy.numberValue({ produce: () => 7 }));
    case 'numList':
      return Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] }));
    case 'fn':
      return () => 1;
    case 'construct':
      return w.tree;
    case 'listInStr':
      return `l-${Token.asList(Lazy.listValue({ produce: () => ['a'] }))[0]}`;
    case 'stringMapValue':
      return Token.STRING_MAP_TOKEN_VALUE;
    case 'numberMapValue':
      return Token.NUMBER_MAP_TOKEN_VALUE;
    case 'lazyStr':
      return Lazy.stringValue({ produce: () => s.v });
    case 'inStr':
      return `${s.pre}${Lazy.stringValue({ produce: () => 'mid' })}${s.post}`;
    case 'lazyList':
      return Token.asList(Lazy.listValue({ produce: () => s.v }));
    case 'join':
      return Fn.join(',', [...s.v, w.local.stringValue]);
    case 'resolvable': {
      const inner = s.v;
      return { resolve: () => build(inner, w), toString: () => 'r' };
    }
    case 'lazyAny': {
      const inner = s.v;
      return Lazy.anyValue({ produce: () => build(inner, w) });
    }
    case 'arr':
      return s.v.map((x) => build(x, w));
    case 'obj': {
      const out: Record<string, unknown> = s.nullProto ? Object.create(null) : {};
      for (const [k, v] of s.v) out[k.k === 'plain' ? k.v : k.k === 'numberLike' ? '2e5' : `${Lazy.stringValue({ produce: () => k.v })}`] = build(v, w);
      return out;
    }
    case 'deep': {
      let value = build(s.v, w);
      for (let i = 0; i < s.n; i++) value = i % 2 ? [value] : { d: value };
      return value;
    }
  }
}

const cdktf = cdktfResolve()!;
const original = cdktf.module.resolve!;

/** What resolving `s` gives (value or error message) and the tree it leaves behind. */
function outcome(s: Spec, resolve: ResolveFunction, preparing: boolean) {
  const w = world();
  let result: { value: unknown } | { error: string };
  try {
    // Building can throw too (Fn.join checks its list): then both throw alike.
    const value = build(s, w);
    result = { value: resolve(value, { scope: w.b, preparing, resolver: new DefaultTokenResolver(new StringConcat()) }) };
  } catch (e) {
    // Without the token's creation stack, which names this test's call sites (the program records
    // none), and token numbers, which count on through both worlds: as `TOKEN.<n>` in string
    // tokens, and as the double that encodes a number token (-8.109562212604001e+298).
    result = { error: (e as Error).message.replace(/\nObject creation stack:(\n  at .*)*/g, '').replace(/TOKEN\.\d+/g, 'TOKEN.n').replace(/-?\d\.\d+e[+-]\d+/g, '<number token>') };
  }
  return { result, tree: w.app.node.findAll().map((c) => c.node.path) };
}

const sameAsCdktf = (markers: Markers) =>
  fc.property(spec, fc.boolean(), (s, preparing) => {
    expect(outcome(s, plainDataResolver(original, markers), preparing)).toStrictEqual(outcome(s, original, preparing));
  });

/** Every kind of leaf once, inside an object and an array, resolved both ways. */
const LEAVES: Spec[] = (['null', 'undef', 'ref', 'xref', 'xrefInStr', 'date', 'mapToken', 'numToken', 'numList', 'fn', 'construct', 'listInStr', 'stringMapValue', 'numberMapValue'] as const).map((k) => ({ k }));
const EXAMPLES: [Spec, boolean][] = [...LEAVES, { k: 'lazyStr', v: '1e5' } as Spec, { k: 'inStr', pre: '${a}', post: '}' } as Spec].flatMap((leaf) => [
  [{ k: 'obj', v: [[{ k: 'plain', v: 'x' }, { k: 'arr', v: [{ k: 'str', v: 'plain' }, leaf] }]], nullProto: false }, true],
  [{ k: 'arr', v: [leaf, { k: 'num', v: 1 }] }, false],
]);

it('gives what cdktf gives, throws what it throws and adds what it adds, for any mix of plain data and tokens', () => {
  fc.assert(sameAsCdktf(cdktf.markers), { numRuns: 400 + EXAMPLES.length, examples: EXAMPLES });
});

it('fails if the walk copied a number token as a number (planted: no number token recognised)', () => {
  const planted = { ...cdktf.markers, tokenDouble: () => undefined };
  expect(fc.check(sameAsCdktf(planted), { numRuns: EXAMPLES.length, examples: EXAMPLES }).failed).toBe(true);
});

it('fails if the walk took a map-token value for plain text (planted: a wrong marker)', () => {
  const planted = { ...cdktf.markers, stringMap: 'not the marker' };
  expect(fc.check(sameAsCdktf(planted), { numRuns: EXAMPLES.length, examples: EXAMPLES }).failed).toBe(true);
});

it('is installed in front of cdktf once, and Tokenization.resolve goes through it', () => {
  resolvePlainDataDirectly();
  const installed = cdktf.module.resolve;
  expect(installed).not.toBe(original);
  resolvePlainDataDirectly();
  expect(cdktf.module.resolve).toBe(installed);
  const w = world();
  const value = { a: [1, undefined, 'x'], b: w.local.stringValue, c: undefined };
  expect(Tokenization.resolve(value, { scope: w.b, resolver: new DefaultTokenResolver(new StringConcat()) })).toStrictEqual({ a: [1, 'x'], b: '${var.v}' });
});

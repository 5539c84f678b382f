/**
 * The remembering escape step (lib/environment-stack/token-escapes.ts) splits every string into
 * the same literals, tokens and escapes, in the same order, as cdktf's own step, and fails alike
 * where cdktf fails; planted slips in the step and in its memory are caught.
 */
import { Lazy, Token } from 'cdktf';
import { dirname, join } from 'path';
import * as fc from 'fast-check';
import { BeginSearch, EscapeStep, cdktfTokenString, escapeStep, nextEscapeToken, rememberEscapeSearches } from '../../lib/environment-stack/token-escapes';

const lib = dirname(require.resolve('cdktf'));
const { TokenString } = require(join(lib, 'tokens', 'private', 'encoding.js')) as {
  TokenString: { forString(s: string, escapes?: boolean): { split(lookup: (key: string) => unknown): { fragments: unknown[] } }; prototype: { nextEscapeToken: EscapeStep } };
};
const { TokenMap } = require(join(lib, 'tokens', 'private', 'token-map.js')) as { TokenMap: { instance(): { lookupToken(key: string): unknown } } };
const original = TokenString.prototype.nextEscapeToken;
afterEach(() => (TokenString.prototype.nextEscapeToken = original));

const tokens = [Token.asString(Lazy.stringValue({ produce: () => 'a' })), Token.asString(Lazy.stringValue({ produce: () => 'b' }))];
const piece = fc.constantFrom('${', '}', '{', '$', '$${', '%{', '%%{', 'TfToken[', ']}', 'x', 'yz', ' ', '\n', '"', ...tokens);
const text = fc.array(piece, { maxLength: 40 }).map((p) => p.join(''));

/** The fragments of `s` (or cdktf's error) with `step` as cdktf's escape step. */
function split(s: string, step: EscapeStep, escapes: boolean) {
  TokenString.prototype.nextEscapeToken = step;
  const map = TokenMap.instance();
  try {
    return { fragments: TokenString.forString(s, escapes).split(map.lookupToken.bind(map)).fragments };
  } catch (e) {
    return { error: (e as Error).message };
  } finally {
    TokenString.prototype.nextEscapeToken = original;
  }
}

const sameAsCdktf = (step: EscapeStep) => fc.property(text, fc.boolean(), (s, escapes) => expect(split(s, step, escapes)).toStrictEqual(split(s, original, escapes)));
/** cdktf's empty literal (a `}` where a step starts, a `${` after it), several escapes, JSON. */
const EXAMPLES: [string, boolean][] = [
  [`}${tokens[0]}`, true],
  [`}a\${b}${tokens[0]}`, true],
  [`\${a}\${b}}}\${c}${tokens[1]}`, true],
  [`a}b\${c}${tokens[1]}}`, true],
  [`{"k": "$\${x}", "h": "${tokens[0]}"}`, true],
];

it("gives cdktf's fragments for any string of markers, braces, escapes and tokens", () => {
  fc.assert(sameAsCdktf(nextEscapeToken), { numRuns: 1000 + EXAMPLES.length, examples: EXAMPLES });
});

it("fails if the step drops cdktf's empty literal before a `}` where it starts (planted)", () => {
  const planted: EscapeStep = function (fragments, startIndex, escapeDepth, maxIndex) {
    const quiet = { addLiteral: (lit: string) => lit !== '' && fragments.addLiteral(lit), addEscape: (k: 'open' | 'close') => fragments.addEscape(k) };
    return nextEscapeToken.call(this, quiet, startIndex, escapeDepth, maxIndex);
  };
  expect(fc.check(sameAsCdktf(planted), { numRuns: EXAMPLES.length, examples: EXAMPLES }).failed).toBe(true);
});

it('fails if the step took a remembered search for the whole string (planted: nothing after the first match)', () => {
  const first = new WeakMap<object, number>();
  const once: BeginSearch = (host, from) => {
    if (!first.has(host)) {
      const at = host.str.slice(from).search(/\$\{(?!TfToken\[)/);
      first.set(host, at === -1 ? -1 : at + from);
    }
    const at = first.get(host)!;
    return at >= from ? at : -1;
  };
  expect(fc.check(sameAsCdktf(escapeStep(once)), { numRuns: EXAMPLES.length, examples: EXAMPLES }).failed).toBe(true);
});

it('is installed in front of cdktf', () => {
  rememberEscapeSearches();
  expect(cdktfTokenString()!.prototype.nextEscapeToken).toBe(nextEscapeToken);
  TokenString.prototype.nextEscapeToken = original;
});

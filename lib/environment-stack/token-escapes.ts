/**
 * cdktf splits a string that holds a token into literals, tokens and escapes (`${` ... `}`) one
 * step at a time, and each step searches the rest of the string for the next literal `${` again
 * from where it stands: one scan to the end of the string per `}`. A Helm values string (tens of
 * kB of JSON, hundreds of `}`) with a token in it is scanned that often in each of the three
 * resolves of a synth: the largest single cost of `prepareStack` (docs/performance.md).
 *
 * `rememberEscapeSearches()` replaces the step (TokenString.nextEscapeToken, cdktf 0.21's
 * tokens/private/encoding.js) by the same step that remembers, per string, where the next
 * literal `${` is: the first match at or after a position is the same for every later position up
 * to that match. Everything else is cdktf's step line by line, the same fragments in the same
 * order (test/environment-stack/token-escapes.test.ts compares both on generated strings).
 */
import { cdktfModule } from './cdktf-internals';

/** What the step adds to; cdktf's TokenizedStringFragments. */
interface Fragments {
  addLiteral(lit: string): void;
  addEscape(kind: 'open' | 'close'): void;
}

export interface EscapeStepHost {
  readonly str: string;
}

export type EscapeStep = (this: EscapeStepHost, fragments: Fragments, startIndex: number, escapeDepth: number, maxIndex: number) => { index: number; escapeDepth: number };

/** Where the first literal `${` at or after `from` starts in the host's string (-1: none). */
export type BeginSearch = (host: EscapeStepHost, from: number) => number;

/** cdktf's ESCAPE_TOKEN_BEGIN_REGEX: a `${` that starts no token marker. */
const BEGIN = /\$\{(?!TfToken\[)/g;
/** Length of a BEGIN match. */
const BEGIN_LENGTH = 2;

/** Per string: the first BEGIN match at or after `from` is at `at` (-1: none). */
const searches = new WeakMap<EscapeStepHost, { from: number; at: number }>();

const rememberedBegin: BeginSearch = (host, from) => {
  const known = searches.get(host);
  if (known && known.from <= from && (known.at === -1 || from <= known.at)) return known.at;
  BEGIN.lastIndex = from;
  const match = BEGIN.exec(host.str);
  const at = match ? match.index : -1;
  searches.set(host, { from, at });
  return at;
};

/** cdktf's nextEscapeToken, with the search for the next `${` given. */
export function escapeStep(nextBegin: BeginSearch): EscapeStep {
  return function nextEscapeToken(fragments, startIndex, escapeDepth, maxIndex) {
    const begin = nextBegin(this, startIndex);
    const end = this.str.indexOf('}', startIndex);
    const startMatch = begin !== -1 && begin < maxIndex ? begin : -1;
    const endMatch = end !== -1 && end < maxIndex ? end : -1;
    if (startMatch === -1 && endMatch === -1) return { index: -1, escapeDepth };
    if (startMatch !== -1 && endMatch !== -1) {
      // As cdktf: a literal up to the nearer one, also an empty one when `}` stands at startIndex.
      if (startMatch > startIndex) fragments.addLiteral(this.str.substring(startIndex, Math.min(startMatch, endMatch)));
      if (startMatch < endMatch) {
        fragments.addEscape('open');
        return { index: startMatch + BEGIN_LENGTH, escapeDepth: escapeDepth + 1 };
      }
      fragments.addEscape('close');
      return { index: endMatch + 1, escapeDepth: escapeDepth - 1 };
    }
    if (startMatch !== -1) {
      if (startMatch > startIndex) fragments.addLiteral(this.str.substring(startIndex, startMatch));
      fragments.addEscape('open');
      return { index: startMatch + BEGIN_LENGTH, escapeDepth: escapeDepth + 1 };
    }
    if (endMatch > startIndex) fragments.addLiteral(this.str.substring(startIndex, endMatch));
    fragments.addEscape('close');
    return { index: endMatch + 1, escapeDepth: escapeDepth - 1 };
  };
}

/** cdktf's step, remembering its searches. */
export const nextEscapeToken = escapeStep(rememberedBegin);

interface TokenStringClass {
  prototype: { nextEscapeToken?: EscapeStep };
}

/** cdktf's TokenString class, if it has the step this replaces. */
export function cdktfTokenString(): TokenStringClass | undefined {
  const encoding = cdktfModule<{ TokenString?: TokenStringClass }>('tokens/private/encoding.js');
  return typeof encoding.TokenString?.prototype.nextEscapeToken === 'function' ? encoding.TokenString : undefined;
}

/** Installs the remembering step, once per cdktf module instance. */
export function rememberEscapeSearches(): void {
  const tokenString = cdktfTokenString();
  if (tokenString) tokenString.prototype.nextEscapeToken = nextEscapeToken;
}

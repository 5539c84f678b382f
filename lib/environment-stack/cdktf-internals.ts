/**
 * cdktf 0.21's own modules that the program patches or reads: the token stack traces
 * (token-traces.ts), the binary version checks (binary-versions.ts), its resolve and token
 * markers (plain-resolve.ts), its escape step (token-escapes.ts) and the archiver it loads
 * (deferred-archiver.ts). Found from cdktf's main without loading it; every user checks that what
 * it replaces exists and leaves cdktf alone otherwise. Check them all on a cdktf upgrade.
 */
import { dirname, join } from 'path';

/** cdktf's `lib/` folder. */
export const CDKTF_LIB = dirname(require.resolve('cdktf'));

/** One of cdktf's modules by its path below `lib/`, e.g. `cdktfModule('tokens', 'private', 'resolve.js')`. */
export function cdktfModule<T>(...path: string[]): T {
  return require(join(CDKTF_LIB, ...path)) as T;
}

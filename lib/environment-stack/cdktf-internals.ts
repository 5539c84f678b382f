/**
 * cdktf 0.21's own modules that the program patches or reads: the token stack traces
 * (token-traces.ts), the binary version checks (binary-versions.ts), its resolve and token
 * markers (plain-resolve.ts), its escape step (token-escapes.ts) and the archiver it loads
 * (deferred-archiver.ts). Each is named by its path in the package, as a literal, so that the
 * linked program (lib/ops/build/link.js) finds the very module instances cdktf itself uses.
 * Every user checks that what it replaces exists and leaves cdktf alone otherwise. Check them
 * all on a cdktf upgrade.
 */
import { dirname } from 'path';

/** cdktf's `lib/` folder. */
export const CDKTF_LIB = dirname(require.resolve('cdktf'));

/** cdktf's modules by their path below `lib/`. */
const MODULES = {
  'tokens/private/encoding.js': () => require('cdktf/lib/tokens/private/encoding.js') as unknown,
  'tokens/private/resolve.js': () => require('cdktf/lib/tokens/private/resolve.js') as unknown,
  'tokens/private/stack-trace.js': () => require('cdktf/lib/tokens/private/stack-trace.js') as unknown,
  'tokens/token.js': () => require('cdktf/lib/tokens/token.js') as unknown,
  'validations/validate-binary-version.js': () => require('cdktf/lib/validations/validate-binary-version.js') as unknown,
  'validations/validate-terraform-version.js': () => require('cdktf/lib/validations/validate-terraform-version.js') as unknown,
} as const;

export type CdktfModulePath = keyof typeof MODULES;

/** One of cdktf's modules by its path below `lib/`, e.g. `cdktfModule('tokens/private/resolve.js')`. */
export function cdktfModule<T>(path: CdktfModulePath): T {
  return MODULES[path]() as T;
}

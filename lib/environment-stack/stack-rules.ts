/**
 * The platform catalogue's stacks as the config loader validates them (`stacks:` and
 * `observability.central`), from the catalogue's declarations: each stack's needs, tier, hosts,
 * and, from its `needsRemote`, the stacks the environment named by `observability.central` must
 * run. The loader (lib/config) knows no stack names; the catalogue declares them, and this layer,
 * which maps config onto the platform, hands them over. Imports nothing heavy (test/config/light-load.test.ts).
 */
import type { StackRule } from '../config/model';
import { DECLARATIONS } from '../platform/catalogue/declarations';

export const STACK_RULES: readonly StackRule[] = DECLARATIONS.map((s) => ({
  name: s.name,
  needs: [...s.needs],
  needsCloud: s.needsCloud,
  hosts: [...s.hosts],
  ...(s.runsDeployments ? { runsDeployments: true } : {}),
  ...(s.needsRemote?.length ? { central: [...s.needsRemote] } : {}),
}));

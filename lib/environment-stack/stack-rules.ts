/**
 * The platform catalogue's stacks as the config loader validates them (`stacks:` and
 * `observability.central`): the catalogue's rules plus, from each stack's `needsRemote`, the stacks
 * the environment named by `observability.central` must run. The loader (lib/config) knows no
 * stack names; the catalogue declares them, and this layer, which maps config onto the platform,
 * hands them over.
 */
import type { StackRule } from '../config/model';
import { STACKS } from '../platform/catalogue';
import { STACK_RULES as CATALOGUE_RULES } from '../platform/catalogue/rules';

export const STACK_RULES: readonly StackRule[] = CATALOGUE_RULES.map((rule) => {
  const remote = STACKS.find((s) => s.name === rule.name)?.needsRemote ?? [];
  return remote.length > 0 ? { ...rule, central: [...remote] } : rule;
});

/**
 * What the config loader needs to know of each stack: its dependencies and whether it needs OTC
 * resources. Kept next to the stack modules so that registering a stack registers its rule.
 */
import type { StackRule } from '../../config/model';

export const STACK_RULES: readonly StackRule[] = [
  { name: 'core', needs: [], needsCloud: false },
  { name: 'otc', needs: ['core'], needsCloud: true },
  { name: 'forgejo', needs: ['core', 'otc'], needsCloud: true },
  { name: 'observability', needs: ['core', 'otc'], needsCloud: true },
  { name: 'observability-client', needs: ['core', 'otc'], needsCloud: true },
  { name: 'coder', needs: ['core', 'otc'], needsCloud: true },
  { name: 'terralist', needs: ['core', 'otc'], needsCloud: true },
];

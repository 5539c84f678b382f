/**
 * What the config loader needs to know of each stack: its dependencies, whether it needs OTC
 * resources and the public hosts of its services. Derived from the registered stack modules, so
 * registering a stack registers its rule.
 */
import type { StackRule } from '../../config/model';
import { STACKS } from './index';

export const STACK_RULES: readonly StackRule[] = STACKS.map((s) => ({ name: s.name, needs: [...s.needs], needsCloud: s.needsCloud, hosts: [...s.hosts] }));

/**
 * The platform catalogue's stacks as the config loader validates them (`stacks:` and
 * `observability.central`), with the relation the catalogue's rules do not carry yet: which stack
 * reports to a stack of another environment. The loader (lib/config) knows no stack names; the
 * environment stack, which maps config onto the platform, does.
 */
import type { StackRule } from '../config/model';
import { STACK_RULES as CATALOGUE_RULES } from '../platform/catalogue/rules';

/** Stack -> the stack of the central environment it reports to (metrics, logs). */
const REPORTS_TO: Readonly<Record<string, string>> = { 'observability-client': 'observability' };

export const STACK_RULES: readonly StackRule[] = CATALOGUE_RULES.map((r) => (REPORTS_TO[r.name] ? { ...r, central: REPORTS_TO[r.name] } : r));

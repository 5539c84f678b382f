/**
 * The stack catalogue: every stack module. The platform orders them by what each `needs`.
 * Adding a stack: declare it in ./declarations.ts (what the config loader reads), write its module
 * (StackModule, spreading its declaration) and add it here, in the declarations' order.
 */
import { coder } from './coder';
import { core } from './core';
import { forgejo, type ForgejoSettings } from './forgejo';
import { observability, type ObservabilitySettings } from './observability';
import { observabilityClient } from './observability-client';
import { otc, type OtcSettings } from './otc';
import { terralist } from './terralist';
import type { StackModule } from './types';

export const STACKS: readonly StackModule[] = [core, otc, forgejo, observability, observabilityClient, coder, terralist];

/** Each stack's own settings, by stack name (its `ctx.settings`): the environment stack maps them from the config. */
export interface StackSettings {
  readonly otc?: OtcSettings;
  readonly forgejo?: ForgejoSettings;
  readonly observability?: ObservabilitySettings;
}

/**
 * The stack catalogue: every stack module. The platform orders them by what each `needs`.
 * Adding a stack: write its module (StackModule) and add it here; its rule for the config loader
 * (lib/platform/catalogue/rules.ts) follows from the module.
 */
import { coder } from './coder';
import { core } from './core';
import { forgejo } from './forgejo';
import { observability } from './observability';
import { observabilityClient } from './observability-client';
import { otc } from './otc';
import { terralist } from './terralist';
import type { StackModule } from './types';

export const STACKS: readonly StackModule[] = [core, otc, forgejo, observability, observabilityClient, coder, terralist];

/** Ports the selected stacks open on the environment's load balancer, besides HTTP and HTTPS. */
export function publicPorts(stacks: readonly string[]): number[] {
  return STACKS.filter((s) => stacks.includes(s.name)).flatMap((s) => s.publicPorts ?? []);
}

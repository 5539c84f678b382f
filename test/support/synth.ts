/**
 * Synthesizes the shipped environments (or given ones) in memory for assertions and snapshots.
 * cdktf and the program are loaded only when something is synthesized here: many test files
 * import this module for ROOT alone, and the shipped stacks come from ./shared.ts when another
 * test file of the run has synthesized them already.
 */
import type { EnvironmentConfig } from '../../lib/config/model';
import { ROOT, shared } from './shared';

export { ROOT };

export function shippedEnvironments(): EnvironmentConfig[] {
  const { loadEnvironments } = require('../../lib/config/load') as typeof import('../../lib/config/load');
  const { STACK_RULES } = require('../../lib/environment-stack/stack-rules') as typeof import('../../lib/environment-stack/stack-rules');
  return loadEnvironments({ root: ROOT, stacks: STACK_RULES });
}

/** The synthesized `cdk.tf.json` of one environment, as a string (what `Testing` matchers take). */
export function synthString(env: EnvironmentConfig): string {
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const { EnvironmentStack } = require('../../lib/environment-stack') as typeof import('../../lib/environment-stack');
  const app = Testing.app();
  const stack = new EnvironmentStack(app, env);
  return Testing.synth(stack);
}

export type TfJson = {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, unknown>;
};

export function synthJson(env: EnvironmentConfig): TfJson {
  return JSON.parse(synthString(env)) as TfJson;
}

let cache: Map<string, string> | undefined;

/** Every shipped environment, synthesized once per jest run (./shared.ts): stack id -> cdk.tf.json. */
export function shippedStacks(): Map<string, string> {
  cache ??= shared('shipped-stacks', () => new Map(shippedEnvironments().map((e) => [e.stackId, synthString(e)])));
  return cache;
}

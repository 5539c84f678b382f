/** Synthesizes the shipped environments (or given ones) in memory for assertions and snapshots. */
import { Testing } from 'cdktf';
import { resolve } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { EnvironmentConfig } from '../../lib/config/model';
import { EnvironmentStack } from '../../lib/environment-stack';
import { STACK_RULES } from '../../lib/platform/catalogue/rules';

export const ROOT = resolve(__dirname, '../..');

export function shippedEnvironments(): EnvironmentConfig[] {
  return loadEnvironments({ root: ROOT, stacks: STACK_RULES });
}

/** The synthesized `cdk.tf.json` of one environment, as a string (what `Testing` matchers take). */
export function synthString(env: EnvironmentConfig): string {
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

/** Every shipped environment, synthesized once per test file. */
export function shippedStacks(): Map<string, string> {
  cache ??= new Map(shippedEnvironments().map((e) => [e.stackId, synthString(e)]));
  return cache;
}

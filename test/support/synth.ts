/**
 * Synthesizes the shipped environments (or given ones) in memory for assertions and snapshots.
 * cdktf and the program are loaded only when something is synthesized here: many test files
 * import this module for ROOT alone, and the shipped stacks come from ./shared.ts when another
 * test file of the run has synthesized them already.
 */
import type { EnvironmentConfig } from '../../lib/config/model';
import type { PolicyReport } from '../../lib/policy/aspect';
import { ROOT, shared } from './shared';

export { ROOT };

export function shippedEnvironments(): EnvironmentConfig[] {
  const { loadEnvironments } = require('../../lib/config/load') as typeof import('../../lib/config/load');
  const { STACK_RULES } = require('../../lib/environment-stack/stack-rules') as typeof import('../../lib/environment-stack/stack-rules');
  return loadEnvironments({ root: ROOT, stacks: STACK_RULES });
}

/** The synthesized `cdk.tf.json` of one environment, as a string (what `Testing` matchers take). */
export function synthString(env: EnvironmentConfig): string {
  return synthWithReport(env).json;
}

/** synthString, and what the stack's PolicyAspect reported at that synth. */
function synthWithReport(env: EnvironmentConfig): { json: string; report: PolicyReport | undefined } {
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const { EnvironmentStack } = require('../../lib/environment-stack') as typeof import('../../lib/environment-stack');
  const { PolicyAspect } = require('../../lib/policy/aspect') as typeof import('../../lib/policy/aspect');
  const app = Testing.app();
  const stack = new EnvironmentStack(app, env);
  const json = Testing.synth(stack);
  return { json, report: PolicyAspect.of(stack)?.report };
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

let synthesized: Map<string, string> | undefined;
let cache: Map<string, string> | undefined;
let reports: Map<string, PolicyReport | null> | undefined;

/** Every shipped environment synthesized once per jest run (./shared.ts): `json <id>` -> cdk.tf.json, `policy <id>` -> the report, as JSON. */
function shippedSynth(): Map<string, string> {
  synthesized ??= shared('shipped-synth', () => {
    const out = new Map<string, string>();
    for (const e of shippedEnvironments()) {
      const { json, report } = synthWithReport(e);
      out.set(`json ${e.stackId}`, json);
      out.set(`policy ${e.stackId}`, JSON.stringify(report ?? null));
    }
    return out;
  });
  return synthesized;
}

const byPrefix = (prefix: string) => new Map([...shippedSynth()].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));

/** Every shipped environment, synthesized once per jest run (./shared.ts): stack id -> cdk.tf.json. */
export function shippedStacks(): Map<string, string> {
  cache ??= byPrefix('json ');
  return cache;
}

/** What each shipped stack's PolicyAspect reported at that same synth (null: the stack had none, or it never ran). */
export function shippedPolicyReports(): Map<string, PolicyReport | null> {
  reports ??= new Map([...byPrefix('policy ')].map(([id, text]) => [id, JSON.parse(text) as PolicyReport | null]));
  return reports;
}

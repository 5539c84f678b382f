/**
 * Synthesizes the platform layer of the shipped environments. OTC environments get stand-in
 * CloudServices made of Terraform variables (`${var.elb_id}`), never literal fake ids: until the
 * infra layer is merged, that is what `infra.services` will be replaced by.
 */
import type { TerraformStack } from 'cdktf';
import { parse } from 'yaml';
import type { EnvironmentConfig } from '../../lib/config/model';
import { unescapeTerraform } from '../../lib/platform/render';
import type { Platform } from '../../lib/platform';
import { shared } from '../support/shared';
import { shippedEnvironments, TfJson } from '../support/synth';

/** A stack with just the providers and the platform layer of one environment (cdktf loaded on first use). */
function platformTestStack(env: EnvironmentConfig): TerraformStack & { readonly platform: Platform } {
  const { Testing, TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { platformProps } = require('../../lib/environment-stack/platform-props') as typeof import('../../lib/environment-stack/platform-props');
  const { Platform } = require('../../lib/platform') as typeof import('../../lib/platform');
  const { standInServices } = require('../../lib/platform/stand-in-services') as typeof import('../../lib/platform/stand-in-services');
  const { configureClusterProviders } = require('../../lib/providers/kubernetes') as typeof import('../../lib/providers/kubernetes');
  const stack = new TerraformStack(Testing.app(), env.stackId);
  configureClusterProviders(stack, { kind: 'kubeconfig', configPath: '~/.kube/config', context: 'test' });
  const platform = new Platform(stack, 'Platform', platformProps(env, env.kind === 'otc' ? standInServices(stack) : undefined));
  return Object.assign(stack, { platform });
}

export interface Synthesized {
  readonly env: EnvironmentConfig;
  readonly json: string;
  readonly tf: TfJson;
}

let cache: Map<string, Synthesized> | undefined;

/** The platform layer of every shipped environment, synthesized once per jest run (../support/shared.ts). */
export function platformStacks(): Map<string, Synthesized> {
  if (!cache) {
    const envs = shippedEnvironments();
    const json = shared('platform-stacks', () => new Map(envs.map((env) => [env.stackId, synthPlatform(env).json])));
    cache = new Map(envs.map((env) => [env.stackId, { env, json: json.get(env.stackId)!, tf: JSON.parse(json.get(env.stackId)!) as TfJson }]));
  }
  return cache;
}

/** The platform layer of one environment, synthesized here, with its construct tree. */
export function synthPlatform(env: EnvironmentConfig): Synthesized & { readonly stack: TerraformStack & { readonly platform: Platform } } {
  const { Testing } = require('cdktf') as typeof import('cdktf');
  const stack = platformTestStack(env);
  const json = Testing.synth(stack);
  return { env, stack, json, tf: JSON.parse(json) as TfJson };
}

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [k: string]: unknown };

/**
 * A raw release's values text -> its objects, parsed once per test file: the tests ask for the
 * same releases' objects again and again (every `values(tf, name)` reads all of a stack's
 * Applications). Never handed out: callers get copies (structuredClone of parsed YAML is the
 * same plain data), so a test that changes what it got changes nothing another test reads.
 */
const parsedValues = new Map<string, readonly K8sObject[]>();

function parsedResources(v: string): readonly K8sObject[] {
  let objects = parsedValues.get(v);
  if (!objects) parsedValues.set(v, (objects = (parse(unescapeTerraform(v)) as { resources?: K8sObject[] }).resources ?? []));
  return objects;
}

const rawReleases = (tf: TfJson) => Object.values(tf.resource?.helm_release ?? {}).filter((r) => r.chart === 'raw');
const deliveredResources = (tf: TfJson) => rawReleases(tf).flatMap((r) => (r.values as string[]).flatMap(parsedResources));

/** The objects of a helm_release of the raw chart, read back from the synthesized JSON. */
export function releaseObjects(release: Record<string, unknown>): K8sObject[] {
  // One copy per values text, as one parse per text gave.
  return (release.values as string[]).flatMap((v) => structuredClone(parsedResources(v)));
}

/** Every object delivered to Argo CD (AppProjects, Applications), per stack release. */
export function deliveredObjects(tf: TfJson): K8sObject[] {
  return rawReleases(tf).flatMap((r) => releaseObjects(r));
}

export type Application = K8sObject & {
  spec: {
    project: string;
    destination: { namespace: string; server: string };
    sources: { repoURL: string; chart: string; targetRevision: string; helm?: { releaseName?: string; valuesObject?: Record<string, any> } }[];
    syncPolicy: Record<string, any>;
  };
};

export function applications(tf: TfJson): Application[] {
  return deliveredObjects(tf).filter((o): o is Application => o.kind === 'Application');
}

export function application(tf: TfJson, name: string): Application {
  const app = deliveredResources(tf).find((o): o is Application => o.kind === 'Application' && o.metadata.name === name);
  if (!app) throw new Error(`no Application ${name}; have ${applications(tf).map((a) => a.metadata.name).join(', ')}`);
  return structuredClone(app);
}

/** The chart values of an Application (its first source). */
export function values(tf: TfJson, name: string): Record<string, any> {
  return application(tf, name).spec.sources[0].helm?.valuesObject ?? {};
}

/** Companion manifests of an Application (objects of its raw-chart source). */
export function companions(app: Application): K8sObject[] {
  return app.spec.sources.filter((s) => s.chart === 'raw').flatMap((s) => (s.helm?.valuesObject?.resources ?? []) as K8sObject[]);
}

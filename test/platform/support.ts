/**
 * Synthesizes the platform layer of the shipped environments. OTC environments get stand-in
 * CloudServices made of Terraform variables (`${var.elb_id}`), never literal fake ids: until the
 * infra layer is merged, that is what `infra.services` will be replaced by.
 */
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { parse } from 'yaml';
import { EnvironmentConfig } from '../../lib/config/model';
import { platformProps } from '../../lib/environment-stack/platform-props';
import { Platform } from '../../lib/platform';
import { unescapeTerraform } from '../../lib/platform/render';
import { standInServices } from '../../lib/platform/stand-in-services';
import { configureClusterProviders } from '../../lib/providers/kubernetes';
import { shippedEnvironments, TfJson } from '../support/synth';

/** A stack with just the providers and the platform layer of one environment. */
export class PlatformTestStack extends TerraformStack {
  readonly platform: Platform;
  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.stackId);
    configureClusterProviders(this, { kind: 'kubeconfig', configPath: '~/.kube/config', context: 'test' });
    this.platform = new Platform(this, 'Platform', platformProps(env, env.kind === 'otc' ? standInServices(this) : undefined));
  }
}

export interface Synthesized {
  readonly env: EnvironmentConfig;
  readonly stack: PlatformTestStack;
  readonly json: string;
  readonly tf: TfJson;
}

let cache: Map<string, Synthesized> | undefined;

export function platformStacks(): Map<string, Synthesized> {
  if (!cache) {
    cache = new Map();
    for (const env of shippedEnvironments()) {
      const stack = new PlatformTestStack(Testing.app(), env);
      const json = Testing.synth(stack);
      cache.set(env.stackId, { env, stack, json, tf: JSON.parse(json) as TfJson });
    }
  }
  return cache;
}

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [k: string]: unknown };

/** The objects of a helm_release of the raw chart, read back from the synthesized JSON. */
export function releaseObjects(release: Record<string, unknown>): K8sObject[] {
  const values = (release.values as string[]).map((v) => parse(unescapeTerraform(v)) as { resources?: K8sObject[] });
  return values.flatMap((v) => v.resources ?? []);
}

/** Every object delivered to Argo CD (AppProjects, Applications), per stack release. */
export function deliveredObjects(tf: TfJson): K8sObject[] {
  const releases = Object.values(tf.resource?.helm_release ?? {}).filter((r) => r.chart === 'raw');
  return releases.flatMap((r) => releaseObjects(r));
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
  const app = applications(tf).find((a) => a.metadata.name === name);
  if (!app) throw new Error(`no Application ${name}; have ${applications(tf).map((a) => a.metadata.name).join(', ')}`);
  return app;
}

/** The chart values of an Application (its first source). */
export function values(tf: TfJson, name: string): Record<string, any> {
  return application(tf, name).spec.sources[0].helm?.valuesObject ?? {};
}

/** Companion manifests of an Application (objects of its raw-chart source). */
export function companions(app: Application): K8sObject[] {
  return app.spec.sources.filter((s) => s.chart === 'raw').flatMap((s) => (s.helm?.valuesObject?.resources ?? []) as K8sObject[]);
}

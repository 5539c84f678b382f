/**
 * What a stack module is: its declaration (./declarations.ts) and a `build` that returns its
 * Applications (typed) after writing the Secrets it needs (adding a stack: ./index.ts).
 */
import type { IResolvable } from 'cdktf';
import type { Construct } from 'constructs';
import type { Values } from '../argocd/types';
import type { CloudServices } from '../../contracts/cloud';
import type { KubernetesObject } from '../../contracts/manifest';
import type { SecretWriter } from '../secrets';
import type { ChartRef } from './charts';
import type { Capability, StackDeclaration } from './declarations';
import type { Hosts } from './ingress';

/** A companion manifest: applied by Argo CD inside its Application, after the chart's resources. */
export interface CompanionManifest {
  readonly object: KubernetesObject;
  /**
   * Argo CD sync wave inside the Application: 1 (default) applies it after the chart's own
   * resources (wave 0) are healthy, i.e. after the operator defining its CRD runs; -1 before them.
   */
  readonly wave?: number;
  /** Extra sync options, e.g. `Replace=true` for objects with immutable fields. */
  readonly syncOptions?: readonly string[];
}

/** One Argo CD Application of a stack. */
export interface AppSpec {
  /** Application name (the seed's names: `argocd`, `forgejo-server`, `vm-client`, ...). */
  readonly name: string;
  /** Destination namespace. */
  readonly namespace: string;
  /** The chart and its typed values; absent for an Application of companion manifests only. */
  readonly chart?: ChartRef;
  readonly values?: Values;
  /** Helm release name; @default - the Application name */
  readonly releaseName?: string;
  readonly manifests?: readonly CompanionManifest[];
  /**
   * The chart renders custom resources whose CRD another Application installs (a ServiceMonitor,
   * cert-manager's Issuer). Argo CD syncs Applications in parallel, so the Application gets
   * `SkipDryRunOnMissingResource=true` (the rest of the chart applies while the CRD is still
   * missing) and its bounded retry applies those resources once the CRD exists. Companion
   * manifests carry the option themselves.
   * @default false
   */
  readonly crdsFromOtherApplications?: boolean;
  /**
   * Sync with `ServerSideApply=true`: for objects too large for client-side apply, whose
   * `last-applied-configuration` annotation would pass the API server's 256 KiB (large CRDs).
   * @default false
   */
  readonly serverSideApply?: boolean;
  /**
   * Cascade-delete the Application's resources when the Application goes (Argo CD finalizer).
   * @default true; false only for Argo CD itself, which cannot delete itself and then finish.
   */
  readonly cascadeDelete?: boolean;
}

/** A Dex static client that a stack consumes (Dex runs in the core stack). */
export interface SsoClient {
  readonly id: string;
  readonly name: string;
  readonly redirectURIs: readonly string[];
  /** Environment variable of the Dex container holding the client secret (`secretEnv`). */
  readonly secretEnv: string;
}

/** The generated secret of each Dex client, shared by Dex and the client's own namespace. */
export interface SsoSecrets {
  /** Every client of the selected stacks, in selection order. */
  readonly clients: readonly SsoClient[];
  /** Token of the client's generated secret (random_password.result). */
  secret(clientId: string): string;
}

/** Another environment's stack as its module reads it from that environment's Terraform state. */
export interface RemoteStack {
  /** The stack's hosts in the other environment. */
  readonly hosts: Hosts;
  /** This environment's stack id (its name there). */
  readonly consumer: string;
  /** An output of the other environment's state (a token). */
  output(name: string): IResolvable;
}

/** Everything a stack module may read: narrow and readonly, never the environment config. `S`: its own settings. */
export interface StackContext<S = unknown> {
  /** Terraform stack id of the environment (`prod-edp`): its name towards other environments. */
  readonly stackId: string;
  /** The stack's hosts and URLs on the environment domain, by the labels its declaration lists. */
  readonly hosts: Hosts;
  readonly ssoOrganisation: string;
  /** Base URL of the Forgejo instance Dex authenticates against. */
  readonly ssoForgejoUrl: string;
  readonly gitops: { readonly repoURL: string };
  /** OTC services; undefined on the local tier. */
  readonly services?: CloudServices;
  /** True when a selected stack offers the capability (its declaration's `capabilities`). */
  has(capability: Capability): boolean;
  readonly sso: SsoSecrets;
  readonly secrets: SecretWriter;
  /** What a stack this one `needs` provides; fails for a stack not declared in `needs`. */
  need<P>(module: StackModule<P, unknown>): P;
  /** What a stack of another environment provides; fails for a stack not declared in `needsRemote`. */
  remote<R>(module: StackModule<unknown, R>): R;
  /** The stack's own settings, mapped from the config by the environment stack (`StackSettings`). */
  readonly settings?: S;
}

export interface StackBuild<P = unknown> {
  readonly applications: readonly AppSpec[];
  /** What the stacks that need this one read from it (their `ctx.need(module)`). */
  readonly provides?: P;
  /** The Argo CD Application (one of `applications`) that Terraform installs first; one stack has it. */
  readonly bootstrap?: AppSpec;
}

/**
 * A stack: `P` is what it provides to stacks of its environment, `R` to those of other
 * environments, `S` its own settings (its entry in `StackSettings`, ./index.ts).
 */
export interface StackModule<P = unknown, R = unknown, S = unknown> extends StackDeclaration {
  /** Dex clients this stack consumes; called before any stack is built. */
  ssoClients?(hosts: Hosts): readonly SsoClient[];
  /** Writes the stack's Secrets under `scope` and returns its Applications. */
  build(scope: Construct, ctx: StackContext<S>): StackBuild<P>;
  /** What it provides to another environment that reads this environment's state. */
  remote?(env: RemoteStack): R;
}

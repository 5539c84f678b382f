/**
 * What the loader hands to the program: one validated, defaulted environment with its tenant.
 * Types come from the zod schemas only.
 */
import type { LocalEnvironmentSettings, OtcEnvironmentSettings } from './schema/environment';
import type { LocalTenant, OtcTenant } from './schema/tenant';

interface Common {
  /** Tenant folder name: `prod`, `nonprod`, `local`. */
  readonly tenantName: string;
  /** Environment name from the file name: `edp`, `test-me`. */
  readonly name: string;
  /** Terraform stack id `<tenant>-<env>`. */
  readonly stackId: string;
  /** Public domain of the environment. */
  readonly domain: string;
  /** Environment file, relative to the project root. */
  readonly file: string;
  /** The central observability environment named by `observability.central`, resolved. */
  readonly central?: {
    readonly stackId: string;
    readonly domain: string;
    /** Where its Terraform state lives (the client reads its remote-write password from there). */
    readonly state: StateRef;
  };
  /** Stack ids of the environments whose `observability.central` names this one. */
  readonly observabilityClients?: readonly string[];
  /** OTC only: the environment named by `manager:`, whose runners deploy this one, resolved. */
  readonly manager?: ManagerRef;
  /** Stack ids of the environments whose `manager:` names this one, sorted. */
  readonly managedEnvironments?: readonly string[];
}

/** Where an OTC environment's Terraform state lives. */
export interface StateRef {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

/** A managing environment as its managed environments see it. */
export interface ManagerRef {
  readonly stackId: string;
  /** `<tenant>/<env>`, as in the environment files. */
  readonly ref: string;
  /** Runner label of its deploy runners (`deploy-<stack id>`); the workflows run on it. */
  readonly runnerLabel: string;
  /** Its Terraform state: the managed stack reads the manager's `egress_ip` output from there. */
  readonly state: StateRef;
}

export interface OtcEnvironment extends Common {
  readonly kind: 'otc';
  readonly tenant: OtcTenant;
  readonly settings: OtcEnvironmentSettings & { readonly availabilityZones: readonly string[] };
}

export interface LocalEnvironment extends Common {
  readonly kind: 'local';
  readonly tenant: LocalTenant;
  readonly settings: LocalEnvironmentSettings;
}

export type EnvironmentConfig = OtcEnvironment | LocalEnvironment;

/** What the loader needs to know about each stack of the platform catalogue to validate `stacks:`. */
export interface StackRule {
  readonly name: string;
  /** Stacks that must be selected too. */
  readonly needs: readonly string[];
  /** True when the stack needs OTC resources (refused for the local tier). */
  readonly needsCloud: boolean;
  /**
   * Public hosts of its services as labels before the domain (`argocd` is `argocd.<domain>`; `''`
   * is the domain itself). The loader keeps every host of the tree unique.
   */
  readonly hosts: readonly string[];
  /** True when the stack runs the runners that plan, deploy and destroy other environments (`manager:` may name it). */
  readonly runsDeployments?: boolean;
  /**
   * Stacks of another environment this one reads: selecting it requires `observability.central`,
   * naming an environment that runs them.
   */
  readonly central?: readonly string[];
}

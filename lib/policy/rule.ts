/**
 * What a policy rule is and what it looks at. A rule is a small pure function over one subject:
 * a Terraform resource (type plus its synthesized attributes in Terraform's snake_case, lifecycle
 * included, tokens resolved to `${...}` expressions) or a rendered Kubernetes object (a `Manifest`).
 * The PolicyAspect (./aspect.ts) finds the subjects, runs the rules and reports through Annotations.
 */

/** The environment tier a stack belongs to. */
export type PolicyTier = 'production' | 'non-production' | 'local';

export interface ResourceSubject {
  readonly kind: 'resource';
  /** Terraform resource type, e.g. `opentelekomcloud_rds_instance_v3`. */
  readonly type: string;
  /** Terraform address `<type>.<logical id>`; `${<address>.id}` is how other resources refer to it. */
  readonly address: string;
  /** Synthesized block, as in cdk.tf.json (without cdktf's `//` metadata). */
  readonly attributes: Readonly<Record<string, unknown>>;
}

export interface ManifestSubject {
  readonly kind: 'manifest';
  /** The rendered Kubernetes object (tokens resolved). */
  readonly object: Readonly<Record<string, unknown>>;
}

export type PolicySubject = ResourceSubject | ManifestSubject;

/** What a rule may know about the stack besides its subject. */
export interface PolicyContext {
  readonly tier: PolicyTier;
  /** Security groups (resolved `${...id}` references) that may open `publicPorts` to 0.0.0.0/0. */
  readonly publicSecurityGroups: readonly string[];
  /** TCP ports the public security groups may open to the internet. */
  readonly publicPorts: readonly number[];
}

/**
 * A rule's answer where the value it must judge is a Terraform expression, known only at apply
 * (cdk-nag's validation failure, as opposed to a violation): reported as a warning on the
 * construct, never counted as a finding. The plan shows the value.
 */
export interface Undecided {
  readonly undecided: string;
}

/** One entry of a rule's answer: a problem (a violation), or what it could not decide. */
export type PolicyResult = string | Undecided;

export function undecided(why: string): Undecided {
  return { undecided: why };
}

export function isUndecided(result: PolicyResult): result is Undecided {
  return typeof result !== 'string';
}

export interface PolicyRule {
  /** Stable id, `EDP-<AREA>-<n>`; suppressions name it. */
  readonly id: string;
  /** One line: what must hold and why. */
  readonly reason: string;
  /** One line: how to fix a finding. */
  readonly hint: string;
  /** Terraform resource types the rule checks. */
  readonly resourceTypes?: readonly string[];
  /** True when the rule checks rendered Kubernetes objects. */
  readonly manifests?: boolean;
  /**
   * What is wrong with the subject, one entry per problem; [] when it complies; `undecided(...)`
   * where a value it needs is an expression it cannot judge at synth.
   */
  check(subject: PolicySubject, context: PolicyContext): readonly PolicyResult[];
}

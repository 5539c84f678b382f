/**
 * The policy pack as an Aspect (cdk-nag's design): one PolicyAspect per stack, added by the
 * environment stack with `Aspects.of(stack).add(new PolicyAspect(props))`. When cdktf visits the
 * stack it evaluates every rule against every Terraform resource and Manifest of the stack in one
 * pass, applies the environment's suppressions, and reports each remaining finding as an error
 * Annotation on the offending construct (rule id, problem, reason, fix). What a rule cannot decide
 * (a value that is a Terraform expression) is a warning Annotation instead (cdk-nag's validation
 * failure). Mistakes in the suppressions themselves are error Annotations on the stack.
 */
import { Annotations, Aspects, DefaultTokenResolver, IAspect, StringConcat, TerraformResource, TerraformStack, Token, Tokenization } from 'cdktf';
import { IConstruct } from 'constructs';
import { Manifest } from '../contracts/manifest';
import { PolicyContext, PolicyRule, PolicySubject, PolicyTier, isUndecided } from './rule';
import { POLICY_RULES } from './rules';
import { protectedState } from './rules/protected-state';

export interface PolicySuppression {
  /** Rule id, e.g. `EDP-TRAEFIK-1`. */
  readonly rule: string;
  /** Why the finding is accepted; printed at every synth. */
  readonly reason: string;
  /**
   * Construct path inside the stack (the finding line's path without `<stack>/`): the suppression
   * covers that construct and the constructs below it only. @default - the whole stack
   */
  readonly path?: string;
}

export interface PublicIngress {
  /** Ids (tokens) of the security groups on the internet-facing load balancer path. */
  readonly securityGroupIds: readonly string[];
  /** TCP ports those groups may open to 0.0.0.0/0: 80, 443 and Forgejo's SSH port. */
  readonly ports: readonly number[];
}

export interface PolicyAspectProps {
  /** Tier of the environment: production needs 7 days of database backups. */
  readonly tier: PolicyTier;
  /** The environment file, relative to the project root; named in suppression lines and errors. */
  readonly file: string;
  /** The environment file's `suppressions:`, in file order. @default - none */
  readonly suppressions?: readonly PolicySuppression[];
  /**
   * The environment's `protection`. `false` (refused in production) suppresses EDP-STATE-1, printed
   * like any suppression. @default true
   */
  readonly protection?: boolean;
  /** The public load balancer path (EDP-SG-1). @default - nothing may be open to the internet */
  readonly publicIngress?: PublicIngress;
  /** The rules to apply. @default POLICY_RULES */
  readonly rules?: readonly PolicyRule[];
}

export interface PolicyFinding {
  readonly rule: string;
  /** Construct path of the offending resource or manifest. */
  readonly path: string;
  /** The annotation text: rule id, what is wrong, why, and how to fix it. */
  readonly message: string;
}

export interface AppliedSuppression {
  readonly stack: string;
  readonly rule: string;
  /** The construct path it is limited to, if any. */
  readonly path?: string;
  readonly reason: string;
  /** What suppressed it: the environment file, or `<file> (protection: false)`. */
  readonly source: string;
  /** How many constructs' findings it hid. */
  readonly findings: number;
}

export interface PolicyReport {
  readonly stack: string;
  /** Findings that fail synth. */
  readonly findings: readonly PolicyFinding[];
  /** What a rule could not decide at synth (a Terraform expression): warnings, never a failure. */
  readonly undecided: readonly PolicyFinding[];
  /** Suppressions in effect. */
  readonly suppressions: readonly AppliedSuppression[];
  /** Mistakes in the suppressions (unknown rule, suppresses nothing, ...). */
  readonly errors: readonly string[];
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

function resolve<T>(scope: IConstruct, value: T): T {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER }) as T;
}

/** True unless the value is plain data without tokens (most manifests): those need no resolving. */
function mayHoldTokens(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('TfToken[');
  if (typeof value === 'number') return Token.isUnresolved(value);
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return true;
  return Object.values(value).some(mayHoldTokens);
}

/**
 * Attributes whose tokens are resolved when a rule first reads them: most rules read one or two
 * attributes, and resolving all of them (the raw chart's large `values`, which the rules check as
 * Manifests instead) was most of the policy's cost.
 */
function lazilyResolved(stack: TerraformStack, body: Record<string, unknown>): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '//') continue;
    let resolved: { value: unknown } | undefined;
    Object.defineProperty(attributes, key, {
      enumerable: true,
      get: () => (resolved ??= { value: resolve(stack, value) }).value,
    });
  }
  return attributes;
}

/** A resource as cdk.tf.json will hold it: snake_case attributes, lifecycle, resolved tokens. */
function resourceSubject(stack: TerraformStack, resource: TerraformResource): PolicySubject {
  const type = resource.terraformResourceType;
  const tf = resource.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
  const [id, body] = Object.entries(tf.resource[type])[0];
  return { kind: 'resource', type, address: `${type}.${id}`, attributes: lazilyResolved(stack, body) };
}

interface ActiveSuppression {
  readonly rule: string;
  readonly path?: string;
  readonly reason: string;
  readonly source: string;
  readonly index?: number;
  count: number;
}

/** The suppression of `rule` that covers `path` (inside the stack): the most specific one first. */
function suppressionFor(active: readonly ActiveSuppression[], rule: string, path: string): ActiveSuppression | undefined {
  const covering = active.filter((s) => s.rule === rule && (s.path === undefined || path === s.path || path.startsWith(`${s.path}/`)));
  return covering.sort((a, b) => (b.path?.length ?? -1) - (a.path?.length ?? -1))[0];
}

export class PolicyAspect implements IAspect {
  /** The stack's PolicyAspect, if the environment stack added one. */
  static of(stack: TerraformStack): PolicyAspect | undefined {
    return Aspects.of(stack).all.find((a): a is PolicyAspect => a instanceof PolicyAspect);
  }

  private result?: PolicyReport;

  constructor(private readonly props: PolicyAspectProps) {}

  /** The report, once the stack was visited (at synth, or by `checkPolicy`). */
  get report(): PolicyReport | undefined {
    return this.result;
  }

  visit(node: IConstruct): void {
    // The whole stack is evaluated when the stack itself is visited; visiting again (Testing.synth
    // and then app.synth, or checkPolicy before synth) adds nothing.
    if (!TerraformStack.isStack(node) || this.result) return;
    this.result = this.evaluate(node);
  }

  private evaluate(stack: TerraformStack): PolicyReport {
    const { file } = this.props;
    const stackId = stack.node.id;
    const rules = this.props.rules ?? POLICY_RULES;
    const byType = new Map<string, PolicyRule[]>();
    for (const rule of rules) for (const type of rule.resourceTypes ?? []) byType.set(type, [...(byType.get(type) ?? []), rule]);
    const manifestRules = rules.filter((r) => r.manifests);
    const context: PolicyContext = {
      tier: this.props.tier,
      publicSecurityGroups: (this.props.publicIngress?.securityGroupIds ?? []).map((id) => String(resolve(stack, id))),
      publicPorts: this.props.publicIngress?.ports ?? [],
    };

    const { active, errors } = this.suppressions(stackId);
    const findings: PolicyFinding[] = [];
    const undecided: PolicyFinding[] = [];
    const paths = new Set<string>();
    for (const node of stack.node.findAll()) {
      const path = node.node.path.slice(stackId.length + 1);
      paths.add(path);
      let subject: PolicySubject | undefined;
      let applicable: readonly PolicyRule[] = [];
      if (TerraformResource.isTerraformResource(node)) {
        applicable = byType.get(node.terraformResourceType) ?? [];
        if (applicable.length) subject = resourceSubject(stack, node);
      } else if (Manifest.isManifest(node)) {
        applicable = manifestRules;
        subject = { kind: 'manifest', object: mayHoldTokens(node.object) ? resolve(stack, node.object) : node.object };
      }
      if (!subject) continue;
      for (const rule of applicable) {
        const results = rule.check(subject, context);
        if (results.length === 0) continue;
        const suppression = suppressionFor(active, rule.id, path);
        if (suppression) {
          suppression.count++;
          continue;
        }
        const problems = results.filter((r): r is string => !isUndecided(r));
        if (problems.length > 0) {
          const message = `${rule.id} ${problems.join('; ')} (${rule.reason}). Fix: ${rule.hint}`;
          findings.push({ rule: rule.id, path: node.node.path, message });
          Annotations.of(node).addError(message);
        } else {
          const why = results.filter(isUndecided).map((r) => r.undecided);
          const message = `${rule.id} cannot decide: ${why.join('; ')} (${rule.reason}). Check the value in the plan, or suppress ${rule.id} at ${path}`;
          undecided.push({ rule: rule.id, path: node.node.path, message });
          Annotations.of(node).addWarning(message);
        }
      }
    }

    const top = stack.node.children.map((c) => c.node.id).join(', ');
    for (const s of active) {
      if (s.index === undefined) continue;
      if (s.path !== undefined && !paths.has(s.path)) {
        errors.push(`${file}: suppressions[${s.index}].path: "${s.path}" is no construct of ${stackId}; expected a construct path as a finding line prints it, without "${stackId}/" (it starts with one of ${top})`);
      } else if (s.count === 0) {
        const at = s.path === undefined ? `in ${stackId}: no resource or manifest here` : `at ${s.path} in ${stackId}: no resource or manifest there`;
        errors.push(`${file}: suppressions[${s.index}].rule: ${s.rule} suppresses nothing ${at} breaks it, so remove the suppression`);
      }
    }
    for (const error of errors) Annotations.of(stack).addError(error);
    const suppressions = active.map((s) => ({ stack: stackId, rule: s.rule, ...(s.path !== undefined ? { path: s.path } : {}), reason: s.reason, source: s.source, findings: s.count }));
    return { stack: stackId, findings, undecided, suppressions, errors };
  }

  /** The suppressions in effect, and mistakes in how the environment file states them. */
  private suppressions(stackId: string): { active: ActiveSuppression[]; errors: string[] } {
    const { file, tier } = this.props;
    const known = new Set((this.props.rules ?? POLICY_RULES).map((r) => r.id));
    const active: ActiveSuppression[] = [];
    const errors: string[] = [];
    (this.props.suppressions ?? []).forEach(({ rule, reason, path }, index) => {
      const where = `${file}: suppressions[${index}].rule`;
      const previous = active.find((s) => s.rule === rule && s.path === path);
      if (!known.has(rule)) errors.push(`${where}: "${rule}" is not a policy rule; expected one of ${[...known].join(', ')}`);
      else if (rule === protectedState.id) errors.push(`${where}: ${rule} cannot be suppressed; set protection: false instead (non-production only)`);
      else if (previous) errors.push(`${where}: ${rule} is suppressed twice${path === undefined ? '' : ` at ${path}`} in ${stackId} (also suppressions[${previous.index}])`);
      else active.push({ rule, ...(path !== undefined ? { path } : {}), reason, source: file, index, count: 0 });
    });
    if (this.props.protection === false) {
      if (tier === 'production') errors.push(`${file}: protection: false is refused in production`);
      else {
        active.push({
          rule: protectedState.id,
          reason: 'protection: false: the cluster, database, buckets, KMS key and backup vault of this environment can be destroyed',
          source: `${file} (protection: false)`,
          count: 0,
        });
      }
    }
    return { active, errors };
  }
}

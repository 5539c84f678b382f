/**
 * Generated credentials: `random_password` results (and sensitive inputs) written as
 * `kubernetes_secret_v1` into the namespaces that use them. Values and manifests only ever name
 * these Secrets, through the SecretRef handle `write` returns; the password tokens appear in
 * nothing but the Secrets' `data` (and the central's sensitive output), so no secret value
 * reaches cdktf.out/.
 */
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Fn, ITerraformDependable, ITerraformIterator, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

/** Inside a `for_each` resource: the current key (Terraform's `each.key`). */
export const EACH_KEY = '${each.key}';

/** `observability-client` -> `ObservabilityClient`: stable construct ids from names. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/** One `kubernetes_namespace_v1` per namespace that must exist before its Secrets. */
export class Namespaces extends Construct {
  private readonly byName = new Map<string, NamespaceV1>();

  /**
   * @param waitFor what the cluster needs before anything is written to it (node pools, add-ons):
   * every namespace, and through its name every Secret and release in it, depends on them, so a
   * destroy removes them while the nodes still run.
   */
  constructor(
    scope: Construct,
    id: string,
    private readonly waitFor: readonly ITerraformDependable[] = [],
  ) {
    super(scope, id);
  }

  /** The namespace's name as a reference, so a Secret depends on its namespace. */
  ensure(name: string): string {
    let ns = this.byName.get(name);
    if (!ns) {
      ns = new NamespaceV1(this, pascal(name), {
        metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'terraform' } },
        ...(this.waitFor.length > 0 ? { dependsOn: [...this.waitFor] } : {}),
      });
      this.byName.set(name, ns);
    }
    return ns.metadata.name;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }
}

/**
 * What a `plainInput` may hold (RE2, Terraform's `regex`): what account names are made of, and no
 * quote, backslash, `${` or white space. Written without either escape character, so that it reads
 * the same in HCL's string syntax.
 */
const PLAIN_INPUT = '^[A-Za-z0-9._%+@=:/-]+$';
/** PLAIN_INPUT in words, for its error message. */
const PLAIN_INPUT_WORDS = 'letters, digits and . _ % + @ = : / -';

export interface PasswordOptions {
  /** @default 32 */
  readonly length?: number;
  /** Lower-case hex only (e.g. Forgejo's offline runner secret, 40 hex characters). @default false */
  readonly hex?: boolean;
}

export interface SecretProps {
  readonly namespace: string;
  readonly name: string;
  /** Key -> value; secret values are tokens of `password()` or of infra attributes. */
  readonly data: Readonly<Record<string, string>>;
  /** @default "Opaque" */
  readonly type?: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A Secret by reference (as cdk8s-plus' `EnvValue.fromSecretValue`): what values and manifests
 * use to read it, so each key name is written once, where the Secret is made. A key it does not
 * have fails at synth, naming the Secret's construct.
 */
export class SecretRef {
  constructor(
    readonly name: string,
    readonly keys: readonly string[],
    /** Construct path of the Secret, for messages. */
    private readonly where: string,
  ) {}

  /** The key name, checked (for `$VAR` references to variables of `envFrom`). */
  key(key: string): string {
    if (!this.keys.includes(key)) throw new Error(`${this.where}: Secret ${this.name} has no key "${key}" (keys: ${this.keys.join(', ')})`);
    return key;
  }

  /** `{ name, key }`: a `secretKeyRef`, and what basicAuth, passwordRef or bearerTokenSecret take. */
  keyRef(key: string, optional = false): { readonly name: string; readonly key: string; readonly optional?: true } {
    return { name: this.name, key: this.key(key), ...(optional ? { optional: true as const } : {}) };
  }

  /** An environment variable from one key. */
  env(name: string, key: string, optional = false) {
    return { name, valueFrom: { secretKeyRef: this.keyRef(key, optional) } };
  }

  /** The file of one key, with the Secret mounted as a volume at `mountPath` (each key a file). */
  file(mountPath: string, key: string): string {
    return `${mountPath}/${this.key(key)}`;
  }

  /** Every key as an environment variable of the same name. */
  envFrom() {
    return { secretRef: { name: this.name } };
  }

  /** The name for a chart's `existingSecret`, after checking the keys the chart reads from it. */
  existing(...keys: string[]): string {
    keys.forEach((k) => this.key(k));
    return this.name;
  }

  /** One Secret of a `for_each` Secret (EACH_KEY in its name). */
  instance(key: string): SecretRef {
    return new SecretRef(this.name.split(EACH_KEY).join(key), this.keys, this.where);
  }
}

/** Generates passwords and writes Secrets for one stack; `written` feeds the stack's depends_on. */
export class SecretWriter {
  readonly written: SecretV1[] = [];
  private readonly namespaceOf = new Map<SecretV1, string>();

  constructor(
    private readonly scope: Construct,
    private readonly namespaces: Namespaces,
  ) {}

  /** A new generated password (sensitive in plans and state); returns its `result` token. */
  password(id: string, options: PasswordOptions = {}): string {
    return this.newPassword(id, options).result;
  }

  /**
   * One generated password per key of `forEach` (a `for_each` resource, so adding or removing a
   * key leaves the others alone). `result(key)` is the reference to one key's value.
   */
  passwords(id: string, forEach: ITerraformIterator, options: PasswordOptions = {}): { readonly all: string; result(key: string): string } {
    const pw = this.newPassword(id, options, forEach);
    return {
      // `{ key => value }` of every instance, e.g. for a sensitive output.
      all: `\${{ for k, p in ${pw.fqn} : k => p.result }}`,
      result: (key) => `\${${pw.fqn}[${key === EACH_KEY ? 'each.key' : JSON.stringify(key)}].result}`,
    };
  }

  private newPassword(id: string, options: PasswordOptions, forEach?: ITerraformIterator): Password {
    const hex = options.hex ?? false;
    return new Password(this.scope, id, {
      ...(forEach ? { forEach } : {}),
      length: options.length ?? (hex ? 40 : 32),
      // Alphanumeric: the values go into URIs, env files and ini files without quoting.
      special: hex,
      upper: !hex,
      lower: !hex,
      numeric: true,
      // random_password has no hex mode: digits plus "abcdef" given as the special set is hex.
      ...(hex ? { overrideSpecial: 'abcdef' } : {}),
    });
  }

  /** A Secret, or with `forEach` one Secret per key (use EACH_KEY in name and data). */
  write(id: string, props: SecretProps, forEach?: ITerraformIterator): SecretRef {
    const secret = new SecretV1(this.scope, id, {
      ...(forEach ? { forEach } : {}),
      metadata: {
        name: props.name,
        namespace: this.namespaces.ensure(props.namespace),
        labels: { 'app.kubernetes.io/managed-by': 'terraform', ...(props.labels ?? {}) },
      },
      type: props.type ?? 'Opaque',
      data: { ...props.data },
    });
    this.written.push(secret);
    this.namespaceOf.set(secret, props.namespace);
    return new SecretRef(props.name, Object.keys(props.data), secret.node.path);
  }

  /**
   * A credential that exists outside this program, given as `TF_VAR_<name>` (sensitive): returns
   * its token. Construct id from the name, the Terraform name kept.
   */
  input(name: string, description: string, defaultValue?: string): string {
    return this.variable(name, description, true, defaultValue).stringValue;
  }

  /**
   * A setting that exists outside this program and is no secret (an account name), given as
   * `TF_VAR_<name>`: returns its token. Not sensitive, so that it may go where a consumer reads only
   * text (a chart value) without hiding the whole attribute in plans. Terraform puts the value into
   * the values' JSON text as it is, so the plan refuses a value with anything but what account names
   * are made of (`PLAIN_INPUT`).
   */
  plainInput(name: string, description: string): string {
    const v = this.variable(name, description, false);
    v.addValidation({ condition: Fn.can(Fn.regex(PLAIN_INPUT, v.stringValue)), errorMessage: `${name}: expected ${PLAIN_INPUT_WORDS} only (the value goes into Helm values as it is).` });
    return v.stringValue;
  }

  private variable(name: string, description: string, sensitive: boolean, defaultValue?: string): TerraformVariable {
    const v = new TerraformVariable(this.scope, pascal(name), { type: 'string', sensitive, ...(defaultValue === undefined ? {} : { default: defaultValue }), description });
    v.overrideLogicalId(name);
    return v;
  }

  /** A Secret written outside this program (by hand, README), with the keys it is documented to have. */
  external(name: string, keys: readonly string[]): SecretRef {
    return new SecretRef(name, keys, `${this.scope.node.path} (written by hand)`);
  }

  /** The Secrets written into one of these namespaces (what workloads there may mount). */
  writtenInto(namespaces: readonly string[]): SecretV1[] {
    return this.written.filter((s) => namespaces.includes(this.namespaceOf.get(s)!));
  }
}

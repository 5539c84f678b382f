/**
 * Generated credentials: `random_password` results written as `kubernetes_secret_v1` into the
 * namespaces that use them. Values and manifests only ever name these Secrets; the password
 * tokens appear in nothing but the Secrets' `data` (and the central's sensitive output), so no
 * secret value reaches cdktf.out/.
 */
import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';

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

  /** The namespace's name as a reference, so a Secret depends on its namespace. */
  ensure(name: string): string {
    let ns = this.byName.get(name);
    if (!ns) {
      ns = new NamespaceV1(this, pascal(name), { metadata: { name, labels: { 'app.kubernetes.io/managed-by': 'terraform' } } });
      this.byName.set(name, ns);
    }
    return ns.metadata.name;
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }
}

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

/** Generates passwords and writes Secrets for one stack; `written` feeds the stack's depends_on. */
export class SecretWriter {
  readonly written: SecretV1[] = [];

  constructor(
    private readonly scope: Construct,
    private readonly namespaces: Namespaces,
  ) {}

  /** A new generated password (sensitive in plans and state); returns its `result` token. */
  password(id: string, options: PasswordOptions = {}): string {
    const hex = options.hex ?? false;
    const pw = new Password(this.scope, id, {
      length: options.length ?? (hex ? 40 : 32),
      // Alphanumeric: the values go into URIs, env files and ini files without quoting.
      special: hex,
      upper: !hex,
      lower: !hex,
      numeric: true,
      // random_password has no hex mode: digits plus "abcdef" given as the special set is hex.
      ...(hex ? { overrideSpecial: 'abcdef' } : {}),
    });
    return pw.result;
  }

  write(id: string, props: SecretProps): SecretV1 {
    const secret = new SecretV1(this.scope, id, {
      metadata: {
        name: props.name,
        namespace: this.namespaces.ensure(props.namespace),
        labels: { 'app.kubernetes.io/managed-by': 'terraform', ...(props.labels ?? {}) },
      },
      type: props.type ?? 'Opaque',
      data: { ...props.data },
    });
    this.written.push(secret);
    return secret;
  }
}

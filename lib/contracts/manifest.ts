/**
 * A Kubernetes object the platform layer renders (Application, AppProject, ClusterIssuer, CNPG
 * Cluster, ...). Each one is a node in the construct tree, so that the delivery construct can
 * collect them, tests can validate them against the CRD schemas, and the policy Aspect can check
 * them like any Terraform resource. The object is plain data: no tokens of secret values, only
 * references by name to Secrets that Terraform writes.
 */
import { Construct, IConstruct } from 'constructs';

export interface ObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly finalizers?: readonly string[];
}

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ObjectMeta;
  readonly [field: string]: unknown;
}

const MANIFEST = Symbol.for('edp.platform.Manifest');

export class Manifest extends Construct {
  /** True for every Manifest, also across copies of this module (like cdktf's `isTerraformResource`). */
  static isManifest(x: IConstruct): x is Manifest {
    return (x as unknown as Record<symbol, unknown>)[MANIFEST] === true;
  }

  constructor(
    scope: Construct,
    id: string,
    public readonly object: KubernetesObject,
  ) {
    super(scope, id);
    Object.defineProperty(this, MANIFEST, { value: true });
  }
}

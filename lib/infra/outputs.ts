/**
 * Terraform outputs of the infra layer (`terraform output` / `cdktf output`). Secrets are marked
 * sensitive: Terraform shows them only on explicit request (`terraform output -raw <name>`).
 * Service URLs are output by the platform layer, which knows the selected stacks.
 */
import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';

export interface OutputsProps {
  readonly elbId: string;
  readonly elbPublicIp: string;
  readonly egressIp: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly clusterEndpoint: string;
  readonly databaseHost: string;
  readonly databasePort: string;
  readonly databaseUsername: string;
  readonly databasePassword: string;
  readonly buckets: Readonly<Record<string, string>>;
  readonly objectStorageAccessKey: string;
  readonly objectStorageSecretKey: string;
  readonly kmsKeyId: string;
  readonly backupVaultId: string;
}

/** The NAT egress address; the environments this one manages read it from its state. */
export const EGRESS_IP_OUTPUT = 'egress_ip';

/** Output name (stable, snake_case) -> value, description, sensitivity. */
type OutputSpec = readonly [name: string, value: unknown, description: string, sensitive?: boolean];

export class Outputs extends Construct {
  constructor(scope: Construct, id: string, props: OutputsProps) {
    super(scope, id);
    const specs: OutputSpec[] = [
      ['elb_public_ip', props.elbPublicIp, 'public address of the ELB; the environment domain and *.<domain> point here'],
      ['elb_id', props.elbId, 'ELB id (Traefik Service annotation kubernetes.io/elb.id)'],
      [EGRESS_IP_OUTPUT, props.egressIp, 'address the nodes reach the internet from (NAT); clusters this environment manages trust it'],
      ['cluster_id', props.clusterId, 'CCE cluster id'],
      ['cluster_name', props.clusterName, 'CCE cluster name'],
      ['cluster_endpoint', props.clusterEndpoint, 'Kubernetes API server the helm and kubernetes providers use'],
      ['database_host', props.databaseHost, 'private address of RDS PostgreSQL'],
      ['database_port', props.databasePort, 'RDS PostgreSQL port'],
      ['database_username', props.databaseUsername, 'RDS admin user'],
      ['database_password', props.databasePassword, 'RDS admin password', true],
      ['buckets', props.buckets, 'OBS buckets by purpose'],
      ['object_storage_access_key', props.objectStorageAccessKey, 'access key of the IAM user limited to the buckets', true],
      ['object_storage_secret_key', props.objectStorageSecretKey, 'secret key of the IAM user limited to the buckets', true],
      ['kms_key_id', props.kmsKeyId, 'KMS key of the environment'],
      ['backup_vault_id', props.backupVaultId, 'CBR vault of the cluster disks'],
    ];
    for (const [name, value, description, sensitive] of specs) {
      const id = name.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
      const output = new TerraformOutput(this, id, { value, description, ...(sensitive ? { sensitive: true } : {}) });
      output.overrideLogicalId(name);
    }
  }
}

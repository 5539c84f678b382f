/**
 * What the platform layer needs from the infra layer on OTC. The infra constructs implement these
 * interfaces with Terraform references (tokens), so the layers connect by reference, never by ids.
 * The local tier has no cloud services: the platform then gets `undefined`.
 */
import type { ITerraformDependable } from 'cdktf';

export interface LoadBalancerRef {
  /** ELB id for the ingress controller's Service annotation `kubernetes.io/elb.id`. */
  readonly id: string;
  /**
   * Value of the Service annotation `kubernetes.io/elb.class`; it must match the kind of ELB the
   * infra layer creates: `performance` for a dedicated ELB (lb_loadbalancer_v3), `union` for a
   * shared one (lb_loadbalancer_v2).
   */
  readonly elbClass: 'performance' | 'union';
  /** Public IPv4 address of the ELB (DNS records point here). */
  readonly publicIp: string;
  /**
   * IPv4 range of the ELB's backend subnet (the node subnet): requests reach the ingress controller
   * from addresses in it, so it is the only range whose `X-Forwarded-*` headers are trusted.
   */
  readonly backendCidr: string;
}

export interface DatabaseRef {
  /** Private address of the RDS primary. */
  readonly host: string;
  readonly port: string;
  /** Admin user and its password (a token of random_password; never rendered into values). */
  readonly username: string;
  readonly password: string;
}

export interface ObjectStorageRef {
  /** S3-compatible endpoint host, e.g. `obs.eu-de.otc.t-systems.com`. */
  readonly endpoint: string;
  readonly region: string;
  /** Bucket names by purpose. */
  readonly buckets: { readonly lfs: string; readonly artifacts: string; readonly packages: string; readonly backups: string };
  /** Access key of the IAM user limited to those buckets (tokens; sensitive). */
  readonly accessKey: string;
  readonly secretKey: string;
}

export interface EncryptionRef {
  /** KMS key id used by RDS, OBS, CCE volumes and the csi-disk StorageClass. */
  readonly kmsKeyId: string;
}

export interface CloudServices {
  readonly loadBalancer: LoadBalancerRef;
  readonly database: DatabaseRef;
  readonly objectStorage: ObjectStorageRef;
  readonly encryption: EncryptionRef;
  /** Availability zone for zonal volumes (EVS disks of the csi-disk StorageClass). */
  readonly volumeAvailabilityZone: string;
  /**
   * Tags every EVS disk of a persistent volume must carry: the CBR vault of the infra layer binds
   * disks by these tags, so a volume without them is not backed up.
   */
  readonly volumeTags: Readonly<Record<string, string>>;
  /**
   * What must be in place before anything runs on the cluster: every node pool, the CCE add-ons the
   * infra layer installs (the autoscaler) and the nodes' route to the internet (the SNAT rule: the
   * charts' images come from public registries). Namespaces, Secrets and Argo CD wait for them, so
   * on destroy they go while nodes and add-ons still run (finalizers, volume deletion).
   */
  readonly clusterReady: readonly ITerraformDependable[];
  /**
   * The public DNS records of the environment's domain. ACME HTTP-01 validation resolves them, and
   * cert-manager waits an hour (doubling on each further failure) after a failed issuance: the
   * stack releases, which bring cert-manager and every Ingress, wait for them.
   */
  readonly dnsRecords: readonly ITerraformDependable[];
}

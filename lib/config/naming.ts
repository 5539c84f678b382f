/**
 * Physical names. Every OTC resource name comes from here, so that length and character limits
 * are applied in one place. Construct ids never contain environment names; physical names do.
 */
import { createHash } from 'crypto';
import type { OtcEnvironment, StateRef } from './model';

/** Terraform stack id and the prefix of every physical name: `<tenant>-<env>`. */
export function stackId(tenant: string, env: string): string {
  return `${tenant}-${env}`;
}

/** Key of an OTC environment's Terraform state in its tenant's state bucket. */
export function stateKey(env: string): string {
  return `${env}/terraform.tfstate`;
}

/** Where an OTC environment's Terraform state lives: its tenant's state bucket and region, its key there. */
export function stateRefOf(env: Pick<OtcEnvironment, 'name' | 'tenant'>): StateRef {
  return { bucket: env.tenant.state.bucket, key: stateKey(env.name), region: env.tenant.otc.region };
}

/** Limits of the OTC provider's name fields (from the API docs of each service). */
export const NAME_LIMITS = {
  /** VPC, subnet, security group, NAT, ELB, KMS alias, CBR vault: 64 characters. */
  default: { max: 64, pattern: /[^a-z0-9-]/g },
  /** CCE cluster: 4-128, starts with a letter, lower-case, digits and "-". */
  cce: { max: 128, pattern: /[^a-z0-9-]/g },
  /** CCE node pool: at most 50. */
  nodePool: { max: 50, pattern: /[^a-z0-9-]/g },
  /** RDS instance: 4-64, starts with a letter. */
  rds: { max: 64, pattern: /[^a-z0-9-]/g },
  /** OBS buckets: 3-63, lower-case, digits, "-" and "."; globally unique. */
  bucket: { max: 63, pattern: /[^a-z0-9-]/g },
  /** IAM user: at most 32. */
  iamUser: { max: 32, pattern: /[^a-z0-9-]/g },
} as const;

export type NameKind = keyof typeof NAME_LIMITS;

/**
 * `<prefix>-<suffix>` within the kind's limits. When too long, the prefix is shortened and an
 * eight-character hash of the full name keeps it unique and stable.
 */
export function physicalName(prefix: string, suffix: string, kind: NameKind = 'default'): string {
  const { max, pattern } = NAME_LIMITS[kind];
  const clean = (s: string) => s.toLowerCase().replace(pattern, '-');
  const full = [clean(prefix), clean(suffix)].filter(Boolean).join('-');
  if (full.length <= max) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const keep = max - hash.length - 1;
  return `${full.slice(0, keep).replace(/-+$/, '')}-${hash}`;
}

/** The OBS buckets of every OTC environment, one per purpose. */
export const BUCKET_PURPOSES = ['lfs', 'artifacts', 'packages', 'backups'] as const;
export type BucketPurpose = (typeof BUCKET_PURPOSES)[number];

/**
 * Prefix of an environment's bucket names. OBS bucket names are global across all of OTC: the
 * tenant's own domain keeps them unique, the environment name keeps them stable (an environment's
 * `domain:` may change, its name not). Dots become "-", so `a.b.de` and `a-b.de` meet here: the
 * loader refuses such pairs (lib/config/unique.ts).
 */
export function bucketPrefix(tenantDomain: string, env: string): string {
  return `${tenantDomain}-${env}`;
}

export function bucketName(prefix: string, purpose: BucketPurpose): string {
  return physicalName(prefix, purpose, 'bucket');
}

/**
 * The physical names OTC requires to be unique (buckets across all of OTC; IAM users in the
 * account; clusters, database instances, key aliases and key pairs in the project), derived from
 * the stack id. Tenants may share an account and a project, so the loader keeps each unique
 * across the whole tree. Other names (VPC, subnet, security groups, ...) may repeat in OTC.
 */
export const UNIQUE_NAMES = {
  cluster: (prefix: string) => physicalName(prefix, 'cluster', 'cce'),
  database: (prefix: string) => physicalName(prefix, 'forgejo', 'rds'),
  storageUser: (prefix: string) => physicalName(prefix, 'obs', 'iamUser'),
  keyAlias: (prefix: string) => physicalName(prefix, 'key'),
  nodeKeyPair: (prefix: string) => physicalName(prefix, 'nodes'),
} as const;

/** Every name of one OTC environment that must be unique, with what it names. */
export function uniqueNamesOf(stack: string, tenantDomain: string, env: string): { readonly what: string; readonly name: string }[] {
  const prefix = bucketPrefix(tenantDomain, env);
  return [
    ...BUCKET_PURPOSES.map((purpose) => ({ what: 'OBS bucket', name: bucketName(prefix, purpose) })),
    { what: 'CCE cluster', name: UNIQUE_NAMES.cluster(stack) },
    { what: 'RDS instance', name: UNIQUE_NAMES.database(stack) },
    { what: 'IAM user', name: UNIQUE_NAMES.storageUser(stack) },
    { what: 'KMS key alias', name: UNIQUE_NAMES.keyAlias(stack) },
    { what: 'key pair', name: UNIQUE_NAMES.nodeKeyPair(stack) },
  ];
}

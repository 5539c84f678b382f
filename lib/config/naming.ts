/**
 * Physical names. Every OTC resource name comes from here, so that length and character limits
 * are applied in one place. Construct ids never contain environment names; physical names do.
 */
import { createHash } from 'crypto';

/** Terraform stack id and the prefix of every physical name: `<tenant>-<env>`. */
export function stackId(tenant: string, env: string): string {
  return `${tenant}-${env}`;
}

/** Key of an OTC environment's Terraform state in its tenant's state bucket. */
export function stateKey(env: string): string {
  return `${env}/terraform.tfstate`;
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

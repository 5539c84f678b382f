/**
 * `environments/<tenant>/tenant.yaml`: what all environments of a tenant share.
 * Two shapes: OTC tenants (production, non-production) and the `local` tier (kind cluster).
 */
import { z } from 'zod';
import { SSO_FORGEJO_URL } from '../defaults';
import { dnsLabel, domainName, email, httpsUrl, pattern, retired, text } from './primitives';

const region = pattern(/^[a-z]{2}-[a-z]{2,}$/, 'an OTC region such as "eu-de" or "eu-nl"');

const sso = z
  .object({
    organisation: pattern(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,38}[A-Za-z0-9])?$/, 'a Forgejo organisation name such as "DevFW" (letters, digits, ".", "_", "-", at most 40)').describe(
      'Forgejo organisation whose members are admins (Argo CD RBAC, Grafana Admin): `DevFW`.',
    ),
    forgejoUrl: httpsUrl.default(SSO_FORGEJO_URL).describe('The Forgejo Dex authenticates against (its OAuth2 application: `TF_VAR_sso_forgejo_client_*`).'),
  })
  .strict();

/** Why `gitops.targetRevision` is refused: printed as `expected <this>, got <value>`. */
export const TARGET_REVISION_GONE = 'no such field: nothing read it (Argo CD is given read access to the repository, not a revision of it; delete the field)';

const gitops = z
  .object({
    repoURL: httpsUrl.describe("Git repository Argo CD is given read access to (the platform's own repository)."),
    targetRevision: retired(TARGET_REVISION_GONE, 'Gone, refused when set: nothing read it (Argo CD is given read access to the repository, not a revision of it); delete it.'),
  })
  .strict();

const TIER_DOC = '`production`, `non-production` (both on OTC) or `local` (an existing cluster, no OTC).';
const DOMAIN = domainName.describe('Parent domain; environments live at `<env>.<domain>`: `buildth.ing` (prod), `t09.de` (nonprod).');

const otcTenant = (tier: 'production' | 'non-production') =>
  z
    .object({
      tier: z.literal(tier).describe(TIER_DOC),
      domain: DOMAIN,
      dnsZone: domainName.optional().describe('Public DNS zone that holds the records (looked up, not created).\n@default `domain`'),
      otc: z
        .object({
          region: region.describe('OTC region.'),
          project: pattern(/^[a-z]{2}-[a-z]{2,}(_[A-Za-z0-9_-]+)?$/, 'an OTC project name such as "eu-de" or "eu-de_edp"').describe(
            "IAM project; it must be the region's base project (`eu-de`), see [Infrastructure layer](#infrastructure-layer-otc).",
          ),
        })
        .strict(),
      state: z
        .object({
          bucket: pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an OBS bucket name (3-63 lower-case letters, digits, "." and "-")').describe(
            'OBS bucket with the Terraform state of every environment of the tenant (`<env>/terraform.tfstate`).',
          ),
        })
        .strict(),
      acmeEmail: email.describe("Let's Encrypt account of the ClusterIssuer `main`."),
      sso,
      gitops,
    })
    .strict();

export const localTenantSchema = z
  .object({
    tier: z.literal('local').describe(TIER_DOC),
    domain: DOMAIN,
    kubernetes: z
      .object({
        configPath: text().default('~/.kube/config').describe('kubeconfig file of the existing cluster.'),
        context: text('a kubeconfig context name such as "kind-edp"').describe('kubeconfig context of the cluster, e.g. `kind-edp` for `kind create cluster --name edp`.'),
      })
      .strict(),
    sso,
    gitops,
  })
  .strict();

export const otcTenantSchema = z.union([otcTenant('production'), otcTenant('non-production')]);

export const tenantSchema = z.discriminatedUnion(
  'tier',
  [otcTenant('production'), otcTenant('non-production'), localTenantSchema],
  { errorMap: () => ({ message: 'one of "production", "non-production", "local"' }) },
);

export type OtcTenant = z.output<typeof otcTenantSchema>;
export type LocalTenant = z.output<typeof localTenantSchema>;
export type Tenant = z.output<typeof tenantSchema>;

/** A tenant's folder name must be a DNS label: it is part of every stack id. */
export const tenantName = dnsLabel;

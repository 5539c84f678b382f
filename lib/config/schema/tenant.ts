/**
 * `environments/<tenant>/tenant.yaml`: what all environments of a tenant share.
 * Two shapes: OTC tenants (production, non-production) and the `local` tier (kind cluster).
 */
import { z } from 'zod';
import { SSO_FORGEJO_URL } from '../defaults';
import { dnsLabel, domainName, email, httpsUrl, pattern, text } from './primitives';

const region = pattern(/^[a-z]{2}-[a-z]{2,}$/, 'an OTC region such as "eu-de" or "eu-nl"');

const sso = z
  .object({
    /** Forgejo organisation whose members get admin rights (ArgoCD RBAC, Grafana Admin). */
    organisation: pattern(/^[A-Za-z0-9]([A-Za-z0-9._-]{0,38}[A-Za-z0-9])?$/, 'a Forgejo organisation name such as "DevFW" (letters, digits, ".", "_", "-", at most 40)'),
    /** Forgejo that Dex authenticates against (its OAuth2 application: TF_VAR_sso_forgejo_client_*). */
    forgejoUrl: httpsUrl.default(SSO_FORGEJO_URL),
  })
  .strict();

const gitops = z
  .object({
    /** Git repository ArgoCD is given read access to (the platform's own repository). */
    repoURL: httpsUrl,
    targetRevision: pattern(/^[A-Za-z0-9._/-]+$/, 'a Git branch, tag or commit such as "HEAD" or "main"').default('HEAD'),
  })
  .strict();

const otcTenant = (tier: 'production' | 'non-production') =>
  z
    .object({
      tier: z.literal(tier),
      /** Parent domain; environments live at `<env>.<domain>`. */
      domain: domainName,
      /** Public DNS zone that holds the records (looked up, not created). @default - the domain */
      dnsZone: domainName.optional(),
      otc: z
        .object({
          region,
          /** IAM project (tenant_name); `<region>` alone is the region's base project. */
          project: pattern(/^[a-z]{2}-[a-z]{2,}(_[A-Za-z0-9_-]+)?$/, 'an OTC project name such as "eu-de" or "eu-de_edp"'),
        })
        .strict(),
      state: z
        .object({
          /** OBS bucket holding `<env>/terraform.tfstate` of every environment of the tenant. */
          bucket: pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an OBS bucket name (3-63 lower-case letters, digits, "." and "-")'),
        })
        .strict(),
      /** Let's Encrypt account e-mail of the ClusterIssuer `main`. */
      acmeEmail: email,
      sso,
      gitops,
    })
    .strict();

export const localTenantSchema = z
  .object({
    tier: z.literal('local'),
    domain: domainName,
    kubernetes: z
      .object({
        /** kubeconfig file of the existing cluster. @default "~/.kube/config" */
        configPath: text().default('~/.kube/config'),
        /** kubeconfig context, e.g. `kind-edp` for `kind create cluster --name edp`. */
        context: text('a kubeconfig context name such as "kind-edp"'),
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

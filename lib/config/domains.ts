/**
 * The two domain rules of the environment files, in one place: an environment's domain is
 * `<env>.<tenant domain>` unless its file sets `domain:`, and a tenant's records go into its
 * `dnsZone`, which defaults to the tenant domain.
 */

/** The public domain of environment `name`: its file's `domain:`, else `<name>.<tenant domain>`. */
export function environmentDomain(name: string, tenant: { readonly domain: string }, domain?: string): string {
  return domain ?? `${name}.${tenant.domain}`;
}

/** The public DNS zone holding a tenant's records: `dnsZone:`, else the tenant domain. */
export function dnsZoneOf(tenant: { readonly domain: string; readonly dnsZone?: string }): string {
  return tenant.dnsZone ?? tenant.domain;
}

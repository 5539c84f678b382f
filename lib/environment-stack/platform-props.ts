/**
 * Environment config -> props of the platform layer. The only place that knows how the
 * environment file and tenant map onto the Platform construct.
 */
import { ALERT_MAIL_SMARTHOST } from '../config/defaults';
import type { EnvironmentConfig } from '../config/model';
import { runnerLabel } from '../config/management';
import type { CloudServices } from '../contracts/cloud';
import type { DeployRunners } from '../platform/catalogue/forgejo';
import type { PlatformProps } from '../platform';

/**
 * @param services the infra layer's services on OTC; undefined on the local tier.
 */
export function platformProps(env: EnvironmentConfig, services: CloudServices | undefined): PlatformProps {
  const { settings, tenant } = env;
  const common = {
    stackId: env.stackId,
    domain: env.domain,
    stacks: settings.stacks,
    sso: { organisation: tenant.sso.organisation, forgejoUrl: tenant.sso.forgejoUrl },
    gitops: { repoURL: tenant.gitops.repoURL },
    remoteStacks: env.central ? { observability: { domain: env.central.domain, state: env.central.state } } : undefined,
  };
  if (env.kind === 'local') {
    // kind: core only: no cloud services, no ACME (no public HTTP-01).
    return common;
  }
  const mail = env.settings.observability.alertMail;
  const deployRunners = env.managedEnvironments?.length ? deployRunnersOf(env.stackId, env.domain, env.tenant.gitops.repoURL) : undefined;
  return {
    ...common,
    services,
    settings: {
      otc: { acmeEmail: env.tenant.acmeEmail },
      forgejo: deployRunners ? { deployRunners } : {},
      observability: {
        clients: env.observabilityClients ?? [],
        alertMail: { to: mail.to ?? env.tenant.acmeEmail, from: mail.from ?? `alertmanager@${env.domain}`, smarthost: mail.smarthost ?? ALERT_MAIL_SMARTHOST },
      },
    },
  };
}

/**
 * The infra repository is the tenant's `gitops.repoURL` (the platform's own repository). A manager
 * whose Forgejo does not host it (prod/observability) keeps a pull mirror of it under the same
 * owner and name, so its runners deploy while the original (prod/edp) is down.
 */
export function deployRunnersOf(stackId: string, domain: string, repoURL: string): DeployRunners {
  const url = new URL(repoURL);
  const [owner, name] = url.pathname.replace(/^\/+/, '').replace(/\.git$/, '').split('/');
  return { label: runnerLabel(stackId), repository: { owner, name }, ...(url.hostname === domain ? {} : { mirrorFrom: repoURL }) };
}

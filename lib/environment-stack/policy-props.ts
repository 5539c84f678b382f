/**
 * Maps an environment to the props of its PolicyAspect (lib/policy): tier, file, suppressions,
 * protection, and which security groups and ports form the public load balancer path.
 */
import { EnvironmentConfig } from '../config/model';
import { PolicyAspectProps } from '../policy/aspect';

/** Ports the internet reaches through the load balancer: HTTP, HTTPS. */
const WEB_PORTS = [80, 443];
/** Forgejo's SSH LoadBalancer port (brief: forgejo stack). */
export const FORGEJO_SSH_PORT = 32222;

/**
 * @param publicSecurityGroupIds ids (tokens) of the security groups on the internet-facing load
 *   balancer path, from the infra layer; none means nothing may be open to 0.0.0.0/0.
 */
export function policyProps(env: EnvironmentConfig, publicSecurityGroupIds: readonly string[] = []): PolicyAspectProps {
  const ports = env.settings.stacks.includes('forgejo') ? [...WEB_PORTS, FORGEJO_SSH_PORT] : WEB_PORTS;
  return {
    tier: env.tenant.tier,
    file: env.file,
    suppressions: env.settings.suppressions,
    protection: env.kind === 'otc' ? env.settings.protection : true,
    publicIngress: { securityGroupIds: publicSecurityGroupIds, ports },
  };
}

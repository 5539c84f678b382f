/**
 * Maps an environment to the props of its PolicyAspect (lib/policy): tier, file, suppressions,
 * protection, and which security groups and ports form the public load balancer path.
 */
import { EnvironmentConfig } from '../config/model';
import { publicPorts } from '../platform/catalogue/declarations';
import { PolicyAspectProps } from '../policy/aspect';

/** Ports the internet reaches through the load balancer: HTTP, HTTPS. */
const WEB_PORTS = [80, 443];

/**
 * @param publicSecurityGroupIds ids (tokens) of the security groups on the internet-facing load
 *   balancer path; none means nothing may be open to 0.0.0.0/0. The infra layer has none: its
 *   dedicated ELB takes no security group, and the node group admits the node subnet only.
 */
export function policyProps(env: EnvironmentConfig, publicSecurityGroupIds: readonly string[] = []): PolicyAspectProps {
  const ports = [...WEB_PORTS, ...publicPorts(env.settings.stacks)];
  return {
    tier: env.tenant.tier,
    file: env.file,
    suppressions: env.settings.suppressions,
    protection: env.kind === 'otc' ? env.settings.protection : true,
    publicIngress: { securityGroupIds: publicSecurityGroupIds, ports },
  };
}

/**
 * One Terraform stack per environment. This is the only class that reads the environment config:
 * it maps it to the narrow props of the providers, the infra layer and the platform layer.
 */
import { Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, LocalEnvironment, OtcEnvironment } from '../config/model';
import { PolicyAspect } from '../policy/aspect';
import { configureBackend } from '../providers/backend';
import { configureClusterProviders } from '../providers/kubernetes';
import { configureOtc } from '../providers/otc';
import { policyProps } from './policy-props';

export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.stackId);
    if (env.kind === 'local') this.buildLocal(env);
    else this.buildOtc(env);
    // GUARDRAILS (issue 5): the policy pack checks every resource and manifest of this stack at
    // synth; once the infra layer exists, pass its public load balancer security group ids:
    //   policyProps(env, [infra.loadBalancer.securityGroupId])
    Aspects.of(this).add(new PolicyAspect(policyProps(env)));
  }

  /** The local tier: platform layer only, on an existing cluster, local state. */
  private buildLocal(env: LocalEnvironment): void {
    // Relative to cdktf.out/stacks/<id>/, outside cdktf.out so that a new synth never removes it.
    configureBackend(this, { kind: 'local', path: `../../../state/${env.stackId}.tfstate` });
    configureClusterProviders(this, { kind: 'kubeconfig', configPath: env.tenant.kubernetes.configPath, context: env.tenant.kubernetes.context });
    // PLATFORM LAYER (issue 4): new Platform(this, 'Platform', platformProps(env, undefined));
    //   platformProps lives in ./platform-props.ts.
  }

  /** OTC tiers: infra layer, then the platform layer on the cluster it creates. */
  private buildOtc(env: OtcEnvironment): void {
    const { region, project } = env.tenant.otc;
    configureBackend(this, { kind: 'obs', bucket: env.tenant.state.bucket, key: `${env.name}/terraform.tfstate`, region });
    configureOtc(this, { region, project });
    // INFRA LAYER (issue 3): const infra = new Infrastructure(this, 'Infra', infraProps(env));
    //   configureClusterProviders(this, infra.clusterAccess);   infraProps lives in ./infra-props.ts
    // PLATFORM LAYER (issue 4): new Platform(this, 'Platform', platformProps(env, infra.services));
    //   infra.services implements CloudServices (lib/platform/cloud.ts).
  }
}

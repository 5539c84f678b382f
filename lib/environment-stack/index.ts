/**
 * One Terraform stack per environment. This is the only class that reads the environment config:
 * it maps it to the narrow props of the providers, the infra layer and the platform layer.
 */
import { Aspects, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig, LocalEnvironment, OtcEnvironment } from '../config/model';
import { stateRefOf } from '../config/naming';
import { Infrastructure } from '../infra';
import { Platform } from '../platform';
import { PolicyAspect } from '../policy/aspect';
import { configureBackend } from '../providers/backend';
import { configureClusterProviders } from '../providers/kubernetes';
import { configureOtc } from '../providers/otc';
import { checkBinaryVersionsOnce } from './binary-versions';
import { infraProps } from './infra-props';
import { platformProps } from './platform-props';
import { policyProps } from './policy-props';
import { resolvePlainDataDirectly } from './plain-resolve';
import { rememberEscapeSearches } from './token-escapes';
import { skipTokenStackTraces } from './token-traces';

export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.stackId);
    skipTokenStackTraces();
    resolvePlainDataDirectly();
    rememberEscapeSearches();
    checkBinaryVersionsOnce();
    if (env.kind === 'local') this.buildLocal(env);
    else this.buildOtc(env);
    // The policy pack checks every resource and manifest of this stack at synth. No security group
    // may admit 0.0.0.0/0: the dedicated ELB takes none (lib/infra/network.ts).
    Aspects.of(this).add(new PolicyAspect(policyProps(env)));
  }

  /** The local tier: platform layer only, on an existing cluster, local state. */
  private buildLocal(env: LocalEnvironment): void {
    // Relative to cdktf.out/stacks/<id>/, outside cdktf.out so that a new synth never removes it.
    configureBackend(this, { kind: 'local', path: `../../../state/${env.stackId}.tfstate` });
    configureClusterProviders(this, { kind: 'kubeconfig', configPath: env.tenant.kubernetes.configPath, context: env.tenant.kubernetes.context });
    new Platform(this, 'Platform', platformProps(env, undefined));
  }

  /** OTC tiers: infra layer, then the platform layer on the cluster it creates. */
  private buildOtc(env: OtcEnvironment): void {
    const { region, project } = env.tenant.otc;
    configureBackend(this, { kind: 'obs', ...stateRefOf(env) });
    configureOtc(this, { region, project });
    const infra = new Infrastructure(this, 'Infra', infraProps(env));
    configureClusterProviders(this, infra.clusterAccess);
    new Platform(this, 'Platform', platformProps(env, infra.services));
  }
}

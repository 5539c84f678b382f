/**
 * One Terraform stack per environment. This is the only class that reads the environment config:
 * it maps it to the narrow props of the providers, the infra layer and the platform layer.
 */
import { TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { EnvironmentConfig } from './config/model';
import { configureBackend } from './providers/backend';
import { configureClusterProviders } from './providers/kubernetes';
import { configureOtc } from './providers/otc';

export class EnvironmentStack extends TerraformStack {
  constructor(scope: Construct, env: EnvironmentConfig) {
    super(scope, env.stackId);
    if (env.kind === 'local') {
      // Relative to cdktf.out/stacks/<id>/, outside cdktf.out so that a new synth never removes it.
      configureBackend(this, { kind: 'local', path: `../../../state/${env.stackId}.tfstate` });
      configureClusterProviders(this, { kind: 'kubeconfig', configPath: env.tenant.kubernetes.configPath, context: env.tenant.kubernetes.context });
      return;
    }
    const { region, project } = env.tenant.otc;
    configureBackend(this, { kind: 'obs', bucket: env.tenant.state.bucket, key: `${env.name}/terraform.tfstate`, region });
    configureOtc(this, { region, project });
  }
}

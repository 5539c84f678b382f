import { Testing } from 'cdktf';
import { shippedEnvironments, shippedStacks } from './support/synth';

Testing.setupJest();

describe('one stack per environment', () => {
  const stacks = shippedStacks();

  it.each([...stacks.keys()])('%s matches its snapshot', (id) => {
    expect(JSON.parse(stacks.get(id)!)).toMatchSnapshot();
  });

  it('keeps OTC state in the tenant bucket, per environment, encrypted, through the OBS endpoint', () => {
    const tf = JSON.parse(stacks.get('prod-edp')!);
    expect(tf.terraform.backend.s3).toEqual({
      bucket: 'edp-prod-terraform-state',
      key: 'edp/terraform.tfstate',
      region: 'eu-de',
      encrypt: true,
      endpoints: { s3: 'https://obs.eu-de.otc.t-systems.com' },
      skip_credentials_validation: true,
      skip_region_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_s3_checksum: true,
    });
    expect(JSON.parse(stacks.get('nonprod-test-me')!).terraform.backend.s3.key).toBe('test-me/terraform.tfstate');
  });

  it('keeps local state in a relative path outside cdktf.out', () => {
    const tf = JSON.parse(stacks.get('local-kind')!);
    expect(tf.terraform.backend).toEqual({ local: { path: '../../../state/local-kind.tfstate' } });
  });

  it('configures the OTC provider from the tenant, with no credentials in the stack', () => {
    const tf = JSON.parse(stacks.get('prod-edp')!);
    expect(tf.provider.opentelekomcloud).toEqual([{ auth_url: 'https://iam.eu-de.otc.t-systems.com/v3', region: 'eu-de', tenant_name: 'eu-de' }]);
  });

  it('points helm and kubernetes at the kubeconfig context on the local tier, and has no OTC provider', () => {
    const tf = JSON.parse(stacks.get('local-kind')!);
    expect(tf.provider.kubernetes).toEqual([{ config_path: '~/.kube/config', config_context: 'kind-edp' }]);
    expect(tf.provider.helm).toEqual([{ kubernetes: { config_path: '~/.kube/config', config_context: 'kind-edp' } }]);
    expect(tf.provider.opentelekomcloud).toBeUndefined();
  });

  it('records no stack trace per token once an environment stack exists (they are never shown, and cost a tenth of a synth)', () => {
    // A fresh cdktf: another test of this file may have made an environment stack already.
    jest.isolateModules(() => {
      const cdktf = require('cdktf') as typeof import('cdktf');
      const { EnvironmentStack } = require('../lib/environment-stack') as typeof import('../lib/environment-stack');
      const trace = () => (cdktf.Lazy.anyValue({ produce: () => 1 }) as unknown as { creationStack: string[] }).creationStack;
      expect(trace().length).toBeGreaterThan(0);
      new EnvironmentStack(cdktf.Testing.app(), shippedEnvironments().find((e) => e.stackId === 'local-kind')!);
      expect(trace()).toEqual([]);
    });
  });
});

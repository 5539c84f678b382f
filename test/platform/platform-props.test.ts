/** Config -> platform props, and the config fields the platform layer added. */
import { platformProps } from '../../lib/environment-stack/platform-props';
import { LOCAL_TENANT, NONPROD_TENANT, PROD_TENANT, load, nonprod, problems } from '../support/env-tree';
import { shippedEnvironments } from '../support/synth';

const F = 'environments/nonprod/x.yaml';
const byId = (id: string) => shippedEnvironments().find((e) => e.stackId === id)!;

describe('platformProps', () => {
  it('maps the tenant and environment onto the platform layer (prod-edp)', () => {
    const p = platformProps(byId('prod-edp'), undefined);
    expect(p).toMatchObject({
      stackId: 'prod-edp',
      domain: 'edp.buildth.ing',
      stacks: ['core', 'otc', 'forgejo', 'coder', 'terralist', 'observability-client'],
      sso: { organisation: 'DevFW', forgejoUrl: 'https://edp.buildth.ing' },
      settings: { otc: { acmeEmail: 'admin@think-ahead.tech' }, forgejo: {}, observability: { clients: [] } },
      gitops: { repoURL: 'https://edp.buildth.ing/DevFW-CICD/stacks-instances' },
    });
    // Exactly what the platform reads of the central environment (test/environment-stack/reads.test.ts).
    expect(p.remoteStacks).toEqual({ observability: { domain: 'observability.buildth.ing', state: { bucket: 'edp-prod-terraform-state', key: 'observability/terraform.tfstate', region: 'eu-de' } } });
  });

  it('gives the central environment its clients and the alert mail defaults', () => {
    const p = platformProps(byId('prod-observability'), undefined);
    expect(p.settings?.observability?.clients).toEqual(['prod-edp']);
    expect(p.settings?.observability?.alertMail).toEqual({ to: 'admin@think-ahead.tech', from: 'alertmanager@observability.buildth.ing', smarthost: 'mail.mms-support.de:465' });
  });

  it('takes alert mail settings from the environment file', () => {
    const [env] = load({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc, observability]\nobservability: { alertMail: { to: sre@example.org, smarthost: "smtp.example.org:587" } }\n' });
    expect(platformProps(env, undefined).settings?.observability?.alertMail).toEqual({ to: 'sre@example.org', from: 'alertmanager@x.t09.de', smarthost: 'smtp.example.org:587' });
  });

  it('gives the local tier no cloud services, and no ACME e-mail', () => {
    const p = platformProps(byId('local-kind'), undefined);
    expect(p).toMatchObject({ domain: 'kind.localtest.me', stacks: ['core'] });
    expect(p.services).toBeUndefined();
    expect(p.settings).toBeUndefined();
  });

  it('resolves a central environment in another tenant to that tenant’s state bucket', () => {
    const envs = load({
      'prod/tenant.yaml': PROD_TENANT.replace('edp-nonprod-terraform-state', 'edp-prod-terraform-state'),
      'prod/o.yaml': 'stacks: [core, otc, observability]\n',
      'nonprod/tenant.yaml': NONPROD_TENANT,
      'nonprod/x.yaml': 'stacks: [core, otc, observability-client]\nobservability: { central: prod/o }\n',
    });
    const x = envs.find((e) => e.stackId === 'nonprod-x')!;
    expect(x.central).toEqual({ stackId: 'prod-o', domain: 'o.buildth.ing', state: { bucket: 'edp-prod-terraform-state', key: 'o/terraform.tfstate', region: 'eu-de' } });
    expect(envs.find((e) => e.stackId === 'prod-o')!.observabilityClients).toEqual(['nonprod-x']);
  });
});

describe('platform config fields', () => {
  it('fails if the alert smarthost is not host:port', () => {
    expect(problems(nonprod('observability: { alertMail: { smarthost: "smtp.example.org" } }\n'))).toEqual([
      `${F}: observability.alertMail.smarthost: expected an SMTP server as "host:port", got "smtp.example.org"`,
    ]);
  });

  it('fails if the alert recipient is no e-mail address', () => {
    expect(problems(nonprod('observability: { alertMail: { to: sre } }\n'))).toEqual([`${F}: observability.alertMail.to: expected an e-mail address, got "sre"`]);
  });

  it('fails if the SSO Forgejo is not an https URL', () => {
    const tenant = LOCAL_TENANT.replace('sso: { organisation: DevFW }', 'sso: { organisation: DevFW, forgejoUrl: "http://git.local" }');
    expect(problems({ 'local/tenant.yaml': tenant, 'local/kind.yaml': 'stacks: [core]\n' })).toEqual([
      'environments/local/tenant.yaml: sso.forgejoUrl: expected an https:// URL, got "http://git.local"',
    ]);
  });
});

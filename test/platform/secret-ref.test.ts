/** Secrets as handles: what values read from a Secret comes from the Secret, checked at synth. */
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EACH_KEY, Namespaces, SecretWriter } from '../../lib/platform/secrets';
import { shippedStacks } from '../support/synth';

function writer(): SecretWriter {
  const stack = new TerraformStack(Testing.app(), 's');
  const scope = new Construct(stack, 'Forgejo');
  return new SecretWriter(scope, new Namespaces(stack, 'Namespaces'));
}

describe('SecretRef', () => {
  const admin = () => writer().write('AdminSecret', { namespace: 'gitea', name: 'forgejo-admin', data: { username: 'edp-admin', password: 'pw' } });

  it('gives secretKeyRefs, env entries, envFrom, existingSecret names and mounted files of the Secret it was written as', () => {
    const s = admin();
    expect(s.file('/etc/vm/secrets/forgejo-admin', 'password')).toBe('/etc/vm/secrets/forgejo-admin/password');
    expect(() => s.file('/etc/vm/secrets/forgejo-admin', 'pasword')).toThrow('has no key "pasword"');
    expect(s.env('ADMIN_PASSWORD', 'password')).toEqual({ name: 'ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'forgejo-admin', key: 'password' } } });
    expect(s.keyRef('username', true)).toEqual({ name: 'forgejo-admin', key: 'username', optional: true });
    expect(s.envFrom()).toEqual({ secretRef: { name: 'forgejo-admin' } });
    expect(s.existing('username', 'password')).toBe('forgejo-admin');
    expect(s.key('username')).toBe('username');
  });

  it('fails if a value reads a key the Secret does not have, naming the Secret’s construct path', () => {
    const s = admin();
    const message = 's/Forgejo/AdminSecret: Secret forgejo-admin has no key "pasword" (keys: username, password)';
    expect(() => s.env('ADMIN_PASSWORD', 'pasword')).toThrow(message);
    expect(() => s.keyRef('pasword')).toThrow(message);
    expect(() => s.existing('username', 'pasword')).toThrow(message);
  });

  it('fails if a key is read from one Secret of a for_each Secret that it does not have', () => {
    const w = writer();
    const clients = w.write('ClientSecret', { namespace: 'observability', name: `vmauth-client-${EACH_KEY}`, data: { username: EACH_KEY, password: 'pw' } });
    expect(clients.instance('prod-edp').keyRef('password')).toEqual({ name: 'vmauth-client-prod-edp', key: 'password' });
    expect(() => clients.instance('prod-edp').keyRef('token')).toThrow('s/Forgejo/ClientSecret: Secret vmauth-client-prod-edp has no key "token" (keys: username, password)');
  });

  it('fails if a key of a hand-written Secret is read that it is not documented to have', () => {
    const source = writer().external('forgejo-mirror-source', ['token']);
    expect(source.env('SOURCE_TOKEN', 'token', true)).toEqual({ name: 'SOURCE_TOKEN', valueFrom: { secretKeyRef: { name: 'forgejo-mirror-source', key: 'token', optional: true } } });
    expect(() => source.key('password')).toThrow('s/Forgejo (written by hand): Secret forgejo-mirror-source has no key "password" (keys: token)');
  });
});

describe('plainInput', () => {
  // Terraform itself (on PATH or named by TERRAFORM_BINARY_NAME, as for every synth) evaluates the validation of the shipped
  // `alert_smtp_username` variable, whose value goes into Helm values' JSON text as it is.
  let dir: string;
  const run = (...args: string[]) => spawnSync(process.env.TERRAFORM_BINARY_NAME ?? 'terraform', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' } });
  beforeAll(() => {
    const variable = (JSON.parse(shippedStacks().get('prod-observability')!) as { variable: Record<string, unknown> }).variable.alert_smtp_username;
    dir = mkdtempSync(join(tmpdir(), 'plain-input-'));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ variable: { alert_smtp_username: variable } }));
    const init = run('init', '-input=false', '-no-color');
    if (init.status !== 0) throw new Error(`terraform init failed (terraform is needed on PATH, as for every synth): ${init.error ?? init.stderr}`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const plan = (value: string) => {
    const p = run('plan', '-input=false', '-no-color', '-lock=false', `-var=alert_smtp_username=${value}`);
    return { status: p.status, output: p.stdout + p.stderr };
  };

  it('takes an account name (terraform plan)', () => {
    expect(plan('alerts@observability.buildth.ing')).toMatchObject({ status: 0 });
    expect(plan('edp-alerts_01%x+y=z:w/v')).toMatchObject({ status: 0 });
  });

  it.each([['a quote', 'a"b'], ['a backslash', 'a\\b'], ['white space', 'a b'], ['an interpolation', '${x}'], ['nothing', '']])('fails if the value has %s, naming the variable (terraform plan)', (_, value) => {
    const { status, output } = plan(value);
    expect(status).toBe(1);
    expect(output).toContain('alert_smtp_username: expected letters, digits and . _ % + @ = : / - only (the value goes into Helm values as it is).');
  });
});

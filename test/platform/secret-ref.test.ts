/** Secrets as handles: what values read from a Secret comes from the Secret, checked at synth. */
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { EACH_KEY, Namespaces, SecretWriter } from '../../lib/platform/secrets';

function writer(): SecretWriter {
  const stack = new TerraformStack(Testing.app(), 's');
  const scope = new Construct(stack, 'Forgejo');
  return new SecretWriter(scope, new Namespaces(stack, 'Namespaces'));
}

describe('SecretRef', () => {
  const admin = () => writer().write('AdminSecret', { namespace: 'gitea', name: 'forgejo-admin', data: { username: 'edp-admin', password: 'pw' } });

  it('gives secretKeyRefs, env entries, envFrom and existingSecret names of the Secret it was written as', () => {
    const s = admin();
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

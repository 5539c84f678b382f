/**
 * No generated secret value or literal credential reaches cdktf.out/. What the synthesized JSON
 * may hold are references: `${random_password.x.result}`, sensitive variables, infra attributes
 * and the central's remote state, and those only where Terraform writes a Secret (or a sensitive
 * output). The checks are plain functions so that the last tests can show each of them failing.
 */
import { parse } from 'yaml';
import { unescapeTerraform } from '../../lib/platform/render';
import { TfJson } from '../support/synth';
import { platformStacks } from './support';

/** References to secret material: generated passwords, sensitive variables, remote state. */
function secretReferences(tf: TfJson): RegExp {
  const sensitiveVars = Object.entries((tf as any).variable ?? {})
    .filter(([, v]) => (v as { sensitive?: boolean }).sensitive)
    .map(([name]) => name);
  const alternatives = ['random_password\\.', 'data\\.terraform_remote_state\\.', ...sensitiveVars.map((v) => `var\\.${v}\\b`)];
  return new RegExp(`\\$\\{[^}]*(${alternatives.join('|')})`);
}

/** Every string in the JSON with its path. */
function strings(value: unknown, path: string, out: [string, string][] = []): [string, string][] {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, path ? `${path}.${k}` : k, out);
  return out;
}

/** Places where a reference to secret material may stand. */
const ALLOWED = [/^resource\.kubernetes_secret_v1\.[^.]+\.data\./, /^output\.[^.]+\.value/];

/** Paths that use a secret reference outside a Secret's data (or a sensitive output). */
export function leakedReferences(tf: TfJson): string[] {
  const re = secretReferences(tf);
  return strings(tf, '')
    .filter(([path, s]) => re.test(s) && !ALLOWED.some((a) => a.test(path)))
    .map(([path]) => path)
    .concat(
      Object.entries(tf.output ?? {})
        .filter(([, o]) => re.test(JSON.stringify(o.value)) && o.sensitive !== true)
        .map(([name]) => `output.${name}: not sensitive`),
    );
}

const CREDENTIAL_KEY = /(^|[_.-])(pass(word|wd)?|secret|token|secret[_-]?key|access[_-]?key)$|[a-z](Password|Secret|Token|Passwd)$/i;
/** Keys whose value is the name of a Secret (or of its key/env variable), never its content. */
const NAME_KEYS = new Set(['existingSecret', 'secretName', 'secretEnv', 'configSecret']);
/** How values refer to credentials at run time: env expansion, Argo CD's `$secret:key`, a Secret ref. */
const REFERENCE = /^(\$[A-Z_][A-Z0-9_]*|\$\{[A-Z_][A-Z0-9_]*\}|\$__env\{[A-Z_][A-Z0-9_]*\}|\$[a-z0-9-]+:[a-zA-Z0-9._-]+)$/;
/** Looks generated: 16+ characters mixing upper case, lower case and digits, no spaces. */
const RANDOM_LOOKING = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)[A-Za-z0-9+/=_!@#%^&*.-]{16,}$/;

/** Literal credentials in rendered values/manifests: a credential key with literal content, or a random-looking string. */
export function literalCredentials(value: unknown, path = ''): string[] {
  if (typeof value === 'string') {
    const nested = /\n/.test(value) ? tryYaml(value) : undefined; // argocd-cm entries are YAML text
    if (nested !== undefined && typeof nested === 'object') return literalCredentials(nested, `${path}|yaml`);
    return RANDOM_LOOKING.test(value) ? [`${path}: random-looking literal`] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => literalCredentials(v, `${path}[${i}]`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = `${path}.${k}`;
    if (typeof v === 'string' && CREDENTIAL_KEY.test(k) && !NAME_KEYS.has(k) && !REFERENCE.test(v)) return [`${here}: literal credential`];
    return literalCredentials(v, here);
  });
}

function tryYaml(s: string): unknown {
  try {
    return parse(s);
  } catch {
    return undefined;
  }
}

/** Credential keys of Secret data that hold a literal instead of a Terraform reference. */
export function literalSecretData(tf: TfJson): string[] {
  return Object.entries(tf.resource?.kubernetes_secret_v1 ?? {}).flatMap(([name, s]) =>
    Object.entries((s.data ?? {}) as Record<string, string>)
      .filter(([k, v]) => CREDENTIAL_KEY.test(k) && !/^\$\{/.test(v))
      .map(([k]) => `kubernetes_secret_v1.${name}.data.${k}`),
  );
}

function renderedValues(tf: TfJson): unknown[] {
  return Object.values(tf.resource?.helm_release ?? {}).flatMap((r) => (r.values as string[]).map((v) => parse(unescapeTerraform(v))));
}

describe('no secret value in cdktf.out', () => {
  const stacks = platformStacks();

  it.each([...stacks.keys()])('%s: generated passwords and sensitive inputs are only referenced in Secrets and sensitive outputs', (id) => {
    const { tf, json } = stacks.get(id)!;
    expect(json).toMatch(/\$\{random_password\./); // the check below has something to look at
    expect(leakedReferences(tf)).toEqual([]);
  });

  it.each([...stacks.keys()])('%s: helm values and manifests hold no literal credential', (id) => {
    expect(renderedValues(stacks.get(id)!.tf).flatMap((v) => literalCredentials(v))).toEqual([]);
  });

  it.each([...stacks.keys()])('%s: every credential in a Secret comes from Terraform (password, variable, infra attribute)', (id) => {
    const { tf } = stacks.get(id)!;
    expect(Object.keys(tf.resource!.kubernetes_secret_v1).length).toBeGreaterThan(0);
    expect(literalSecretData(tf)).toEqual([]);
  });

  it('the generated passwords are Terraform resources, so their values only ever exist in the state', () => {
    const tf = stacks.get('prod-edp')!.tf;
    const passwords = Object.keys(tf.resource!.random_password);
    // Dex clients (argocd, coder, terralist), Forgejo admin, runner and metrics token, Coder DB, Terralist signing key.
    expect(passwords.length).toBe(8);
    for (const name of passwords) expect(stacks.get('prod-edp')!.json).toContain(`\${random_password.${name}.result}`);
  });

  it('fails if a generated password is put into helm values or a non-sensitive output', () => {
    const tf = JSON.parse(stacks.get('prod-edp')!.json) as TfJson;
    const [pw] = Object.keys(tf.resource!.random_password);
    const [release] = Object.keys(tf.resource!.helm_release);
    (tf.resource!.helm_release[release].values as string[]).push(`admin:\n  password: \${random_password.${pw}.result}\n`);
    (tf as any).output.leak = { value: `\${random_password.${pw}.result}` };
    expect(leakedReferences(tf)).toEqual([`resource.helm_release.${release}.values[1]`, 'output.leak: not sensitive']);
  });

  it('fails if values or a Secret carry a literal credential', () => {
    expect(literalCredentials({ gitea: { admin: { username: 'gitea_admin', password: 'r8sA8CPHD9!bt6d' } }, cm: { 'oidc.config': 'clientID: x\nclientSecret: s3cr3t\n' }, token: '$TOKEN', env: 'Zx8kQ2mN4pR7sT1vW3' })).toEqual([
      '.gitea.admin.password: literal credential',
      '.cm.oidc.config|yaml.clientSecret: literal credential',
      '.env: random-looking literal',
    ]);
    const tf = JSON.parse(stacks.get('prod-edp')!.json) as TfJson;
    const [secret] = Object.keys(tf.resource!.kubernetes_secret_v1);
    (tf.resource!.kubernetes_secret_v1[secret].data as Record<string, string>).password = 'hunter2';
    expect(literalSecretData(tf)).toEqual([`kubernetes_secret_v1.${secret}.data.password`]);
  });
});

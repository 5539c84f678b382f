/**
 * What must be unique across the whole environments tree, not only within a tenant: where each
 * Terraform state lives, every public host (domains and the service hosts the stack catalogue
 * derives from them), and the physical names OTC requires to be unique. Tenants may share a state
 * bucket, an OTC account and a DNS zone, so two tenants can collide as easily as two files.
 */
import { ConfigProblem } from './errors';
import { EnvironmentConfig, OtcEnvironment, StackRule } from './model';
import { stateKey, uniqueNamesOf } from './naming';

/** Longest DNS name (RFC 1035). */
const MAX_HOST = 253;

function tenantFile(env: EnvironmentConfig): string {
  return `${env.file.slice(0, env.file.lastIndexOf('/'))}/tenant.yaml`;
}

const otc = (envs: readonly EnvironmentConfig[]) => envs.filter((e): e is OtcEnvironment => e.kind === 'otc');

/** Two tenants may share a state bucket; the key `<env>/terraform.tfstate` has no tenant in it. */
export function checkStateLocations(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, OtcEnvironment>();
  for (const env of otc(envs)) {
    const key = stateKey(env.name);
    const location = `${env.tenant.state.bucket}/${key}`;
    const other = seen.get(location);
    if (!other) {
      seen.set(location, env);
      continue;
    }
    problems.push({
      file: tenantFile(env),
      path: 'state.bucket',
      message: `expected a state location of its own for ${env.file}, got "${env.tenant.state.bucket}" with key "${key}", where ${other.file} keeps its state: give this tenant its own state bucket or rename one of the files`,
    });
  }
  return problems;
}

/** The hosts an environment serves: its domain and each service host of its selected stacks. */
function hostsOf(env: EnvironmentConfig, rules: ReadonlyMap<string, StackRule>): { host: string; label: string; stack: string }[] {
  return env.settings.stacks.flatMap((stack) => (rules.get(stack)?.hosts ?? []).map((label) => ({ host: label ? `${label}.${env.domain}` : env.domain, label, stack })));
}

/**
 * Every host belongs to one environment. A domain that is another environment's service host
 * (`argocd.test-me.t09.de`) would take that host's address record; a domain at a tenant's apex
 * would get the wildcard record `*.<apex>`, which answers for every name of the zone. Equal
 * domains are checkDomains' (checks.ts).
 */
export function checkHosts(envs: readonly EnvironmentConfig[], stackRules: readonly StackRule[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const rules = new Map(stackRules.map((r) => [r.name, r]));
  const services = new Map<string, { env: EnvironmentConfig; label: string; stack: string }>();
  for (const env of envs) for (const h of hostsOf(env, rules)) if (h.label && !services.has(h.host)) services.set(h.host, { env, label: h.label, stack: h.stack });
  const apexes = new Map<string, string>();
  for (const env of otc(envs)) {
    apexes.set(env.tenant.domain, tenantFile(env));
    if (env.tenant.dnsZone) apexes.set(env.tenant.dnsZone, tenantFile(env));
  }
  for (const env of envs) {
    const problem = (message: string) => problems.push({ file: env.file, path: 'domain', message });
    const owner = services.get(env.domain);
    const apex = apexes.get(env.domain);
    if (owner && owner.env !== env) {
      problem(`expected a host of its own, got "${env.domain}", which is the ${owner.label} host (stack ${owner.stack}) of ${owner.env.file}`);
    } else if (apex && env.kind === 'otc') {
      problem(`expected a domain below the tenant domains, got "${env.domain}", a tenant's apex (${apex}): its wildcard record *.${env.domain} would answer for every name there`);
    }
    const long = hostsOf(env, rules).find((h) => h.host.length > MAX_HOST);
    if (long) problem(`expected a domain short enough for its service hosts (at most ${MAX_HOST} characters each), got ${env.domain.length} characters (${long.label}.<domain> has ${long.host.length})`);
  }
  return problems;
}

/**
 * Physical names OTC requires to be unique (lib/config/naming.ts): buckets are global, and the
 * state buckets of the tenants live in the same namespace as the environments' buckets.
 */
export function checkPhysicalNames(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const owners = new Map<string, { what: string; file: string }>();
  // Environments that share a stack id share every name; checkStackIds (checks.ts) reports them once.
  const otcEnvs = otc(envs).filter((e, i, all) => all.findIndex((o) => o.stackId === e.stackId) === i);
  for (const env of otcEnvs) owners.set(`OBS bucket:${env.tenant.state.bucket}`, { what: 'state bucket', file: tenantFile(env) });
  for (const env of otcEnvs) {
    const reported = new Set<string>();
    for (const { what, name } of uniqueNamesOf(env.stackId, env.tenant.domain, env.name)) {
      const key = `${what}:${name}`;
      const other = owners.get(key);
      if (!other) {
        owners.set(key, { what, file: env.file });
        continue;
      }
      if (reported.has(`${what}:${other.file}`)) continue;
      reported.add(`${what}:${other.file}`);
      if (other.what === 'state bucket') {
        problems.push({ file: other.file, path: 'state.bucket', message: `expected a state bucket that is no environment's bucket, got "${name}", an OBS bucket of ${env.file}` });
      } else {
        problems.push({
          file: env.file,
          path: '',
          message: `expected physical names of its own, got ${what} "${name}" (from the tenant domain ${env.tenant.domain} and the file name), which ${other.file} has too: rename the file or change a tenant domain`,
        });
      }
    }
  }
  return problems;
}

/** Everything above, for the loader. */
export function checkTree(envs: readonly EnvironmentConfig[], stackRules: readonly StackRule[]): ConfigProblem[] {
  return [...checkStateLocations(envs), ...checkHosts(envs, stackRules), ...checkPhysicalNames(envs)];
}

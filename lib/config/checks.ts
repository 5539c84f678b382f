/**
 * Checks that span fields or files, run after every file parsed: network ranges, availability
 * zones, stack selection, references between environments, domain collisions.
 */
import { dnsZoneOf } from './domains';
import { ConfigProblem } from './errors';
import { EnvironmentConfig, OtcEnvironment, StackRule } from './model';
import { cidrContains, cidrsOverlap, parseCidr } from './schema/primitives';
import { OtcTenant } from './schema/tenant';

export function checkNetwork(env: OtcEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ file: env.file, path, message });
  const { network, cluster } = env.settings;
  const vpc = parseCidr(network.vpcCidr)!;
  const subnet = parseCidr(network.subnetCidr)!;
  if (!cidrContains(vpc, subnet)) problem('network.subnetCidr', `expected a range inside network.vpcCidr ${network.vpcCidr}, got "${network.subnetCidr}"`);
  const ranges: [string, string][] = [
    ['network.vpcCidr', network.vpcCidr],
    ['cluster.containerCidr', cluster.containerCidr],
    ['cluster.serviceCidr', cluster.serviceCidr],
  ];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (cidrsOverlap(parseCidr(ranges[i][1])!, parseCidr(ranges[j][1])!)) {
        problem(ranges[j][0], `expected a range that does not overlap ${ranges[i][0]} ${ranges[i][1]}, got "${ranges[j][1]}"`);
      }
    }
  }
  return problems;
}

/** Production environments always keep prevent_destroy on their stateful resources. */
export function checkProtection(env: OtcEnvironment): ConfigProblem[] {
  if (env.tenant.tier === 'production' && !env.settings.protection) {
    return [{ file: env.file, path: 'protection', message: 'expected true in a production tenant (protection: false is for non-production only), got false' }];
  }
  return [];
}

export function checkZones(env: OtcEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const region = env.tenant.otc.region;
  const zones = env.settings.availabilityZones;
  zones.forEach((zone, i) => {
    if (!zone.startsWith(`${region}-`)) problems.push({ file: env.file, path: `availabilityZones[${i}]`, message: `expected an availability zone of region ${region} (${region}-01, ...), got "${zone}"` });
  });
  if (new Set(zones).size !== zones.length) problems.push({ file: env.file, path: 'availabilityZones', message: 'expected distinct availability zones, got a repeated one' });
  if (env.settings.cluster.highAvailability && zones.length < 3) {
    problems.push({ file: env.file, path: 'availabilityZones', message: `expected three availability zones for cluster.highAvailability (one master each), got ${zones.length}` });
  }
  if (env.settings.database.highAvailability && zones.length < 2) {
    problems.push({ file: env.file, path: 'availabilityZones', message: `expected two availability zones for database.highAvailability (primary and standby), got ${zones.length}` });
  }
  const names = new Set<string>();
  env.settings.cluster.nodePools.forEach((pool, i) => {
    const path = `cluster.nodePools[${i}]`;
    if (pool.availabilityZone !== undefined && !zones.includes(pool.availabilityZone)) {
      problems.push({ file: env.file, path: `${path}.availabilityZone`, message: `expected one of the environment's availabilityZones (${zones.join(', ')}), got "${pool.availabilityZone}"` });
    }
    if (names.has(pool.name)) problems.push({ file: env.file, path: `${path}.name`, message: `expected a unique node pool name, got "${pool.name}" twice` });
    names.add(pool.name);
    const { min, max } = pool.autoscaling;
    if (min > max) problems.push({ file: env.file, path: `${path}.autoscaling.min`, message: `expected at most autoscaling.max (${max}), got ${min}` });
    else if (pool.count < min || pool.count > max) problems.push({ file: env.file, path: `${path}.count`, message: `expected a count within autoscaling ${min}..${max}, got ${pool.count}` });
  });
  return problems;
}

export function checkStacks(env: EnvironmentConfig, rules: readonly StackRule[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byName = new Map(rules.map((r) => [r.name, r]));
  const selected = env.settings.stacks;
  selected.forEach((name, i) => {
    const path = `stacks[${i}]`;
    const rule = byName.get(name);
    if (!rule) {
      problems.push({ file: env.file, path, message: `expected one of ${rules.map((r) => r.name).join(', ')}, got "${name}"` });
      return;
    }
    if (selected.indexOf(name) !== i) problems.push({ file: env.file, path, message: `expected each stack once, got "${name}" again` });
    for (const need of rule.needs) {
      if (!selected.includes(need)) problems.push({ file: env.file, path, message: `${name} needs ${need}: add "${need}" to stacks` });
    }
    if (rule.needsCloud && env.kind === 'local') {
      problems.push({ file: env.file, path, message: `${name} needs OTC resources (load balancer, database, object storage) and cannot run on the local tier` });
    }
  });
  return problems;
}

/** Resolves `observability.central` (`env` or `tenant/env`) to a stack id, or undefined. */
export function centralReference(env: EnvironmentConfig): string | undefined {
  const ref = env.settings.observability.central;
  if (!ref) return undefined;
  return ref.includes('/') ? ref.replace('/', '-') : `${env.tenantName}-${ref}`;
}

/**
 * `observability.central` and the stacks that report to it: an environment that selects a stack
 * with `central` (StackRule) names its central environment, which must exist, be another one and
 * run those stacks; an environment without such a stack names none. Which stacks those are is the
 * catalogue's knowledge (the rules), not the loader's.
 */
export function checkReferences(envs: readonly EnvironmentConfig[], rules: readonly StackRule[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byId = new Map(envs.map((e) => [e.stackId, e]));
  const reporting = rules.filter((r) => (r.central ?? []).length > 0);
  for (const env of envs) {
    const client = reporting.find((r) => env.settings.stacks.includes(r.name));
    const ref = env.settings.observability.central;
    const id = centralReference(env);
    if (client && !ref) {
      problems.push({ file: env.file, path: 'observability.central', message: `expected the central observability environment for ${client.name} (e.g. "${client.central![0]}"), got nothing` });
    }
    if (ref && !client) {
      problems.push({ file: env.file, path: 'observability.central', message: `expected no central observability environment without the ${reporting.map((r) => r.name).join(' or ')} stack, got "${ref}"` });
    }
    const central = (client ?? reporting[0])?.central;
    if (!ref || !id || !central) continue;
    const target = byId.get(id);
    const missing = target && central.find((stack) => !target.settings.stacks.includes(stack));
    if (!target) problems.push({ file: env.file, path: 'observability.central', message: `expected an existing environment, got "${ref}" (no ${id})` });
    else if (target === env) problems.push({ file: env.file, path: 'observability.central', message: `expected another environment, got "${ref}" (this one)` });
    else if (missing) problems.push({ file: env.file, path: 'observability.central', message: `expected an environment with the ${missing} stack, got "${ref}" (its stacks: ${target.settings.stacks.join(', ')})` });
  }
  return problems;
}

export function checkDomains(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, EnvironmentConfig>();
  for (const env of envs) {
    const other = seen.get(env.domain);
    if (other) problems.push({ file: env.file, path: 'domain', message: `expected a domain of its own, got "${env.domain}", which ${other.file} uses too` });
    else seen.set(env.domain, env);
  }
  return problems;
}

/**
 * What OTC refuses about a tenant that the schema alone cannot see: a project of another region,
 * a project other than the region's base project (OBS server-side encryption accepts only KMS keys
 * of the base project, and every environment encrypts its buckets with its own key), a DNS zone
 * that does not hold the tenant's domain, and names that CCE and RDS refuse (they must start with
 * a letter, and every physical name starts with the tenant folder's name).
 */
export function checkOtcTenant(tenantName: string, tenant: OtcTenant, file: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { region, project } = tenant.otc;
  if (project !== region && !project.startsWith(`${region}_`)) {
    problems.push({ file, path: 'otc.project', message: `expected a project of region ${region} ("${region}" or "${region}_<name>"), got "${project}"` });
  } else if (project !== region) {
    problems.push({ file, path: 'otc.project', message: `expected the region's base project "${region}" (OBS server-side encryption accepts only KMS keys of the base project), got "${project}"` });
  }
  const zone = dnsZoneOf(tenant);
  if (!insideZone(tenant.domain, zone)) {
    problems.push({ file, path: 'dnsZone', message: `expected a zone that holds the tenant domain ${tenant.domain}, got "${zone}"` });
  }
  if (!/^[a-z]/.test(tenantName)) {
    problems.push({ file, path: '', message: `expected a tenant folder name that starts with a letter (CCE cluster and RDS instance names must), got "${tenantName}"` });
  }
  return problems;
}

function insideZone(domain: string, zone: string): boolean {
  return domain === zone || domain.endsWith(`.${zone}`);
}

/** The environment's records go into the tenant's public zone, so its domain must lie inside it. */
export function checkDomainZone(env: OtcEnvironment): ConfigProblem[] {
  const zone = dnsZoneOf(env.tenant);
  if (insideZone(env.domain, zone)) return [];
  return [{ file: env.file, path: 'domain', message: `expected a domain inside the tenant's DNS zone ${zone}, got "${env.domain}"` }];
}

/** RDS rules the schema cannot express: sizes in steps of 10 GB, a backup window of exactly one hour. */
export function checkDatabase(env: OtcEnvironment): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { volumeGb, backupWindow } = env.settings.database;
  if (volumeGb % 10 !== 0) problems.push({ file: env.file, path: 'database.volumeGb', message: `expected a multiple of 10 (RDS sizes volumes in steps of 10 GB), got ${volumeGb}` });
  const [start, end] = backupWindow.split('-').map((t) => Number(t.slice(0, 2)));
  if ((start + 1) % 24 !== end) {
    const next = String((start + 1) % 24).padStart(2, '0');
    problems.push({ file: env.file, path: 'database.backupWindow', message: `expected a window of one hour (RDS requires it), e.g. "${backupWindow.slice(0, 5)}-${next}:00", got "${backupWindow}"` });
  }
  return problems;
}

/** `<tenant>-<env>` must name one environment: `a-b/c.yaml` and `a/b-c.yaml` would share `a-b-c`. */
export function checkStackIds(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, EnvironmentConfig>();
  for (const env of envs) {
    const other = seen.get(env.stackId);
    if (other) problems.push({ file: env.file, path: '', message: `expected a stack id of its own, got "${env.stackId}", which ${other.file} has too: rename the file or its tenant folder` });
    else seen.set(env.stackId, env);
  }
  return problems;
}

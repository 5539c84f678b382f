/**
 * Loads `environments/<tenant>/tenant.yaml` and `environments/<tenant>/<env>.yaml`: parse once,
 * validate everything, and either return every environment or throw one ConfigError listing every
 * problem of every file. Nothing is synthesized before this returns.
 */
import { join, relative } from 'path';
import { centralReference, checkDatabase, checkDomainZone, checkDomains, checkNetwork, checkOtcTenant, checkProtection, checkReferences, checkStackIds, checkStacks, checkZones } from './checks';
import { DEFAULTS } from './defaults';
import { environmentDomain } from './domains';
import { ConfigError, ConfigProblem } from './errors';
import { checkManagers, withManagers } from './management';
import { Entry, inspect, listFolder } from './files';
import { EnvironmentConfig, StackRule } from './model';
import { stackId, stateRefOf } from './naming';
import { environmentSchemas } from './schema/environment';
import { DNS_LABEL } from './schema/primitives';
import { Tenant, tenantSchema } from './schema/tenant';
import { readYaml } from './read-yaml';
import { checkTree } from './unique';
import { zodProblems } from './zod-problems';

export interface LoadOptions {
  /** Project root; files are reported relative to it. */
  readonly root: string;
  /** Folder holding the tenant folders. @default "<root>/environments" */
  readonly dir?: string;
  /** The platform catalogue's rules for validating `stacks:`. */
  readonly stacks: readonly StackRule[];
}

const TENANT_FILE = 'tenant.yaml';

function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase().endsWith('.md');
}

export function loadEnvironments(options: LoadOptions): EnvironmentConfig[] {
  const dir = options.dir ?? join(options.root, 'environments');
  const rel = (p: string) => relative(options.root, p).split('\\').join('/');
  const problems: ConfigProblem[] = [];
  const envs: EnvironmentConfig[] = [];

  const top = inspect(dir);
  if (top.kind !== 'folder') {
    const got = top.kind === 'file' ? 'a file' : top.what;
    throw new ConfigError([{ file: rel(dir), path: '', message: `expected a folder of tenant folders, got ${got}` }]);
  }
  const tenants = listFolder(dir);
  if (!tenants.ok) throw new ConfigError([{ file: rel(dir), path: '', message: `expected a folder of tenant folders, got ${tenants.what}` }]);

  for (const name of tenants.names) {
    const entryPath = join(dir, name);
    if (isIgnored(name)) continue;
    const entry = inspect(entryPath);
    if (entry.kind === 'file') {
      problems.push({ file: rel(entryPath), path: '', message: `expected environment files inside a tenant folder (${rel(dir)}/<tenant>/<env>.yaml), got a file outside one` });
      continue;
    }
    if (entry.kind === 'other') {
      problems.push({ file: rel(entryPath), path: '', message: `expected a tenant folder, got ${entry.what}` });
      continue;
    }
    if (!DNS_LABEL.test(name)) {
      problems.push({ file: rel(entryPath), path: '', message: `expected a tenant folder name that is a DNS label (lower-case letters, digits, "-"), got "${name}"` });
      continue;
    }
    const tenantPath = join(entryPath, TENANT_FILE);
    const tenantEntry = inspect(tenantPath);
    if (tenantEntry.kind === 'other' && tenantEntry.what === 'nothing') {
      problems.push({ file: rel(entryPath), path: '', message: `expected ${TENANT_FILE} in every tenant folder, got none` });
      continue;
    }
    const files = listFolder(entryPath);
    if (!files.ok) {
      problems.push({ file: rel(entryPath), path: '', message: `expected a readable tenant folder, got ${files.what}` });
      continue;
    }
    const tenant = loadTenant(tenantPath, rel(tenantPath), tenantEntry, problems);
    if (tenant && tenant.tier !== 'local') problems.push(...checkOtcTenant(name, tenant, rel(tenantPath)));
    for (const fileName of files.names) {
      if (fileName === TENANT_FILE || isIgnored(fileName)) continue;
      const filePath = join(entryPath, fileName);
      const env = loadEnvironment(filePath, rel(filePath), name, fileName, tenant, problems);
      if (env) envs.push(env);
    }
  }

  // An empty tree is a wrong folder, not a wish to remove every stack of the previous synth.
  if (problems.length === 0 && envs.length === 0) {
    problems.push({ file: rel(dir), path: '', message: `expected at least one environment (${rel(dir)}/<tenant>/<env>.yaml), got none` });
  }

  // Cross-file checks only make sense once every file parsed.
  if (problems.length === 0) {
    for (const env of envs) {
      problems.push(...checkStacks(env, options.stacks));
      if (env.kind === 'otc') problems.push(...checkNetwork(env), ...checkZones(env), ...checkProtection(env), ...checkDatabase(env), ...checkDomainZone(env));
    }
    problems.push(...checkStackIds(envs), ...checkReferences(envs, options.stacks), ...checkDomains(envs));

    // Across the whole tree: state locations, hosts, physical names (lib/config/unique.ts).
    problems.push(...checkTree(envs, options.stacks));
    if (problems.length === 0) problems.push(...checkManagers(envs, options.stacks));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const byId = new Map(envs.map((e) => [e.stackId, e]));
  return withManagers(envs).map((env) => {
    const clients = envs.filter((e) => centralReference(e) === env.stackId).map((e) => e.stackId);
    const withClients = clients.length > 0 ? { ...env, observabilityClients: clients } : env;
    const target = byId.get(centralReference(env) ?? '');
    // checkReferences guarantees the target runs the central stack, which needs OTC (so has state there).
    if (!target || target.kind !== 'otc') return withClients;
    return { ...withClients, central: { stackId: target.stackId, domain: target.domain, state: stateRefOf(target) } };
  });
}

function loadTenant(path: string, file: string, entry: Entry, problems: ConfigProblem[]): Tenant | undefined {
  if (entry.kind !== 'file') {
    problems.push({ file, path: '', message: `expected a file, got ${entry.kind === 'folder' ? 'a folder' : entry.what}` });
    return undefined;
  }
  const raw = readYaml(path, file);
  if (!raw.ok) {
    problems.push(...raw.problems);
    return undefined;
  }
  const parsed = tenantSchema.safeParse(raw.value);
  if (!parsed.success) {
    problems.push(...zodProblems(file, raw.value, parsed.error.issues));
    return undefined;
  }
  return parsed.data;
}

function loadEnvironment(path: string, file: string, tenantName: string, fileName: string, tenant: Tenant | undefined, problems: ConfigProblem[]): EnvironmentConfig | undefined {
  const entry = inspect(path);
  if (entry.kind === 'folder') {
    problems.push({ file, path: '', message: 'expected environment files directly in the tenant folder, got a folder' });
    return undefined;
  }
  if (!fileName.endsWith('.yaml')) {
    problems.push({ file, path: '', message: `expected an environment file named <env>.yaml, got "${fileName}"` });
    return undefined;
  }
  const name = fileName.slice(0, -'.yaml'.length);
  if (!DNS_LABEL.test(name)) {
    problems.push({ file, path: '', message: `expected a file name that is a DNS label (lower-case letters, digits, "-", at most 63), got "${name}"` });
    return undefined;
  }
  if (entry.kind === 'other') {
    problems.push({ file, path: '', message: `expected a file, got ${entry.what}` });
    return undefined;
  }
  const raw = readYaml(path, file);
  if (!raw.ok) {
    problems.push(...raw.problems);
    return undefined;
  }
  if (!tenant) return undefined; // its tenant.yaml is broken and already reported
  const common = { tenantName, name, stackId: stackId(tenantName, name), file };
  if (tenant.tier === 'local') {
    const parsed = environmentSchemas.local.safeParse(raw.value);
    if (!parsed.success) return void problems.push(...zodProblems(file, raw.value, parsed.error.issues));
    return { ...common, kind: 'local', tenant, domain: environmentDomain(name, tenant, parsed.data.domain), settings: parsed.data };
  }
  const parsed = environmentSchemas[tenant.tier].safeParse(raw.value);
  if (!parsed.success) return void problems.push(...zodProblems(file, raw.value, parsed.error.issues));
  const region = tenant.otc.region;
  const availabilityZones = parsed.data.availabilityZones ?? DEFAULTS[tenant.tier].availabilityZoneSuffixes.map((s) => `${region}-${s}`);
  return { ...common, kind: 'otc', tenant, domain: environmentDomain(name, tenant, parsed.data.domain), settings: { ...parsed.data, availabilityZones } };
}

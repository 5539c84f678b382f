/**
 * Loads `environments/<tenant>/tenant.yaml` and `environments/<tenant>/<env>.yaml`: parse once,
 * validate everything, and either return every environment or throw one ConfigError listing every
 * problem of every file. Nothing is synthesized before this returns.
 */
import { Dirent, existsSync, readdirSync } from 'fs';
import { join, relative } from 'path';
import { centralReference, checkDatabase, checkDomainZone, checkDomains, checkNetwork, checkOtcTenant, checkProtection, checkReferences, checkStackIds, checkStacks, checkZones } from './checks';
import { ConfigError, ConfigProblem } from './errors';
import { checkManagers, withManagers } from './management';
import { EnvironmentConfig, StackRule } from './model';
import { stackId, stateKey } from './naming';
import { environmentSchemas } from './schema/environment';
import { DNS_LABEL } from './schema/primitives';
import { Tenant, tenantSchema } from './schema/tenant';
import { readYaml } from './read-yaml';
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

function sorted(dir: string): Dirent[] {
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isIgnored(name: string): boolean {
  return name.startsWith('.') || name.toLowerCase().endsWith('.md');
}

export function loadEnvironments(options: LoadOptions): EnvironmentConfig[] {
  const dir = options.dir ?? join(options.root, 'environments');
  const rel = (p: string) => relative(options.root, p).split('\\').join('/');
  const problems: ConfigProblem[] = [];
  const envs: EnvironmentConfig[] = [];

  if (!existsSync(dir)) throw new ConfigError([{ file: rel(dir), path: '', message: 'expected a folder of tenant folders, got nothing' }]);

  for (const entry of sorted(dir)) {
    const entryPath = join(dir, entry.name);
    if (isIgnored(entry.name)) continue;
    if (!entry.isDirectory()) {
      problems.push({ file: rel(entryPath), path: '', message: `expected environment files inside a tenant folder (${rel(dir)}/<tenant>/<env>.yaml), got a file outside one` });
      continue;
    }
    if (!DNS_LABEL.test(entry.name)) {
      problems.push({ file: rel(entryPath), path: '', message: `expected a tenant folder name that is a DNS label (lower-case letters, digits, "-"), got "${entry.name}"` });
      continue;
    }
    const tenantPath = join(entryPath, TENANT_FILE);
    if (!existsSync(tenantPath)) {
      problems.push({ file: rel(entryPath), path: '', message: `expected ${TENANT_FILE} in every tenant folder, got none` });
      continue;
    }
    const tenant = loadTenant(tenantPath, rel(tenantPath), problems);
    if (tenant && tenant.tier !== 'local') problems.push(...checkOtcTenant(entry.name, tenant, rel(tenantPath)));
    for (const file of sorted(entryPath)) {
      if (file.name === TENANT_FILE || isIgnored(file.name)) continue;
      const filePath = join(entryPath, file.name);
      const env = loadEnvironment(filePath, rel(filePath), entry.name, file, tenant, problems);
      if (env) envs.push(env);
    }
  }

  // Cross-file checks only make sense once every file parsed.
  if (problems.length === 0) {
    for (const env of envs) {
      problems.push(...checkStacks(env, options.stacks));
      if (env.kind === 'otc') problems.push(...checkNetwork(env), ...checkZones(env), ...checkProtection(env), ...checkDatabase(env), ...checkDomainZone(env));
    }
    problems.push(...checkStackIds(envs), ...checkReferences(envs), ...checkDomains(envs));
    if (problems.length === 0) problems.push(...checkManagers(envs, options.stacks));
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const byId = new Map(envs.map((e) => [e.stackId, e]));
  return withManagers(envs).map((env) => {
    const clients = envs.filter((e) => centralReference(e) === env.stackId).map((e) => e.stackId);
    const withClients = clients.length > 0 ? { ...env, observabilityClients: clients } : env;
    const target = byId.get(centralReference(env) ?? '');
    // checkReferences guarantees the target runs `observability`, which needs OTC (so has state there).
    if (!target || target.kind !== 'otc') return withClients;
    const state = { bucket: target.tenant.state.bucket, key: stateKey(target.name), region: target.tenant.otc.region };
    return { ...withClients, central: { stackId: target.stackId, domain: target.domain, state } };
  });
}

function loadTenant(path: string, file: string, problems: ConfigProblem[]): Tenant | undefined {
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

function loadEnvironment(path: string, file: string, tenantName: string, entry: Dirent, tenant: Tenant | undefined, problems: ConfigProblem[]): EnvironmentConfig | undefined {
  if (entry.isDirectory()) {
    problems.push({ file, path: '', message: 'expected environment files directly in the tenant folder, got a folder' });
    return undefined;
  }
  if (!entry.name.endsWith('.yaml')) {
    problems.push({ file, path: '', message: `expected an environment file named <env>.yaml, got "${entry.name}"` });
    return undefined;
  }
  const name = entry.name.slice(0, -'.yaml'.length);
  if (!DNS_LABEL.test(name)) {
    problems.push({ file, path: '', message: `expected a file name that is a DNS label (lower-case letters, digits, "-", at most 63), got "${name}"` });
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
    return { ...common, kind: 'local', tenant, domain: parsed.data.domain ?? `${name}.${tenant.domain}`, settings: parsed.data };
  }
  const parsed = environmentSchemas[tenant.tier].safeParse(raw.value);
  if (!parsed.success) return void problems.push(...zodProblems(file, raw.value, parsed.error.issues));
  const region = tenant.otc.region;
  const availabilityZones = parsed.data.availabilityZones ?? ['01', '02', '03'].map((s) => `${region}-${s}`);
  return { ...common, kind: 'otc', tenant, domain: parsed.data.domain ?? `${name}.${tenant.domain}`, settings: { ...parsed.data, availabilityZones } };
}

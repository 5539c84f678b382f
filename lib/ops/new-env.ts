/**
 * `npm run new-env`: scaffolds `environments/<tenant>/<name>.yaml`, the seed's INITIAL step of the
 * deploy workflow. The file is small and commented; everything it does not set takes the tier's
 * defaults. Before anything is written, the whole tree is loaded with the new file in a temporary
 * copy, so the new environment is valid together with every other one (and synthesizes at once).
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { LOCAL_DEFAULT_STACKS, DEFAULTS } from '../config/defaults';
import { ConfigError, ConfigProblem, formatProblem } from '../config/errors';
import { loadEnvironments } from '../config/load';
import type { EnvironmentConfig } from '../config/model';
import { readYaml } from '../config/read-yaml';
import { DNS_LABEL } from '../config/schema/primitives';
import { Tenant, tenantSchema } from '../config/schema/tenant';
import { environmentSchemaFile, schemaModeline } from './docs/config';
import { STACK_RULES } from '../environment-stack/stack-rules';
import { OpsError } from './cli';
import { Project, loadProject } from './project';

export interface NewEnvironmentRequest {
  readonly tenant: string;
  readonly name: string;
  /** @default - the tier's default stacks */
  readonly stacks?: readonly string[];
  /** INITIAL: ECS flavour of the default node pool. @default - the tier's default */
  readonly nodeFlavor?: string;
  /** INITIAL: availability zone of the default node pool. @default - the environment's first zone */
  readonly availabilityZone?: string;
  /** Central observability environment, for observability-client. @default - the only one there is */
  readonly central?: string;
}

export interface NewEnvironment {
  /** Absolute path of the written file. */
  readonly path: string;
  /** The file's content. */
  readonly content: string;
  readonly stackId: string;
  readonly domain: string;
  /** Set when `central` was chosen for the user. */
  readonly chosenCentral?: string;
}

/** Which option of new-env sets which field of the file, for error messages. */
const OPTION_OF_FIELD: readonly [RegExp, string][] = [
  [/^stacks(\[\d+\])?$/, '--stacks'],
  [/^cluster\.nodePools\[0\]\.flavor$/, '--node-flavor'],
  [/^cluster\.nodePools\[0\]\.availabilityZone$/, '--az'],
  [/^observability\.central$/, '--central'],
];

const TENANT_FILE = 'tenant.yaml';

export function createEnvironment(project: Project, request: NewEnvironmentRequest): NewEnvironment {
  const { tenant: tenantName, name } = request;
  const dir = project.environmentsDir;
  const rel = (p: string) => relative(project.root, p).split('\\').join('/');
  if (!DNS_LABEL.test(tenantName)) throw new OpsError(`expected a tenant name that is a DNS label (lower-case letters, digits, "-"), got "${tenantName}"`);
  if (!DNS_LABEL.test(name)) throw new OpsError(`expected an environment name that is a DNS label (lower-case letters, digits and "-", at most 63 characters, no "-" at either end), got "${name}"`);
  if (`${name}.yaml` === TENANT_FILE) throw new OpsError(`"tenant" is reserved: ${tenantName}/${TENANT_FILE} holds what the tenant's environments share`);
  const tenantFile = join(dir, tenantName, TENANT_FILE);
  if (!existsSync(tenantFile)) throw new OpsError(`unknown tenant "${tenantName}": expected one of ${knownTenants(project).join(', ') || '(none)'} (a folder in ${rel(dir)}/ with a ${TENANT_FILE})`);
  const target = join(dir, tenantName, `${name}.yaml`);
  if (existsSync(target)) {
    throw new OpsError(`${rel(target)} exists already; new-env never overwrites an environment. Change it through a pull request (fields marked INITIAL replace resources when changed).`);
  }

  let existing: EnvironmentConfig[];
  try {
    existing = loadProject(project);
  } catch (e) {
    if (e instanceof ConfigError) throw new OpsError(`the environments that exist already have problems; fix them first:\n${e.message}`);
    throw e;
  }
  const tenant = readTenant(tenantFile, rel(tenantFile));
  const local = tenant.tier === 'local';
  if (local && (request.nodeFlavor || request.availabilityZone)) {
    throw new OpsError(`tenant "${tenantName}" is on the local tier: it runs on an existing cluster without node pools, so --node-flavor and --az do not apply`);
  }
  const stacks = request.stacks ?? (local ? LOCAL_DEFAULT_STACKS : DEFAULTS[tenant.tier].stacks);
  const chosenCentral = request.central === undefined && stacks.includes('observability-client') ? pickCentral(existing, tenantName) : undefined;
  const body = renderBody({ ...request, stacks, central: request.central ?? chosenCentral });

  const stackId = `${tenantName}-${name}`;
  const clash = existing.find((e) => e.stackId === stackId);
  if (clash) throw new OpsError(`the stack id ${stackId} is taken by ${clash.file}; choose another name`);

  const env = validateInCopy(project, tenantName, name, body, rel(target));
  // Editors validate the file against its tier's JSON Schema (README "<env>.yaml").
  const modeline = schemaModeline(environmentSchemaFile(tenant.tier), relative(project.root, join(dir, tenantName)).split('\\').join('/'));
  const content = `${modeline}\n${renderHeader(env, tenantName, name, local)}${body}`;
  writeFileSync(target, content, { flag: 'wx' });
  return { path: target, content, stackId: env.stackId, domain: env.domain, chosenCentral };
}

function knownTenants(project: Project): string[] {
  if (!existsSync(project.environmentsDir)) return [];
  return readdirSync(project.environmentsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(project.environmentsDir, d.name, TENANT_FILE)))
    .map((d) => d.name)
    .sort();
}

function readTenant(path: string, file: string): Tenant {
  const raw = readYaml(path, file);
  const parsed = raw.ok ? tenantSchema.safeParse(raw.value) : undefined;
  // The whole tree loaded a moment ago, so the tenant file is valid.
  if (!parsed?.success) throw new OpsError(`${file} could not be read`);
  return parsed.data;
}

/** The central observability environment when the user named none: the only candidate there is. */
function pickCentral(envs: readonly EnvironmentConfig[], tenantName: string): string {
  const candidates = envs.filter((e) => e.settings.stacks.includes('observability'));
  const own = candidates.filter((e) => e.tenantName === tenantName);
  if (own.length === 1) return own[0].name;
  if (own.length === 0 && candidates.length === 1) return `${candidates[0].tenantName}/${candidates[0].name}`;
  const names = candidates.map((e) => `${e.tenantName}/${e.name}`);
  throw new OpsError(
    `observability-client sends metrics and logs to an environment running the observability stack; ${names.length === 0 ? 'there is none yet' : `there are several (${names.join(', ')})`}: name it with --central <env> or --central <tenant>/<env>`,
  );
}

/** A YAML scalar: plain when safe, else a JSON string (JSON strings are YAML). */
function scalar(value: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value) ? value : JSON.stringify(value);
}

function renderBody(r: NewEnvironmentRequest & { readonly stacks: readonly string[] }): string {
  const lines = [`stacks: [${r.stacks.map(scalar).join(', ')}]`];
  if (r.central) lines.push('observability:', `  central: ${scalar(r.central)}  # the environment running the observability stack`);
  if (r.nodeFlavor || r.availabilityZone) {
    lines.push('cluster:', '  nodePools:', '    - name: default');
    if (r.nodeFlavor) lines.push(`      flavor: ${scalar(r.nodeFlavor)}  # INITIAL: ECS flavour of the worker nodes`);
    if (r.availabilityZone) lines.push(`      availabilityZone: ${scalar(r.availabilityZone)}  # INITIAL: zone of the worker nodes`);
  }
  return `${lines.join('\n')}\n`;
}

function renderHeader(env: EnvironmentConfig, tenant: string, name: string, local: boolean): string {
  return [
    `# ${tenant}/${name}: https://${env.domain}, Terraform stack ${env.stackId}.`,
    '# Written by `npm run new-env`; fields not set here take the tier\'s defaults (README, "Environments").',
    local ? '# Platform layer only, on the existing cluster of the tenant\'s kubeconfig context.' : '# Fields marked INITIAL replace stateful resources when changed later.',
    '',
  ].join('\n');
}

/** Loads the tree with the new file in a temporary copy; returns the new environment. */
function validateInCopy(project: Project, tenant: string, name: string, body: string, shownFile: string): EnvironmentConfig {
  const copyRoot = mkdtempSync(join(tmpdir(), 'edp-new-env-'));
  try {
    const copyDir = join(copyRoot, 'environments');
    cpSync(project.environmentsDir, copyDir, { recursive: true });
    writeFileSync(join(copyDir, tenant, `${name}.yaml`), body);
    try {
      const envs = loadEnvironments({ root: copyRoot, dir: copyDir, stacks: STACK_RULES });
      const env = envs.find((e) => e.tenantName === tenant && e.name === name);
      if (!env) throw new Error(`the loader did not return ${tenant}/${name}`);
      return env;
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      const copyFile = `environments/${tenant}/${name}.yaml`;
      const lines = e.problems.map((p) => formatProblem(p.file === copyFile ? explain(p, shownFile) : p));
      throw new OpsError(`the new environment would not be valid, nothing was written:\n${lines.join('\n')}`);
    }
  } finally {
    rmSync(copyRoot, { recursive: true, force: true });
  }
}

/** Names the file as the user will see it and the option that set the field. */
function explain(p: ConfigProblem, file: string): ConfigProblem {
  const option = OPTION_OF_FIELD.find(([re]) => re.test(p.path))?.[1];
  return { file, path: option ? `${p.path} (${option})` : p.path, message: p.message };
}

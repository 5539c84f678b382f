/** Builds a throw-away environments/ tree for loader tests. */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { ConfigError } from '../../lib/config/errors';
import { loadEnvironments } from '../../lib/config/load';
import { EnvironmentConfig } from '../../lib/config/model';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';

export const NONPROD_TENANT = `tier: non-production
domain: t09.de
otc: { region: eu-de, project: eu-de }
state: { bucket: edp-nonprod-terraform-state }
acmeEmail: admin@think-ahead.tech
sso: { organisation: DevFW }
gitops: { repoURL: https://edp.buildth.ing/DevFW-CICD/stacks-instances }
`;

export const PROD_TENANT = NONPROD_TENANT.replace('non-production', 'production').replace('t09.de', 'buildth.ing');

export const LOCAL_TENANT = `tier: local
domain: localtest.me
kubernetes: { context: kind-edp }
sso: { organisation: DevFW }
gitops: { repoURL: https://edp.buildth.ing/DevFW-CICD/stacks-instances }
`;

/** Writes `files` (path relative to environments/ -> content) into a new project root. */
export function envTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'edp-env-'));
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, 'environments', path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  mkdirSync(join(root, 'environments'), { recursive: true });
  return root;
}

/** Loads a throw-away tree (removed again afterwards). */
export function load(files: Record<string, string>): EnvironmentConfig[] {
  const root = envTree(files);
  try {
    return loadEnvironments({ root, stacks: STACK_RULES });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The problems a tree produces, as the CLI prints them; [] when it loads. */
export function problems(files: Record<string, string>): string[] {
  try {
    load(files);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n');
    throw e;
  }
}

/** A non-production tree with one environment file `nonprod/x.yaml`. */
export function nonprod(env: string): Record<string, string> {
  return { 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': env };
}

/**
 * Where the project and its environments are, for the operations commands. The environments
 * folder follows `main.ts`: `EDP_ENVIRONMENTS_DIR` when set, else `<root>/environments`.
 */
import { existsSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { loadEnvironments } from '../config/load';
import type { EnvironmentConfig } from '../config/model';
import { STACK_RULES } from '../environment-stack/stack-rules';

/** The folder holding package.json, found upwards from this file (works from lib/ and dist/lib/). */
export function projectRoot(from: string = __dirname): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
}

export interface Project {
  readonly root: string;
  /** Absolute folder of the tenant folders. */
  readonly environmentsDir: string;
}

export function currentProject(env: NodeJS.ProcessEnv = process.env): Project {
  const root = projectRoot();
  const override = env.EDP_ENVIRONMENTS_DIR;
  return { root, environmentsDir: override ? resolve(override) : join(root, 'environments') };
}

/** Every environment, validated (throws ConfigError with every problem). */
export function loadProject(project: Project): EnvironmentConfig[] {
  return loadEnvironments({ root: project.root, dir: project.environmentsDir, stacks: STACK_RULES });
}

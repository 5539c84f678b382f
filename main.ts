/**
 * The EDP program: load every environment, create one stack per environment, synthesize.
 * Config mistakes end the run here, before anything is written, with one line per problem.
 */
import { App } from 'cdktf';
import { rmSync } from 'fs';
import { resolve } from 'path';
import { ConfigError } from './lib/config/errors';
import { loadEnvironments } from './lib/config/load';
import { EnvironmentStack } from './lib/environment-stack';
import { STACK_RULES } from './lib/platform/catalogue/rules';

function main(): void {
  const root = resolve(__dirname, '..');
  let envs;
  try {
    // EDP_ENVIRONMENTS_DIR reads another folder of tenants (tests, trying out a new tenant).
    envs = loadEnvironments({ root, dir: process.env.EDP_ENVIRONMENTS_DIR, stacks: STACK_RULES });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in environments/:\n${e.message}\n`);
    process.exit(1);
  }
  const outdir = process.env.CDKTF_OUTDIR ?? resolve(root, 'cdktf.out');
  // Only now, with every environment valid: drop stacks of environments that no longer exist.
  rmSync(resolve(outdir, 'stacks'), { recursive: true, force: true });
  const app = new App({ outdir });
  for (const env of envs) new EnvironmentStack(app, env);
  app.synth();
}

main();

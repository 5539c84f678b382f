/**
 * Rendering several stacks at once: Helm and the chart cache found once, one Helm process per
 * core, and the environments synthesized in memory (the same program `npm run synth` runs).
 */
import { App } from 'cdktf';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { cpus, tmpdir } from 'os';
import { join } from 'path';
import type { EnvironmentConfig } from '../../config/model';
import { EnvironmentStack } from '../../environment-stack';
import { chartCache } from './chart-cache';
import { findHelm } from './helm';
import { outputCache } from './output-cache';
import { Pool } from './pool';
import { RenderContext, renderStack, StackRender, TerraformJson } from './render';

export function renderContext(root: string, env: NodeJS.ProcessEnv = process.env): RenderContext {
  return { helm: findHelm(root, env), cache: chartCache(root, env), pool: new Pool(Math.max(1, cpus().length)), renders: new Map(), output: outputCache(root, env) };
}

/** The synthesized `cdk.tf.json` of each environment, by stack id (nothing written to cdktf.out). */
export function synthesizeInMemory(envs: readonly EnvironmentConfig[]): Map<string, TerraformJson> {
  const outdir = mkdtempSync(join(tmpdir(), 'edp-synth-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    for (const env of envs) new EnvironmentStack(app, env);
    app.synth();
    return new Map(envs.map((e) => [e.stackId, JSON.parse(readFileSync(join(outdir, 'stacks', e.stackId, 'cdk.tf.json'), 'utf8')) as TerraformJson]));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Renders every given stack, in parallel. */
export function renderStacks(ctx: RenderContext, stacks: ReadonlyMap<string, TerraformJson>): Promise<StackRender[]> {
  return Promise.all([...stacks].map(([id, tf]) => renderStack(ctx, id, tf)));
}

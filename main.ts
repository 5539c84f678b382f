/**
 * The EDP program: load every environment, create one stack per environment, check the policy,
 * synthesize. Config mistakes and policy violations end the run before anything is written, with
 * one line per problem and exit code 1; cdktf.out/ keeps the previous synth until a new one is
 * complete.
 */
import { App } from 'cdktf';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'fs';
import { join, resolve } from 'path';
import { ConfigError } from './lib/config/errors';
import { loadEnvironments } from './lib/config/load';
import { EnvironmentConfig } from './lib/config/model';
import { EnvironmentStack } from './lib/environment-stack';
import { STACK_RULES } from './lib/platform/catalogue/rules';
import { checkPolicy, errorLines, failureText, suppressionLine } from './lib/policy/report';

/** Prints the error lines of a failed synth and ends the run; the old output stays as it was. */
function fail(lines: readonly string[], staging: string): never {
  rmSync(staging, { recursive: true, force: true });
  process.stderr.write(failureText(lines));
  process.exit(1);
}

/** Moves a complete synth from the staging folder into the output folder. */
function publish(staging: string, outdir: string): void {
  for (const entry of readdirSync(staging)) {
    // Only now, with every stack synthesized: replace the old output (and drop stacks of
    // environments that no longer exist).
    rmSync(join(outdir, entry), { recursive: true, force: true });
    renameSync(join(staging, entry), join(outdir, entry));
  }
}

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
  mkdirSync(outdir, { recursive: true });
  // Synthesize next to the old output (same file system, so the final move is a rename).
  const staging = mkdtempSync(join(outdir, '.staging-'));
  try {
    synthesize(envs, staging, outdir);
  } finally {
    // Also after an unexpected error: never leave a half-written staging folder behind.
    rmSync(staging, { recursive: true, force: true });
  }
}

function synthesize(envs: readonly EnvironmentConfig[], staging: string, outdir: string): void {
  const app = new App({ outdir: staging, stackTraces: false });
  for (const env of envs) new EnvironmentStack(app, env);

  // The policy of every stack, before anything is written: all findings of all stacks at once.
  const reports = checkPolicy(app);
  const findings = errorLines(app);
  if (findings.length > 0) fail(findings, staging);
  for (const report of reports) for (const s of report.suppressions) process.stdout.write(`${suppressionLine(s)}\n`);

  try {
    app.synth();
  } catch (e) {
    // cdktf throws on error Annotations added during synth (not by the policy, which ran above).
    const lines = errorLines(app);
    if (lines.length === 0) throw e;
    fail(lines, staging);
  }
  // The cdktf CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, so synth does not throw there.
  const late = errorLines(app);
  if (late.length > 0) fail(late, staging);
  publish(staging, outdir);
}

main();

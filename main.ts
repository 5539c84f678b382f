/**
 * The EDP program: load every environment, create one stack per environment, check the policy,
 * synthesize. Config mistakes and policy violations end the run before anything is written, with
 * one line per problem and exit code 1; cdktf.out/ keeps the previous synth until a new one is
 * complete. Ctrl-C or SIGTERM ends the run at the next step, removing its staging folder.
 */
import { rmSync } from 'fs';
import { isAbsolute, join, relative, resolve } from 'path';
import { ConfigError } from './lib/config/errors';
import { loadEnvironments } from './lib/config/load';
import type { EnvironmentConfig } from './lib/config/model';
import { prefetchTerraformVersion } from './lib/environment-stack/binary-versions';
import { OutputError, openStaging, publish } from './lib/ops/synth-output';
import { STACK_RULES } from './lib/environment-stack/stack-rules';

const USAGE = `
Usage: npm run synth   (the program itself: node dist/main.js)

Loads every environment under environments/ (EDP_ENVIRONMENTS_DIR reads another folder), checks
the policy of every stack, and writes one Terraform configuration per environment to
cdktf.out/stacks/<tenant>-<env>/cdk.tf.json (CDKTF_OUTDIR writes another folder). Nothing is
written unless every environment is valid and every stack passes; Terraform's working files in a
stack folder (.terraform/, .terraform.lock.hcl) are kept.

Exit codes: 0 written, 1 refused (a problem in environments/, a policy finding, an output folder
that cannot be written), 2 wrong arguments, 130/143 interrupted (Ctrl-C, SIGTERM).
`;

const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** The staging folder of this run, removed on every way out. */
let staging: string | undefined;

function cleanUp(): void {
  if (staging) rmSync(staging, { recursive: true, force: true });
  staging = undefined;
}

const handlers = new Map<string, () => void>();

/** Ends the run at the next checkpoint: staging folder removed, the previous output as it was. */
function interrupted(signal: string, code: number): () => void {
  const handler = () => {
    cleanUp();
    process.stderr.write(`synth: interrupted (${signal}); nothing was written, the output folder is as it was\n`);
    process.exit(code);
  };
  handlers.set(signal, handler);
  return handler;
}

/** Prints the error lines of a failed synth and ends the run; the old output stays as it was. */
function fail(text: string): never {
  cleanUp();
  process.stderr.write(text);
  process.exit(1);
}

/**
 * Lets pending signals run their handler. Synthesis is synchronous, so a Ctrl-C takes effect
 * between its steps, never in the middle of writing the output.
 */
function checkpoint(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE.trim()}\n`);
    return;
  }
  if (argv.length > 0) {
    process.stderr.write(`synth: expected no arguments, got "${argv.join(' ')}"\n\n${USAGE.trim()}\n`);
    process.exit(2);
  }
  for (const [signal, code] of Object.entries(SIGNALS)) process.on(signal, interrupted(signal, code));

  const root = resolve(__dirname, '..');
  let envs;
  try {
    // EDP_ENVIRONMENTS_DIR reads another folder of tenants (tests, trying out a new tenant).
    envs = loadEnvironments({ root, dir: process.env.EDP_ENVIRONMENTS_DIR || undefined, stacks: STACK_RULES });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    fail(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in environments/:\n${e.message}\n`);
  }
  // cdktf's check of the local Terraform version at synth, run meanwhile (binary-versions.ts).
  const terraformVersion = prefetchTerraformVersion();
  const outdir = process.env.CDKTF_OUTDIR ? resolve(process.env.CDKTF_OUTDIR) : resolve(root, 'cdktf.out');
  const inside = relative(root, outdir);
  const label = inside === '' ? '.' : !inside.startsWith('..') && !isAbsolute(inside) ? inside : outdir;
  try {
    staging = openStaging(outdir, label);
    await synthesize(envs, staging, outdir, label, terraformVersion);
  } catch (e) {
    if (e instanceof OutputError) fail(`synth: ${e.message}; nothing was written\n`);
    throw e;
  } finally {
    // Also after an unexpected error: never leave a half-written staging folder behind.
    cleanUp();
  }
}

async function synthesize(envs: readonly EnvironmentConfig[], stagingDir: string, outdir: string, label: string, terraformVersion: Promise<void>): Promise<void> {
  // cdktf, the providers and the platform load only now: --help and a refused environment file
  // do not wait for them (test/config/light-load.test.ts).
  const [{ App }, { EnvironmentStack }, { checkPolicy, errorLines, failureText, suppressionLine, undecidedLine }] = await Promise.all([import('cdktf'), import('./lib/environment-stack'), import('./lib/policy/report')]);
  await checkpoint();
  const app = new App({ outdir: stagingDir, stackTraces: false });
  for (const env of envs) new EnvironmentStack(app, env);
  await checkpoint();

  // The policy of every stack, before anything is written: all findings of all stacks at once.
  const reports = checkPolicy(app);
  const findings = errorLines(app);
  if (findings.length > 0) fail(failureText(findings));
  await checkpoint();
  await terraformVersion;

  try {
    app.synth();
  } catch (e) {
    // cdktf throws on error Annotations added during synth (not by the policy, which ran above).
    const lines = errorLines(app);
    if (lines.length > 0) fail(failureText(lines));
    // cdktf's construct validations (its check of the local Terraform version, for one) throw one
    // Error listing "[construct path] message" lines; its hint to skip validation is not ours to give.
    const validation = e instanceof Error ? /^Validation failed with the following errors:\n([\s\S]*?)(\n\s*If you wish to ignore these validations[\s\S]*)?$/.exec(e.message) : null;
    if (!validation) throw e;
    const found = validation[1].split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const hint = /version of terraform/.test(validation[1]) ? '\nThe stacks hold terraform_data resources, which need Terraform >= 1.4 on PATH (cdktf checks it at synth).' : '';
    fail(`synth: a construct validation failed; nothing was written:\n${found.map((l) => `  ${l}`).join('\n')}${hint}\n`);
  }
  // The cdktf CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, so synth does not throw there.
  const late = errorLines(app);
  if (late.length > 0) fail(failureText(late));
  await checkpoint();

  const written = publish(stagingDir, outdir, label);
  // Written: a signal from now on must not claim otherwise.
  for (const [signal, handler] of handlers) process.off(signal, handler);
  for (const report of reports) for (const s of report.suppressions) process.stdout.write(`${suppressionLine(s)}\n`);
  for (const report of reports) for (const f of report.undecided) process.stdout.write(`${undecidedLine(f)}\n`);
  const where = join(label, 'stacks');
  process.stdout.write(`Wrote ${written.length} stack${written.length === 1 ? '' : 's'} to ${where}/: ${written.join(', ') || '(none)'}\n`);
}

void main(process.argv.slice(2));

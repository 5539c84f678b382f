/**
 * The EDP program: load every environment, create one stack per environment, check the policy,
 * synthesize. Config mistakes and policy violations end the run before anything is written, with
 * one line per problem and exit code 1; cdktf.out/ keeps the previous synth until a new one is
 * complete. Ctrl-C or SIGTERM ends the run at the next step, removing its staging folder.
 *
 * `main` returns the exit code and writes through the streams it is given, so tests run it in
 * process; the last lines of this file are the program (`node dist/main.js`) and the only place
 * that ends the process.
 */
import { rmSync } from 'fs';
import { isAbsolute, join, relative, resolve } from 'path';
import { ConfigError } from './lib/config/errors';
import { loadEnvironments } from './lib/config/load';
import type { EnvironmentConfig } from './lib/config/model';
import { prefetchTerraformVersion } from './lib/environment-stack/binary-versions';
import { deferArchiver } from './lib/environment-stack/deferred-archiver';
import { tuneForShortRun } from './lib/ops/short-run';
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
type Signal = keyof typeof SIGNALS;

/** Where a run reads its settings and writes its messages. */
export interface MainIo {
  /** EDP_ENVIRONMENTS_DIR, CDKTF_OUTDIR. */
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** The project root (environments/, cdktf.out/); default: the folder above dist/. */
  readonly root?: string;
  /** Ends the run at the next step on SIGINT, SIGTERM, SIGHUP (only the program itself). */
  readonly signals?: boolean;
}

/** How a run ends early: its exit code, the message already written. */
class Exit {
  constructor(readonly code: number) {}
}

/** The state of one run: its staging folder (removed on every way out) and a pending signal. */
class Run {
  staging: string | undefined;
  signal: Signal | undefined;

  constructor(readonly io: MainIo) {}

  cleanUp(): void {
    if (this.staging) rmSync(this.staging, { recursive: true, force: true });
    this.staging = undefined;
  }

  /** Prints the error lines of a failed synth and ends the run; the old output stays as it was. */
  fail(text: string): never {
    this.cleanUp();
    this.io.stderr.write(text);
    throw new Exit(1);
  }

  /**
   * Lets pending signals take effect. Synthesis is synchronous, so a Ctrl-C ends the run between
   * its steps, never in the middle of writing the output.
   */
  async checkpoint(): Promise<void> {
    await new Promise((done) => setImmediate(done));
    this.stopIfInterrupted();
  }

  stopIfInterrupted(): void {
    if (!this.signal) return;
    this.cleanUp();
    this.io.stderr.write(`synth: interrupted (${this.signal}); nothing was written, the output folder is as it was\n`);
    throw new Exit(SIGNALS[this.signal]);
  }
}

/** One synth; resolves to the exit code. */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${USAGE.trim()}\n`);
    return 0;
  }
  if (argv.length > 0) {
    io.stderr.write(`synth: expected no arguments, got "${argv.join(' ')}"\n\n${USAGE.trim()}\n`);
    return 2;
  }
  const run = new Run(io);
  const handlers = io.signals ? (Object.keys(SIGNALS) as Signal[]).map((signal) => [signal, () => void (run.signal = signal)] as const) : [];
  for (const [signal, handler] of handlers) process.on(signal, handler);
  try {
    await synthesizeAll(run, () => {
      // Written: a signal from now on must not claim otherwise.
      for (const [signal, handler] of handlers) process.off(signal, handler);
    });
    return 0;
  } catch (e) {
    if (e instanceof Exit) return e.code;
    throw e;
  } finally {
    // Also after an unexpected error: never leave a half-written staging folder behind.
    run.cleanUp();
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}

async function synthesizeAll(run: Run, written: () => void): Promise<void> {
  const { env } = run.io;
  const root = run.io.root ?? resolve(__dirname, '..');
  let envs;
  try {
    // EDP_ENVIRONMENTS_DIR reads another folder of tenants (tests, trying out a new tenant).
    envs = loadEnvironments({ root, dir: env.EDP_ENVIRONMENTS_DIR || undefined, stacks: STACK_RULES });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    run.fail(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in environments/:\n${e.message}\n`);
  }
  // cdktf's check of the local Terraform version at synth, run meanwhile (binary-versions.ts).
  const terraformVersion = prefetchTerraformVersion();
  const outdir = env.CDKTF_OUTDIR ? resolve(env.CDKTF_OUTDIR) : resolve(root, 'cdktf.out');
  const inside = relative(root, outdir);
  const label = inside === '' ? '.' : !inside.startsWith('..') && !isAbsolute(inside) ? inside : outdir;
  try {
    run.staging = openStaging(outdir, label);
  } catch (e) {
    if (e instanceof OutputError) run.fail(`synth: ${e.message}; nothing was written\n`);
    throw e;
  }
  await synthesize(run, envs, run.staging, outdir, label, terraformVersion, written);
}

async function synthesize(
  run: Run,
  envs: readonly EnvironmentConfig[],
  stagingDir: string,
  outdir: string,
  label: string,
  terraformVersion: Promise<void>,
  written: () => void,
): Promise<void> {
  const { stdout } = run.io;
  // cdktf, the providers and the platform load only now: --help and a refused environment file
  // do not wait for them (test/config/light-load.test.ts). cdktf's archiver loads only if used.
  deferArchiver();
  const [{ App }, { EnvironmentStack }, { checkPolicy, errorLines, failureText, suppressionLine, undecidedLine }] = await Promise.all([import('cdktf'), import('./lib/environment-stack'), import('./lib/policy/report')]);
  await run.checkpoint();
  const app = new App({ outdir: stagingDir, stackTraces: false });
  for (const env of envs) new EnvironmentStack(app, env);
  await run.checkpoint();

  // The policy of every stack, before anything is written: all findings of all stacks at once.
  const reports = checkPolicy(app);
  const findings = errorLines(app);
  if (findings.length > 0) run.fail(failureText(findings));
  await run.checkpoint();
  await terraformVersion;
  run.stopIfInterrupted();

  try {
    app.synth();
  } catch (e) {
    // cdktf throws on error Annotations added during synth (not by the policy, which ran above).
    const lines = errorLines(app);
    if (lines.length > 0) run.fail(failureText(lines));
    // cdktf's construct validations (its check of the local Terraform version, for one) throw one
    // Error listing "[construct path] message" lines; its hint to skip validation is not ours to give.
    const validation = e instanceof Error ? /^Validation failed with the following errors:\n([\s\S]*?)(\n\s*If you wish to ignore these validations[\s\S]*)?$/.exec(e.message) : null;
    if (!validation) throw e;
    const found = validation[1].split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const hint = /version of terraform/.test(validation[1]) ? '\nThe stacks hold terraform_data resources, which need Terraform >= 1.4 on PATH (cdktf checks it at synth).' : '';
    run.fail(`synth: a construct validation failed; nothing was written:\n${found.map((l) => `  ${l}`).join('\n')}${hint}\n`);
  }
  // The cdktf CLI sets CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS, so synth does not throw there.
  const late = errorLines(app);
  if (late.length > 0) run.fail(failureText(late));
  await run.checkpoint();

  let stacks: string[];
  try {
    stacks = publish(stagingDir, outdir, label);
  } catch (e) {
    if (e instanceof OutputError) run.fail(`synth: ${e.message}; nothing was written\n`);
    throw e;
  }
  written();
  for (const report of reports) for (const s of report.suppressions) stdout.write(`${suppressionLine(s)}\n`);
  for (const report of reports) for (const f of report.undecided) stdout.write(`${undecidedLine(f)}\n`);
  const where = join(label, 'stacks');
  stdout.write(`Wrote ${stacks.length} stack${stacks.length === 1 ? '' : 's'} to ${where}/: ${stacks.join(', ') || '(none)'}\n`);
}

if (require.main === module) {
  tuneForShortRun();
  void main(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr, signals: true }).then((code) => process.exit(code));
}

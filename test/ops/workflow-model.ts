/** Reads the Forgejo workflows for tests, and runs their shell steps with stubbed tools. */
import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseDocument } from 'yaml';
import { ROOT } from '../support/synth';

export interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly 'working-directory'?: string;
}

export interface Job {
  readonly 'runs-on': string;
  readonly env?: Record<string, string>;
  readonly steps: readonly Step[];
}

export interface Input {
  readonly description: string;
  readonly required?: boolean;
  readonly type: string;
  readonly options?: readonly string[];
  readonly default?: string;
}

export interface Workflow {
  readonly name: string;
  readonly on: { readonly workflow_dispatch?: { readonly inputs: Record<string, Input> }; readonly pull_request?: unknown };
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress': boolean };
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

export const WORKFLOW_DIR = join(ROOT, '.forgejo', 'workflows');

export function workflowFiles(): string[] {
  return readdirSync(WORKFLOW_DIR).sort();
}

/** Parses one workflow; YAML errors, warnings and duplicate keys fail. */
export function readWorkflow(file: string): Workflow {
  const doc = parseDocument(readFileSync(join(WORKFLOW_DIR, file), 'utf8'), { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw new Error(`${file}: ${[...doc.errors, ...doc.warnings].map((e) => e.message).join('\n')}`);
  return doc.toJS() as Workflow;
}

/** The single job of a workflow (every workflow here has one). */
export function onlyJob(w: Workflow): Job {
  const jobs = Object.values(w.jobs);
  if (jobs.length !== 1) throw new Error(`expected one job, got ${jobs.length}`);
  return jobs[0];
}

export function stepIndex(steps: readonly Step[], pattern: RegExp, from = 0): number {
  return steps.findIndex((s, i) => i >= from && s.run !== undefined && pattern.test(s.run));
}

export interface GuardedApply {
  readonly planFile: string;
  /** Step indexes of validate, plan, show -json, guard and apply, in that order. */
  readonly steps: readonly [number, number, number, number, number];
}

/**
 * Every `terraform apply` of a job, traced back to the saved plan it applies: the plan made with
 * `-out=<file>`, its `terraform show -json <file> > <json>`, the plan guard reading `<json>`, and
 * a `terraform validate` before the plan. Throws when an apply is not so guarded.
 */
export function guardedApplies(steps: readonly Step[]): GuardedApply[] {
  const out: GuardedApply[] = [];
  steps.forEach((step, apply) => {
    const m = /terraform apply ([^\n]*)/.exec(step.run ?? '');
    if (!m) return;
    const args = m[1].trim().split(/\s+/);
    const file = args[args.length - 1];
    if (!/tfplan$/.test(file) || args.includes('-auto-approve')) throw new Error(`step ${apply} applies no saved plan: ${m[0]}`);
    const plan = steps.map((s, i) => (i < apply && s.run?.includes(`-out=${file}`) ? i : -1)).filter((i) => i >= 0).pop() ?? -1;
    if (plan < 0) throw new Error(`step ${apply} applies ${file}, which no earlier step plans`);
    const show = steps.findIndex((s, i) => i > plan && i < apply && new RegExp(`terraform show -json ${file} > "([^"]+)"`).test(s.run ?? ''));
    if (show < 0) throw new Error(`no terraform show -json ${file} between plan and apply`);
    const json = new RegExp(`terraform show -json ${file} > "([^"]+)"`).exec(steps[show].run!)![1];
    const guard = steps.findIndex((s, i) => i > show && i < apply && (s.run ?? '').includes(`plan-guard -- "${json}"`));
    if (guard < 0) throw new Error(`no plan guard of ${json} between show and apply`);
    const validate = steps.findIndex((s, i) => i < plan && /terraform validate/.test(s.run ?? ''));
    if (validate < 0) throw new Error('no terraform validate before the plan');
    for (const i of [show, guard, apply]) if (steps[i].if !== steps[plan].if) throw new Error(`step ${i} runs under another condition than its plan`);
    out.push({ planFile: file, steps: [validate, plan, show, guard, apply] });
  });
  return out;
}

/** Names of env variables holding a secret anywhere in the workflow. */
export function secretVariables(w: Workflow): Set<string> {
  const names = new Set<string>();
  const scan = (env: Record<string, string> | undefined) => Object.entries(env ?? {}).forEach(([k, v]) => String(v).includes('secrets.') && names.add(k));
  scan(w.env);
  for (const job of Object.values(w.jobs)) {
    scan(job.env);
    job.steps.forEach((s) => scan(s.env));
  }
  return names;
}

/** Replaces `${{ inputs.x }}`, `${{ github.x }}`, `${{ env.x }}`, `${{ secrets.x }}` with test values. */
export function expand(value: string, contexts: Record<string, Record<string, string>>): string {
  return value.replace(/\$\{\{\s*([a-z_]+)\.([A-Za-z0-9_]+)\s*\}\}/g, (_, ctx: string, key: string) => contexts[ctx]?.[key] ?? `<${ctx}.${key}>`);
}

export interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** What the step wrote to $GITHUB_OUTPUT. */
  readonly outputs: Record<string, string>;
  /** Commands the stubs were called with, one line each: `npm run --silent new-env -- ...`. */
  readonly calls: string[];
}

/**
 * Runs a step's script as Forgejo does (`bash -eo pipefail`), in `cwd`, with the workflow's and
 * the step's env expanded from `contexts`. `stubs` maps a command name to a shell body run
 * instead of it (its arguments are logged to the calls).
 */
export function runStep(w: Workflow, step: Step, cwd: string, contexts: Record<string, Record<string, string>>, stubs: Record<string, string> = {}, extraEnv: Record<string, string> = {}): StepRun {
  const bin = join(cwd, '.stubs');
  mkdirSync(bin, { recursive: true });
  const callLog = join(bin, 'calls.log');
  const outputFile = join(bin, 'output');
  writeFileSync(callLog, '');
  writeFileSync(outputFile, '');
  for (const [command, body] of Object.entries(stubs)) {
    writeFileSync(join(bin, command), `#!/bin/bash\necho "${command} $*" >> "${callLog}"\n${body}\n`);
    chmodSync(join(bin, command), 0o755);
  }
  const env: Record<string, string> = { PATH: `${bin}:${process.env.PATH}`, HOME: cwd, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: join(bin, 'summary'), RUNNER_TEMP: join(bin, 'tmp') };
  mkdirSync(env.RUNNER_TEMP, { recursive: true });
  const job = onlyJob(w);
  for (const scope of [w.env, job.env, step.env]) for (const [k, v] of Object.entries(scope ?? {})) env[k] = expand(String(v), contexts);
  Object.assign(env, extraEnv);
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], { cwd, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, outputs, calls: readFileSync(callLog, 'utf8').split('\n').filter(Boolean) };
}

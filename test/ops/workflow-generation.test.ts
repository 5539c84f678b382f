/**
 * The plan, deploy and destroy workflows are generated per managing environment from the
 * environment files: each runs on its manager's runner label, which the manager's deploy runners
 * register, and accepts exactly the environments that manager deploys.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import type { EnvironmentConfig } from '../../lib/config/model';
import { GeneratedWorkflow, generateWorkflows } from '../../lib/ops/workflows';
import { NONPROD_TENANT, PROD_TENANT, load } from '../support/env-tree';
import { ROOT, shippedEnvironments, shippedStacks } from '../support/synth';
import { cli, inProcess, cleanUp, copyOfEnvironments } from './helpers';
import { onlyJob, readWorkflow, runStep, Workflow, WORKFLOW_DIR } from './workflow-model';

afterAll(cleanUp);

const template = (t: string) => readFileSync(join(ROOT, '.forgejo', 'templates', `${t}.yaml`), 'utf8');
const envs = shippedEnvironments();
const generated = generateWorkflows(envs, template);

/** Problems of a workflow's runner and accepted environments, against the environment files. */
function runnerProblems(file: string, w: Workflow, all: readonly EnvironmentConfig[]): string[] {
  const problems: string[] = [];
  const label = onlyJob(w)['runs-on'];
  const accepted = String(w.env?.MANAGED_ENVIRONMENTS ?? '').split(' ').filter(Boolean);
  for (const ref of accepted) {
    const env = all.find((e) => `${e.tenantName}/${e.name}` === ref);
    if (!env) problems.push(`${file}: accepts ${ref}, which does not exist`);
    else if (env.manager?.runnerLabel !== label) problems.push(`${file}: runs on ${label}, but ${ref} is deployed by ${env.manager?.stackId ?? 'nobody'} (${env.manager?.runnerLabel ?? 'no label'})`);
  }
  if (w.env?.RUNNER_LABEL !== label) problems.push(`${file}: RUNNER_LABEL ${w.env?.RUNNER_LABEL} differs from runs-on ${label}`);
  return problems;
}

describe('the committed workflows', () => {
  it('are what `npm run workflows` generates from the templates and the environment files', () => {
    for (const g of generated) expect([g.file, readFileSync(join(WORKFLOW_DIR, g.file), 'utf8')]).toEqual([g.file, g.content]);
    expect(generated.map((g) => g.file)).toEqual(['deploy-prod-edp.yaml', 'deploy-prod-observability.yaml', 'destroy-prod-edp.yaml', 'destroy-prod-observability.yaml', 'plan-prod-edp.yaml', 'plan-prod-observability.yaml']);
  });

  it.each(generated.map((g) => [g.file, g] as const))('%s runs on its manager\'s label and accepts only what that manager deploys', (file, g) => {
    const w = readWorkflow(file);
    expect(onlyJob(w)['runs-on']).toBe(`deploy-${g.manager}`);
    expect(runnerProblems(file, w, envs)).toEqual([]);
  });

  it('give every OTC environment with a manager exactly one plan, deploy and destroy workflow; none to the local tier', () => {
    const otc = envs.filter((e) => e.kind === 'otc').map((e) => `${e.tenantName}/${e.name}`).sort();
    for (const t of ['plan', 'deploy', 'destroy']) {
      const accepted = generated.filter((g) => g.template === t).flatMap((g) => g.managed).sort();
      expect([t, accepted]).toEqual([t, otc]);
    }
  });

  it('name labels the managers\' deploy runners register (the Forgejo runner config of the manager\'s own stack)', () => {
    for (const g of generated.filter((x) => x.template === 'deploy')) {
      const manager = envs.find((e) => e.stackId === g.manager)!;
      // The run's shared synth of the shipped environments (the same synthJson of each).
      const json = JSON.stringify(JSON.parse(shippedStacks().get(manager.stackId)!));
      expect([g.manager, json.includes(`--labels ${g.runnerLabel}:docker://`)]).toEqual([g.manager, true]);
    }
  });

  it('leave the pull-request check on a generic runner: it runs anywhere', () => {
    expect(onlyJob(readWorkflow('pr.yaml'))['runs-on']).toBe('ubuntu-22.04');
  });

  it('let the default manager create new environments in every OTC tenant, and no other manager', () => {
    expect(Object.fromEntries(generated.filter((g) => g.template === 'deploy').map((g) => [g.file, [g.newEnvironmentTenants, (parse(g.content) as Workflow).on.workflow_dispatch!.inputs.tenant.options]]))).toEqual({
      'deploy-prod-edp.yaml': [['nonprod', 'prod'], ['nonprod', 'prod']],
      'deploy-prod-observability.yaml': [[], ['prod']],
    });
  });
});

describe('the check above', () => {
  it('fails if a workflow runs on another manager\'s label', () => {
    const w = readWorkflow('deploy-prod-observability.yaml') as any;
    w.jobs.deploy['runs-on'] = 'deploy-prod-edp';
    expect(runnerProblems('deploy-prod-observability.yaml', w, envs)).toEqual([
      'deploy-prod-observability.yaml: runs on deploy-prod-edp, but prod/edp is deployed by prod-observability (deploy-prod-observability)',
      'deploy-prod-observability.yaml: RUNNER_LABEL deploy-prod-observability differs from runs-on deploy-prod-edp',
    ]);
  });

  it('fails if a generated workflow was edited by hand (typed label)', () => {
    const edited = readFileSync(join(WORKFLOW_DIR, 'plan-prod-edp.yaml'), 'utf8').replace('runs-on: deploy-prod-edp', 'runs-on: ubuntu-22.04');
    expect(generated.find((g) => g.file === 'plan-prod-edp.yaml')!.content).not.toBe(edited);
  });
});

describe('generation follows manager:', () => {
  const tree = (x: string) =>
    load({
      'prod/tenant.yaml': PROD_TENANT,
      'prod/edp.yaml': 'stacks: [core, otc, forgejo]\nmanager: observability\n',
      'prod/observability.yaml': 'stacks: [core, otc, forgejo]\n',
      'nonprod/tenant.yaml': NONPROD_TENANT,
      'nonprod/x.yaml': x,
    });
  const managedBy = (g: GeneratedWorkflow[]) => Object.fromEntries(g.filter((w) => w.template === 'plan').map((w) => [w.manager, w.managed]));

  it('moves an environment to the workflows of its new manager', () => {
    expect(managedBy(generateWorkflows(tree('stacks: [core, otc]\n'), template))).toEqual({ 'prod-edp': ['nonprod/x', 'prod/observability'], 'prod-observability': ['prod/edp'] });
    expect(managedBy(generateWorkflows(tree('stacks: [core, otc]\nmanager: prod/observability\n'), template))).toEqual({ 'prod-edp': ['prod/observability'], 'prod-observability': ['nonprod/x', 'prod/edp'] });
  });

  it('npm run workflows -- --check fails on a tree whose managers changed, naming the stale files', () => {
    const dir = copyOfEnvironments();
    writeFileSync(join(dir, 'nonprod', 'test-me.yaml'), 'stacks: [core, otc, forgejo]\nmanager: prod/observability\n');
    const r = cli('workflows', ['--check'], { env: { EDP_ENVIRONMENTS_DIR: dir } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('.forgejo/workflows/deploy-prod-edp.yaml');
    expect(r.stderr).toContain('are stale: run `npm run workflows` and commit the result');
    expect(inProcess('workflows', ['--check']).status).toBe(0);
  });
});

describe('the step that checks the runners deploy the environment', () => {
  const w = readWorkflow('deploy-prod-edp.yaml');
  const step = onlyJob(w).steps.find((s) => s.name === 'Check that these runners deploy the environment')!;
  const run = (tenant: string, environment: string) => runStep(w, step, ROOT, { inputs: { tenant, environment } });

  it('comes right after the checkout', () => {
    const steps = onlyJob(w).steps;
    expect(steps[steps.indexOf(step) - 1].uses).toMatch(/^actions\/checkout@/);
  });

  it('accepts an environment this manager deploys, and a new one in a tenant whose new environments it gets', () => {
    expect(run('nonprod', 'test-me')).toMatchObject({ status: 0, stdout: 'nonprod/test-me is deployed by prod-edp (deploy-prod-edp)\n' });
    expect(run('nonprod', 'brand-new')).toMatchObject({ status: 0, stdout: 'nonprod/brand-new is new: its manager will be prod-edp, the default\n' });
  });

  it('fails for an environment of another manager, saying where to go', () => {
    const r = run('prod', 'edp');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('::error::prod/edp is not deployed by prod-edp: run the workflow of its manager (npm run envs shows it; README "Who deploys whom")\n');
  });
});

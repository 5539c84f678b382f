/** The Forgejo workflows, read as data: triggers, inputs, concurrency, environment, step order, secrets. */
import { spawnSync } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ROOT } from '../support/synth';
import { Workflow, guardedApplies, onlyJob, readWorkflow, secretVariables, stepIndex, workflowFiles } from './workflow-model';

const workflows = Object.fromEntries(workflowFiles().map((f) => [f, readWorkflow(f)])) as Record<string, Workflow>;
/** Generated per managing environment (test/ops/workflow-generation.test.ts); the default manager's below. */
const dispatched = workflowFiles().filter((f) => f !== 'pr.yaml');
const PLAN = 'plan-prod-edp.yaml';
const DEPLOY = 'deploy-prod-edp.yaml';
const DESTROY = 'destroy-prod-edp.yaml';

/** Tenants on OTC: the ones the workflows can plan, deploy and destroy. */
function otcTenants(): string[] {
  const dir = join(ROOT, 'environments');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .filter((d) => (parse(readFileSync(join(dir, d.name, 'tenant.yaml'), 'utf8')) as { tier: string }).tier !== 'local')
    .map((d) => d.name)
    .sort();
}

describe('workflow files', () => {
  it('are the pull request check and the plan, deploy and destroy workflows, all valid YAML', () => {
    expect(workflowFiles()).toEqual(['deploy-prod-edp.yaml', 'deploy-prod-observability.yaml', 'destroy-prod-edp.yaml', 'destroy-prod-observability.yaml', 'plan-prod-edp.yaml', 'plan-prod-observability.yaml', 'pr.yaml']);
    for (const [file, w] of Object.entries(workflows)) expect([file, w.name]).toEqual([file, file.replace('.yaml', '')]);
  });

  it('have shell steps that bash can parse', () => {
    // bash -n once per distinct script: the generated workflows share most steps (96 steps, 33 scripts).
    const parsed = new Map<string, string>();
    const stderrOf = (script: string) => parsed.get(script) ?? parsed.set(script, spawnSync('bash', ['-n', '-c', script], { encoding: 'utf8' }).stderr).get(script)!;
    for (const [file, w] of Object.entries(workflows)) {
      for (const step of onlyJob(w).steps.filter((s) => s.run)) expect([file, step.name, stderrOf(step.run!)]).toEqual([file, step.name, '']);
    }
  });

  it('pin every action and Terraform, and keep Terraform\'s output plain (no wrapper)', () => {
    for (const w of Object.values(workflows)) {
      for (const step of onlyJob(w).steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^[a-z-]+\/[a-z-]+@v\d+$/);
    }
    for (const file of dispatched) {
      const tf = onlyJob(workflows[file]).steps.find((s) => s.uses?.startsWith('hashicorp/setup-terraform@'));
      expect(tf?.with).toEqual({ terraform_version: '1.11.4', terraform_wrapper: false });
    }
  });
});

describe('pr.yaml', () => {
  const w = workflows['pr.yaml'];
  const steps = onlyJob(w).steps;

  it('runs on pull requests', () => {
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.env?.CHECKPOINT_DISABLE).toBe('1');
  });

  it('installs, tests, synthesizes, then writes the config diff against the base branch to the job summary', () => {
    const order = [/^npm ci\b/, /^npm test$/, /^npm run synth$/, /npm run --silent diff -- --merge-base "origin\/\$\{BASE_REF\}" --markdown \| tee -a "\$GITHUB_STEP_SUMMARY"/].map((re) => stepIndex(steps, re));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(steps[order[3]].env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout@'))?.with).toEqual({ 'fetch-depth': 0 });
  });

  it('uses no secret', () => {
    expect(secretVariables(w).size).toBe(0);
    expect(JSON.stringify(w)).not.toContain('secrets.');
  });
});

describe.each(dispatched)('%s', (file) => {
  const w = workflows[file];
  const job = onlyJob(w);
  const steps = job.steps;

  it('is dispatched by hand for one tenant and environment', () => {
    expect(Object.keys(w.on)).toEqual(['workflow_dispatch']);
    const { tenant, environment } = w.on.workflow_dispatch!.inputs;
    expect(tenant).toMatchObject({ required: true, type: 'choice' });
    expect(otcTenants()).toEqual(expect.arrayContaining([...(tenant.options ?? [])]));
    expect(tenant.options?.length).toBeGreaterThan(0);
    expect(environment).toMatchObject({ required: true, type: 'string' });
  });

  it('serializes runs per environment', () => {
    expect(w.concurrency?.group).toMatch(/^[a-z]+-\$\{\{ inputs\.tenant \}\}-\$\{\{ inputs\.environment \}\}$/);
  });

  it('disables the CLI checkpoint and clears every way to the runner\'s own cluster', () => {
    const env = { ...w.env, ...job.env };
    expect(env).toMatchObject({ CHECKPOINT_DISABLE: '1', KUBERNETES_SERVICE_HOST: '', KUBERNETES_SERVICE_PORT: '', KUBECONFIG: '', KUBE_CONFIG_PATH: '', KUBE_CONFIG_PATHS: '' });
    for (const s of steps) for (const k of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'KUBECONFIG']) expect(s.env?.[k]).toBeUndefined();
  });

  it('checks its inputs before checking out anything', () => {
    expect(steps[0].name).toBe('Check the inputs');
    expect(steps[0].run).toContain('[[ "$TENANT" =~ $label && "$ENVIRONMENT" =~ $label ]]');
  });

  it('synthesizes, then runs terraform init and validate in the environment\'s stack folder', () => {
    const synth = stepIndex(steps, /^npm run synth$/);
    const init = stepIndex(steps, /^terraform init -input=false/);
    const validate = stepIndex(steps, /^terraform validate/);
    expect(synth).toBeGreaterThan(0);
    expect(init).toBeGreaterThan(synth);
    expect(validate).toBeGreaterThan(init);
    expect(w.env?.STACK_DIR).toBe('cdktf.out/stacks/${{ inputs.tenant }}-${{ inputs.environment }}');
    for (const s of steps.filter((x) => /^terraform /m.test(x.run ?? ''))) expect(s['working-directory']).toBe('${{ env.STACK_DIR }}');
  });

  it('takes inputs into scripts only through the environment, never by ${{ }} in a script', () => {
    for (const s of steps) expect([s.name, s.run?.includes('${{')]).toEqual([s.name, s.run === undefined ? undefined : false]);
  });

  it('never prints a secret: secrets only as step env of terraform steps, never named in a script', () => {
    const secrets = secretVariables(w);
    expect([...secrets].sort()).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'OS_ACCESS_KEY', 'OS_DOMAIN_NAME', 'OS_SECRET_KEY']);
    for (const scope of [w.env, job.env]) for (const v of Object.values(scope ?? {})) expect(String(v)).not.toContain('secrets.');
    for (const s of steps) {
      const run = s.run ?? '';
      expect(run).not.toMatch(/secrets\.|\bset -x\b|\bprintenv\b|^\s*env\s*$|bash -x/m);
      for (const name of secrets) expect([s.name, run.match(new RegExp(`\\$\\{?${name}\\b`))]).toEqual([s.name, null]);
      const own = Object.entries(s.env ?? {}).filter(([, v]) => v.includes('secrets.'));
      if (own.length === 0) continue;
      expect([s.name, /^\s*(npm|node|curl|wget)\b/m.test(run)]).toEqual([s.name, false]);
      expect(run).toMatch(/\bterraform (init|plan|apply|state list|output)\b/);
      const wanted = /terraform init|terraform state list|terraform output/.test(run) && !/terraform (plan|apply)/.test(run)
        ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']
        : ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'OS_ACCESS_KEY', 'OS_DOMAIN_NAME', 'OS_SECRET_KEY'];
      expect([s.name, own.map(([k]) => k).sort()]).toEqual([s.name, wanted]);
      expect(s.env).toMatchObject({ AWS_ACCESS_KEY_ID: '${{ secrets.OBS_ACCESS_KEY_ID }}', AWS_SECRET_ACCESS_KEY: '${{ secrets.OBS_SECRET_ACCESS_KEY }}' });
    }
  });

  it('never runs terraform destroy or an apply without a saved plan, and removes the plan files', () => {
    for (const s of steps) expect(s.run ?? '').not.toMatch(/terraform destroy|-auto-approve|cdktf (deploy|destroy)/);
    const cleanup = steps[steps.length - 1];
    expect(cleanup).toMatchObject({ name: 'Remove the plan files', if: 'always()' });
    for (const g of guardedApplies(steps)) expect(cleanup.run).toContain(`$STACK_DIR/${g.planFile}`);
  });
});

describe(PLAN, () => {
  const steps = onlyJob(workflows[PLAN]).steps;

  it('validates, saves a plan, shows it as JSON and guards it, and applies nothing', () => {
    const order = [/terraform validate/, /terraform plan -input=false -no-color -out=tfplan$/, /terraform show -json tfplan > "\$RUNNER_TEMP\/plan\.json"/, /^npm run plan-guard -- "\$RUNNER_TEMP\/plan\.json"$/].map((re) => stepIndex(steps, re));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(stepIndex(steps, /terraform apply/)).toBe(-1);
    expect(guardedApplies(steps)).toEqual([]);
  });

  it('has a concurrency group of its own that may cancel an older plan', () => {
    expect(workflows[PLAN].concurrency).toEqual({ group: 'plan-${{ inputs.tenant }}-${{ inputs.environment }}', 'cancel-in-progress': true });
  });
});

describe(DEPLOY, () => {
  const w = workflows[DEPLOY];
  const steps = onlyJob(w).steps;

  it('applies exactly the guarded plan: validate -> plan -out -> show -json -> guard -> apply', () => {
    const [chain] = guardedApplies(steps);
    expect(guardedApplies(steps)).toHaveLength(1);
    expect(chain.planFile).toBe('tfplan');
    expect(chain.steps.map((i) => steps[i].name)).toEqual(['terraform validate', 'terraform plan', 'terraform show -json', 'Plan guard', 'terraform apply (the guarded plan)']);
    expect(steps[chain.steps[3]].run).toBe('npm run plan-guard -- "$RUNNER_TEMP/plan.json"');
  });

  it('shares one concurrency group with destroy and never cancels a running apply (OBS has no state lock)', () => {
    expect(w.concurrency).toEqual({ group: 'state-${{ inputs.tenant }}-${{ inputs.environment }}', 'cancel-in-progress': false });
    expect(workflows[DESTROY].concurrency).toEqual(w.concurrency);
  });

  it('takes the seed form\'s INITIAL inputs, optional and empty by default', () => {
    const inputs = w.on.workflow_dispatch!.inputs;
    expect(Object.keys(inputs)).toEqual(['tenant', 'environment', 'node_flavor', 'availability_zone', 'stacks']);
    for (const k of ['node_flavor', 'availability_zone', 'stacks']) expect(inputs[k]).toMatchObject({ required: false, type: 'string', default: '' });
    for (const k of ['node_flavor', 'availability_zone', 'stacks']) expect(inputs[k].description).toMatch(/^INITIAL, new environment only: /);
  });

  it('writes, commits and pushes a new environment file before Terraform plans anything', () => {
    const initial = steps.findIndex((s) => s.id === 'initial');
    const commit = steps.findIndex((s) => s.name === 'Commit and push the new environment file');
    const synth = stepIndex(steps, /^npm run synth$/);
    const plan = stepIndex(steps, /terraform plan/);
    expect(initial).toBeGreaterThan(0);
    expect(steps[initial].run).toContain('npm run --silent new-env -- "$TENANT" "$ENVIRONMENT" "${args[@]}"');
    expect(steps[initial].env).toEqual({ NODE_FLAVOR: '${{ inputs.node_flavor }}', AVAILABILITY_ZONE: '${{ inputs.availability_zone }}', STACKS: '${{ inputs.stacks }}', REF_TYPE: '${{ github.ref_type }}' });
    const snapshot = steps.findIndex((s) => s.name === "Record the new environment's snapshot");
    expect(steps[snapshot]).toMatchObject({ if: "steps.initial.outputs.created == 'true'", run: 'npx jest --ci=false test/stacks.test.ts' });
    expect(synth < snapshot && snapshot < commit).toBe(true);
    expect(steps[commit].run).toMatch(/git add "environments\/\$TENANT\/\$ENVIRONMENT\.yaml" test\/__snapshots__\/stacks\.test\.ts\.snap\n.*git commit -m[^\n]*\n.*git push origin "HEAD:refs\/heads\/\$GITHUB_REF_NAME"/s);
    const regenerate = steps.findIndex((st) => st.name === 'Regenerate the workflows and the management graph');
    expect(steps[regenerate]).toMatchObject({ if: "steps.initial.outputs.created == 'true'", run: 'npm run --silent workflows && npm run --silent docs' });
    expect(snapshot < regenerate && regenerate < commit).toBe(true);
    expect(steps[commit].run).toContain('for generated in .forgejo/workflows docs/management.md README.md; do');
    expect(initial < synth && synth < commit && commit < plan).toBe(true);
  });
});

describe(DESTROY, () => {
  const w = workflows[DESTROY];
  const steps = onlyJob(w).steps;

  it('asks for the stack id as confirmation', () => {
    expect(w.on.workflow_dispatch!.inputs.confirm).toMatchObject({ required: true, type: 'string' });
    expect(steps[0].run).toContain('if [[ "$CONFIRM" != "$TENANT-$ENVIRONMENT" ]]; then');
  });

  it('checks protection before Terraform starts', () => {
    const check = stepIndex(steps, /^node dist\/lib\/cli\/destroy-preflight\.js "\$TENANT" "\$ENVIRONMENT"$/);
    expect(check).toBeGreaterThan(stepIndex(steps, /^npm run synth$/));
    expect(check).toBeLessThan(stepIndex(steps, /terraform init/));
  });

  it('removes the platform layer\'s in-cluster resources first, then everything else, each as a guarded plan', () => {
    const chains = guardedApplies(steps);
    expect(chains.map((c) => c.planFile)).toEqual(['platform.tfplan', 'destroy.tfplan']);
    const [platform, rest] = chains;
    expect(platform.steps[4]).toBeLessThan(rest.steps[1]);
    expect(steps[platform.steps[1]].run).toContain('terraform plan -destroy -input=false -no-color -out=platform.tfplan "${targets[@]/#/-target=}"');
    expect(steps[rest.steps[1]].run).toBe('terraform plan -destroy -input=false -no-color -out=destroy.tfplan');
    for (const i of platform.steps.slice(1)) expect(steps[i].if).toBe("steps.platform.outputs.count != '0'");
    const list = steps.findIndex((s) => s.id === 'platform');
    expect(list).toBeGreaterThan(platform.steps[0]);
    expect(list).toBeLessThan(platform.steps[1]);
    expect(steps[list].run).toContain("grep -E '^(helm_release|kubernetes_[a-z0-9_]+)\\.'");
  });

  it('keeps the environment file', () => {
    for (const s of steps) expect(s.run ?? '').not.toMatch(/\bgit (add|rm|commit|push)\b|\brm [^\n]*environments\//);
  });
});

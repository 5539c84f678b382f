/**
 * The workflows' shell steps, run with bash as Forgejo runs them, with npm and terraform stubbed:
 * the input checks, the deploy form's INITIAL behaviour, the destroy order and the guard.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { ROOT } from '../support/synth';
import { cleanUp, tempDir } from './helpers';
import { Step, Workflow, guardedApplies, onlyJob, readWorkflow, runStep, secretVariables } from './workflow-model';

afterAll(cleanUp);

// The default manager's workflows; every generated set has the same steps (workflow-generation.test.ts).
const deploy = readWorkflow('deploy-prod-edp.yaml');
const destroy = readWorkflow('destroy-prod-edp.yaml');
const plan = readWorkflow('plan-prod-edp.yaml');

function step(w: Workflow, name: string): Step {
  const s = onlyJob(w).steps.find((x) => x.name === name || x.id === name);
  if (!s) throw new Error(`no step ${name}`);
  return s;
}

const contexts = (inputs: Record<string, string>, github: Record<string, string> = { ref_type: 'branch' }) => ({
  inputs: { tenant: 'nonprod', environment: 'demo', node_flavor: '', availability_zone: '', stacks: '', confirm: '', ...inputs },
  github,
  secrets: { OS_DOMAIN_NAME: 'x', OS_ACCESS_KEY: 'x', OS_SECRET_KEY: 'x', OBS_ACCESS_KEY_ID: 'x', OBS_SECRET_ACCESS_KEY: 'x' },
});

/** A workspace with the shipped environments, like a checkout. */
/** git in `cwd` as a fixed author, without signing; fails on a non-zero exit. */
function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid' } });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function workspace(): string {
  const dir = tempDir('edp-wf-');
  cpSync(join(ROOT, 'environments'), join(dir, 'environments'), { recursive: true });
  return dir;
}

describe('Check the inputs', () => {
  it.each([plan, deploy, destroy].map((w) => [w.name, w] as const))('%s accepts a tenant and an environment name', (_, w) => {
    const r = runStep(w, onlyJob(w).steps[0], workspace(), contexts({ environment: 'test-me', confirm: 'nonprod-test-me' }));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it.each([
    ['Test_Me', 'nonprod-Test_Me'],
    ['tenant', 'nonprod-tenant'],
    ['../prod/edp', 'nonprod-../prod/edp'],
  ])('fails if the environment is %j', (environment, confirm) => {
    for (const w of [plan, deploy, destroy]) {
      const r = runStep(w, onlyJob(w).steps[0], workspace(), contexts({ environment, confirm }));
      expect([w.name, r.status]).toEqual([w.name, 1]);
      expect(r.stdout).toContain('::error::tenant and environment must be DNS labels');
    }
  });

  it('fails if the runner could reach its own cluster', () => {
    const r = runStep(plan, onlyJob(plan).steps[0], workspace(), contexts({}), {}, { KUBERNETES_SERVICE_HOST: '10.0.0.1' });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("::error::KUBERNETES_SERVICE_HOST is set on this runner: Terraform could reach the runner's own cluster");
  });

  it('fails if destroy is not confirmed with the stack id', () => {
    const r = runStep(destroy, onlyJob(destroy).steps[0], workspace(), contexts({ environment: 'test-me', confirm: 'test-me' }));
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::confirm with the stack id nonprod-test-me; nothing was changed');
  });
});

describe('deploy: the INITIAL inputs', () => {
  const initial = step(deploy, 'initial');
  // npm stub: runs the real new-env command on the workspace's environments.
  const npm = (dir: string) => ({ npm: `[[ "$1 $2 $3 $4" == "run --silent new-env --" ]] || exit 9\nEDP_ENVIRONMENTS_DIR="${dir}/environments" node "${join(ROOT, 'dist', 'lib', 'cli', 'new-env.js')}" "\${@:5}"` });

  it('write a new environment file from the form', () => {
    const dir = workspace();
    const r = runStep(deploy, initial, dir, contexts({ node_flavor: 's3.xlarge.4', availability_zone: 'eu-de-02', stacks: 'core,otc,forgejo,terralist' }), npm(dir));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['npm run --silent new-env -- nonprod demo --stacks core,otc,forgejo,terralist --node-flavor s3.xlarge.4 --az eu-de-02']);
    expect(r.outputs).toEqual({ created: 'true' });
    expect(parse(readFileSync(join(dir, 'environments', 'nonprod', 'demo.yaml'), 'utf8'))).toEqual({
      stacks: ['core', 'otc', 'forgejo', 'terralist'],
      cluster: { nodePools: [{ name: 'default', flavor: 's3.xlarge.4', availabilityZone: 'eu-de-02' }] },
    });
  });

  it('leave out what the form left empty (the tier\'s defaults)', () => {
    const dir = workspace();
    const r = runStep(deploy, initial, dir, contexts({}), npm(dir));
    expect(r.calls).toEqual(['npm run --silent new-env -- nonprod demo']);
    expect(parse(readFileSync(join(dir, 'environments', 'nonprod', 'demo.yaml'), 'utf8'))).toEqual({ stacks: ['core', 'otc', 'forgejo'] });
  });

  it('are ignored, and the run says so, when the environment exists', () => {
    const dir = workspace();
    const before = readFileSync(join(dir, 'environments', 'nonprod', 'test-me.yaml'), 'utf8');
    const r = runStep(deploy, initial, dir, contexts({ environment: 'test-me', node_flavor: 's3.8xlarge.4' }), npm(dir));
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.outputs).toEqual({ created: 'false' });
    expect(r.stdout).toBe('::notice::environments/nonprod/test-me.yaml exists: the INITIAL inputs (node flavor, availability zone, stacks) are ignored. They only shape a new environment; change an existing one through a pull request.\n');
    expect(readFileSync(join(dir, 'environments', 'nonprod', 'test-me.yaml'), 'utf8')).toBe(before);
    expect(runStep(deploy, initial, dir, contexts({ environment: 'test-me' }), npm(dir)).stdout).toBe('environments/nonprod/test-me.yaml exists: deploying it as it is.\n');
  });

  it('fail the run when the new environment would be invalid, and nothing is written', () => {
    const dir = workspace();
    const r = runStep(deploy, initial, dir, contexts({ availability_zone: 'eu-nl-01' }), npm(dir));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cluster.nodePools[0].availabilityZone (--az): expected one of the environment\'s availabilityZones');
    expect(r.outputs).toEqual({});
    expect(existsSync(join(dir, 'environments', 'nonprod', 'demo.yaml'))).toBe(false);
  });

  it('fail the run from a tag, which a new file cannot be committed to', () => {
    const dir = workspace();
    const r = runStep(deploy, initial, dir, contexts({}, { ref_type: 'tag' }), npm(dir));
    expect(r.status).toBe(1);
    expect(r.calls).toEqual([]);
    expect(r.stdout).toMatch(/^::error::environments\/nonprod\/demo\.yaml does not exist, and a new environment file is committed to the branch/);
  });

  it('are committed and pushed to the branch the workflow runs on', () => {
    const remote = tempDir('edp-wf-remote-');
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    const dir = workspace();
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, '.gitignore'), '.stubs/\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    mkdirSync(join(dir, 'environments', 'nonprod'), { recursive: true });
    writeFileSync(join(dir, 'environments', 'nonprod', 'demo.yaml'), 'stacks: [core, otc]\n');
    mkdirSync(join(dir, 'test', '__snapshots__'), { recursive: true });
    writeFileSync(join(dir, 'test', '__snapshots__', 'stacks.test.ts.snap'), '// snapshot of nonprod-demo\n');
    const r = runStep(deploy, step(deploy, 'Commit and push the new environment file'), dir, contexts({}), {}, { GITHUB_REF_NAME: 'main', GITHUB_RUN_NUMBER: '7', GITHUB_ACTOR: 'alice' });
    expect(r.stderr).toContain('HEAD -> main');
    expect(r.status).toBe(0);
    expect(git(remote, 'log', '-1', '--format=%s%n%an', 'main')).toBe('Add environment nonprod/demo (deploy workflow, run 7 by alice)\nEDP deploy workflow\n');
    expect(git(remote, 'show', '--name-only', '--format=', 'main')).toBe('environments/nonprod/demo.yaml\ntest/__snapshots__/stacks.test.ts.snap\n');
  });

  it('are committed with the regenerated workflows and management graph', () => {
    const remote = tempDir('edp-wf-remote-');
    git(remote, 'init', '-q', '--bare', '-b', 'main');
    const dir = workspace();
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, '.gitignore'), '.stubs/\n');
    mkdirSync(join(dir, '.forgejo', 'workflows'), { recursive: true });
    writeFileSync(join(dir, '.forgejo', 'workflows', 'deploy-prod-edp.yaml'), 'old\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    git(dir, 'remote', 'add', 'origin', remote);
    git(dir, 'push', '-q', 'origin', 'main');
    mkdirSync(join(dir, 'environments', 'nonprod'), { recursive: true });
    writeFileSync(join(dir, 'environments', 'nonprod', 'demo.yaml'), 'stacks: [core, otc]\n');
    mkdirSync(join(dir, 'test', '__snapshots__'), { recursive: true });
    writeFileSync(join(dir, 'test', '__snapshots__', 'stacks.test.ts.snap'), '// snapshot of nonprod-demo\n');
    writeFileSync(join(dir, '.forgejo', 'workflows', 'deploy-prod-edp.yaml'), 'with nonprod/demo\n');
    mkdirSync(join(dir, 'docs'), { recursive: true });
    writeFileSync(join(dir, 'docs', 'management.md'), 'graph with nonprod/demo\n');
    const r = runStep(deploy, step(deploy, 'Commit and push the new environment file'), dir, contexts({}), {}, { GITHUB_REF_NAME: 'main', GITHUB_RUN_NUMBER: '8', GITHUB_ACTOR: 'alice' });
    expect(r.status).toBe(0);
    expect(git(remote, 'show', '--name-only', '--format=', 'main')).toBe('.forgejo/workflows/deploy-prod-edp.yaml\ndocs/management.md\nenvironments/nonprod/demo.yaml\ntest/__snapshots__/stacks.test.ts.snap\n');
  });
});

describe('destroy: the order and the guard', () => {
  const stateList = ['opentelekomcloud_cce_cluster_v3.Infra_Cluster_A1', 'helm_release.Platform_ArgoCd_B2', 'data.kubernetes_namespace_v1.X', 'kubernetes_secret_v1.Platform_Dex_C3', 'random_password.Platform_Pw_D4', 'helm_release.Platform_Applications_E5'];

  it('lists the helm releases and Kubernetes objects in the state as the first targets', () => {
    const dir = workspace();
    const r = runStep(destroy, step(destroy, 'platform'), dir, contexts({}), { terraform: `printf '%s\\n' ${stateList.join(' ')}` });
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({ count: '3' });
    expect(readFileSync(join(dir, '.stubs', 'tmp', 'platform-targets.txt'), 'utf8')).toBe('helm_release.Platform_ArgoCd_B2\nkubernetes_secret_v1.Platform_Dex_C3\nhelm_release.Platform_Applications_E5\n');
    const planned = runStep(destroy, step(destroy, 'terraform plan -destroy (platform layer)'), dir, contexts({}), { terraform: 'true' });
    expect(planned.status).toBe(0);
    expect(planned.calls).toEqual(['terraform plan -destroy -input=false -no-color -out=platform.tfplan -target=helm_release.Platform_ArgoCd_B2 -target=kubernetes_secret_v1.Platform_Dex_C3 -target=helm_release.Platform_Applications_E5']);
  });

  it('says when there is nothing in the cluster to remove first, and does not hide a failing terraform', () => {
    const empty = runStep(destroy, step(destroy, 'platform'), workspace(), contexts({}), { terraform: "echo 'opentelekomcloud_vpc_v1.Infra_Vpc_A'" });
    expect(empty.outputs).toEqual({ count: '0' });
    expect(empty.stdout).toContain('No helm release or Kubernetes object in the state');
    const failing = runStep(destroy, step(destroy, 'platform'), workspace(), contexts({}), { terraform: 'echo "Error: no state" >&2; exit 1' });
    expect(failing.status).toBe(1);
  });

  it.each([
    [0, 0, false],
    [1, 0, true],
    [2, 2, false],
    [127, 127, false],
  ])('accepts the guard\'s "protected resources go" (exit 1) only for the full destroy: guard %i -> step %i', (guard, status, warned) => {
    const r = runStep(destroy, step(destroy, 'Plan guard (lists the protected resources that go)'), workspace(), contexts({}), { npm: `exit ${guard}` });
    expect(r.status).toBe(status);
    expect(r.stdout.includes('::warning::The resources above hold data and are deleted now')).toBe(warned);
    const platformGuard = runStep(destroy, step(destroy, 'Plan guard (platform layer)'), workspace(), contexts({}), { npm: `exit ${guard}` });
    expect(platformGuard.status).toBe(guard);
  });
});

describe('the workflow checks themselves', () => {
  const base: Step[] = [
    { run: 'terraform validate -no-color' },
    { run: 'terraform plan -out=tfplan' },
    { run: 'terraform show -json tfplan > "$RUNNER_TEMP/plan.json"' },
    { run: 'npm run plan-guard -- "$RUNNER_TEMP/plan.json"' },
    { run: 'terraform apply tfplan' },
  ];

  it('accept a guarded apply', () => {
    expect(guardedApplies(base)).toEqual([{ planFile: 'tfplan', steps: [0, 1, 2, 3, 4] }]);
  });

  it.each([
    ['fails if the guard is missing', base.filter((_, i) => i !== 3), /no plan guard/],
    ['fails if the guard reads another file', base.map((s, i) => (i === 3 ? { run: 'npm run plan-guard -- "other.json"' } : s)), /no plan guard/],
    ['fails if the apply takes no saved plan', base.map((s, i) => (i === 4 ? { run: 'terraform apply -auto-approve' } : s)), /applies no saved plan/],
    ['fails if validate is missing', base.slice(1), /no terraform validate/],
    ['fails if the guard may be skipped while the apply runs', base.map((s, i) => (i === 3 ? { ...s, if: 'false' } : s)), /another condition/],
  ])('%s', (_, steps, error) => {
    expect(() => guardedApplies(steps)).toThrow(error);
  });

  it('find the variables that hold secrets', () => {
    const w = { name: 'x', on: {}, env: { A: '1' }, jobs: { j: { 'runs-on': 'x', steps: [{ env: { TOKEN: '${{ secrets.T }}' }, run: 'echo "$TOKEN"' }] } } } as unknown as Workflow;
    expect([...secretVariables(w)]).toEqual(['TOKEN']);
  });
});

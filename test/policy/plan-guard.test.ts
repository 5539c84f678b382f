/** The plan guard on the plan fixtures: its main in process, and the compiled program as users run it. */
import { spawnSync } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { main } from '../../lib/cli/plan-guard';
import { ROOT } from '../support/synth';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'plans');
const GUARD = join(ROOT, 'dist', 'lib', 'cli', 'plan-guard.js');
const USAGE = 'usage: npm run plan-guard -- <plan.json> [--accept-trust-list-change]   (terraform show -json <planfile> > plan.json; "-" reads stdin)';
const PROTECTED = 'Protected types: opentelekomcloud_cce_cluster_v3, opentelekomcloud_rds_instance_v3, opentelekomcloud_obs_bucket, opentelekomcloud_kms_key_v1, opentelekomcloud_cbr_vault_v3.';

/** The compiled guard as a process (stdin, INIT_CWD, the npm script below). */
function guardProcess(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [GUARD, ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The guard's main in this process, as the program runs it from the project root. */
function guard(args: string[]) {
  let [stdout, stderr] = ['', ''];
  const status = main(args, { env: process.env, cwd: ROOT, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } });
  return { status, stdout, stderr };
}

const fixture = (name: string) => `test/fixtures/plans/${name}`;

describe('plan guard: plans it lets through (exit 0, one-line summary)', () => {
  it.each([
    ['no-op.json', '0 to create, 0 to update, 0 to replace, 0 to delete, 8 unchanged'],
    ['first-deploy.json', '9 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged'],
    ['update-in-place.json', '1 to create, 2 to update, 0 to replace, 0 to delete, 6 unchanged'],
    ['replace-node-pool.json', '0 to create, 1 to update, 1 to replace, 0 to delete, 6 unchanged'],
    ['forget-bucket.json', '0 to create, 0 to update, 0 to replace, 0 to delete, 1 to forget, 6 unchanged'],
    ['empty.json', '0 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged'],
    ['real-terraform-data-replace.json', '0 to create, 1 to update, 1 to replace, 0 to delete, 1 unchanged'],
    ['real-trust-list-unchanged.json', '0 to create, 0 to update, 0 to replace, 0 to delete, 1 unchanged'],
  ])('%s', (file, summary) => {
    expect(guard([fixture(file)])).toEqual({ status: 0, stdout: `plan-guard: ${summary}\n`, stderr: '' });
  });
});

describe('plan guard: plans that lose protected state (exit 1, each resource and why)', () => {
  const refusal = (n: number, lines: string[]) =>
    `plan-guard: refusing the plan: it deletes or replaces ${n} protected resource${n === 1 ? '' : 's'}, whose data would be lost:\n` +
    lines.map((l) => `  ${l}\n`).join('') +
    `${PROTECTED}\n` +
    'Undo the change that forces it (an INITIAL field of the environment file, see README), or see README "Plan guard" for a replacement you really want.\n';

  it.each([
    [
      'replace-rds.json',
      '0 to create, 0 to update, 1 to replace, 0 to delete, 7 unchanged',
      ['opentelekomcloud_rds_instance_v3.Infra_Database_Instance_8D41C2B7: replace (destroy, then create), forced by availability_zone, db[0].version (replace_because_cannot_update)'],
    ],
    [
      'create-before-destroy-cluster.json',
      '0 to create, 0 to update, 1 to replace, 0 to delete, 7 unchanged',
      ['opentelekomcloud_cce_cluster_v3.Infra_Cluster_Cluster_6E3B1B0F: replace (create the new one, then destroy the old), forced by flavor_id (replace_because_cannot_update)'],
    ],
    [
      'tainted-kms-key.json',
      '0 to create, 0 to update, 1 to replace, 0 to delete, 6 unchanged',
      ['opentelekomcloud_kms_key_v1.Infra_Encryption_Key_4A6C8E0B: replace (destroy, then create) (replace_because_tainted)'],
    ],
    [
      'delete-bucket.json',
      '0 to create, 0 to update, 0 to replace, 1 to delete, 7 unchanged',
      ['opentelekomcloud_obs_bucket.Infra_Storage_Lfs_2F7A9C1D: delete (delete_because_no_resource_config)'],
    ],
    [
      'deposed-rds.json',
      '0 to create, 0 to update, 0 to replace, 1 to delete, 7 unchanged',
      ['opentelekomcloud_rds_instance_v3.Infra_Database_Instance_8D41C2B7: delete of deposed object 4f8a2c1e'],
    ],
    [
      'destroy.json',
      '0 to create, 0 to update, 0 to replace, 9 to delete, 0 unchanged',
      [
        'opentelekomcloud_cce_cluster_v3.Infra_Cluster_Cluster_6E3B1B0F: delete',
        'opentelekomcloud_rds_instance_v3.Infra_Database_Instance_8D41C2B7: delete',
        'opentelekomcloud_obs_bucket.Infra_Storage_Lfs_2F7A9C1D: delete',
        'opentelekomcloud_cbr_vault_v3.Infra_Backup_Vault_7B9D1F3A: delete',
        'opentelekomcloud_kms_key_v1.Infra_Encryption_Key_4A6C8E0B: delete',
      ],
    ],
  ])('%s', (file, summary, lines) => {
    expect(guard([fixture(file)])).toEqual({ status: 1, stdout: `plan-guard: ${summary}\n`, stderr: refusal(lines.length, lines) });
  });
});

describe('plan guard: input that is no plan (exit 2, clear error, no stack trace)', () => {
  it.each([
    ['binary-planfile.tfplan', 'is a binary plan file, not JSON; expected the output of `terraform show -json <planfile>`'],
    ['truncated.json', /^is not JSON \(.+\); expected the output of `terraform show -json <planfile>`$/],
    ['state-not-plan.json', 'is a Terraform state, not a plan; expected the output of `terraform show -json <planfile>`'],
    ['format-version-2.json', 'has format_version "2.0"; this guard reads format 1.x'],
    ['errored.json', 'is an errored plan: terraform plan failed, and such a plan cannot be applied'],
    ['bad-actions.json', ': resource_changes[1].change.actions: expected a list of actions such as ["update"], got "update"'],
  ])('%s', (file, message) => {
    const r = guard([fixture(file)]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const [first, second, ...rest] = r.stderr.split('\n');
    const prefix = `plan-guard: ${fixture(file)}`;
    expect(first.startsWith(prefix)).toBe(true);
    const tail = first.slice(prefix.length);
    if (typeof message === 'string') expect(tail).toBe(message.startsWith(':') ? message : ` ${message}`);
    else expect(tail.trimStart()).toMatch(message);
    expect([second, ...rest]).toEqual([USAGE, '']);
  });

  it('fails if the file does not exist', () => {
    expect(guard(['plan.json'])).toEqual({ status: 2, stdout: '', stderr: `plan-guard: cannot read plan.json: no such file\n${USAGE}\n` });
  });

  it('fails if given a folder', () => {
    expect(guard(['test']).stderr.split('\n')[0]).toBe('plan-guard: cannot read test: it is a folder');
  });

  it('fails without exactly one argument', () => {
    expect(guard([])).toEqual({ status: 2, stdout: '', stderr: `plan-guard: expected one plan file, got 0\n${USAGE}\n` });
    expect(guard(['a.json', 'b.json']).status).toBe(2);
  });

  it('covers every fixture in its tables', () => {
    const covered = readFileSync(__filename, 'utf8');
    for (const file of readdirSync(FIXTURES).filter((f) => f !== 'README.md')) expect(covered).toContain(`'${file}'`);
  });
});

describe('plan guard: how it is called', () => {
  it('reads the plan from stdin with "-"', () => {
    const r = guardProcess(['-'], readFileSync(join(FIXTURES, 'replace-rds.json'), 'utf8'));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('opentelekomcloud_rds_instance_v3.Infra_Database_Instance_8D41C2B7: replace');
  });

  // Through npm itself: its build step publishes a new build atomically (lib/ops/build), so other
  // test files running dist/ meanwhile are not disturbed.
  it('is the npm script plan-guard: the compiled program after the fast build', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['plan-guard']).toBe('node -r ./lib/ops/build/fresh.js dist/lib/cli/plan-guard.js');
    const r = spawnSync('npm', ['run', '--silent', 'plan-guard', '--', join(FIXTURES, 'replace-rds.json')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('opentelekomcloud_rds_instance_v3.Infra_Database_Instance_8D41C2B7: replace');
  });

  it('reads a relative path from the folder npm was called in (INIT_CWD), as `npm run plan-guard -- <plan.json>` does', () => {
    const r = spawnSync(process.execPath, [GUARD, 'plans/delete-bucket.json'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, INIT_CWD: join(ROOT, 'test', 'fixtures') },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('plan-guard: 0 to create, 0 to update, 0 to replace, 1 to delete, 7 unchanged\n');
    expect(r.stderr).toContain('opentelekomcloud_obs_bucket.Infra_Storage_Lfs_2F7A9C1D: delete');
  });
});

describe('plan guard: a changed API trust list (real Terraform 1.11.4 plan of the synthesized record)', () => {
  const line =
    'terraform_data.Infra_ApiAccess_TrustList_13263E22: the API trust list would change (the egress address of the manager prod-edp changed: 80.158.10.21/32 -> 80.158.77.3/32): 80.158.10.21/32 -> 80.158.77.3/32';

  it('refuses it as what it is: the manager\'s address changed (exit 1)', () => {
    expect(guard([fixture('real-trust-list-change.json')])).toEqual({
      status: 1,
      stdout: 'plan-guard: 0 to create, 1 to update, 0 to replace, 0 to delete, 0 unchanged\n',
      stderr:
        'plan-guard: refusing the plan: it changes the Kubernetes API trust list of 1 cluster, which CCE sets only when a cluster is created:\n' +
        `  ${line}\n` +
        'The cluster ignores the change (it is never replaced for it) and keeps its old list, so a new address cannot reach its API. ' +
        'Keep the manager\'s egress address (it carries prevent_destroy) or undo the change of cluster.publicApiCidrs; README "API trust list" says what to do when the change is real.\n',
    });
  });

  it('lets it pass with --accept-trust-list-change, and says so', () => {
    expect(guard([fixture('real-trust-list-change.json'), '--accept-trust-list-change'])).toEqual({
      status: 0,
      stdout: `plan-guard: 0 to create, 1 to update, 0 to replace, 0 to delete, 0 unchanged\nplan-guard: accepted (--accept-trust-list-change): ${line}; the cluster keeps its old list\n`,
      stderr: '',
    });
  });

  it('refuses an unknown option (exit 2)', () => {
    expect(guard([fixture('no-op.json'), '--accept-everything'])).toEqual({ status: 2, stdout: '', stderr: `plan-guard: unknown option --accept-everything\n${USAGE}\n` });
  });
});

describe('plan guard in process', () => {
  it('gives the same answer twice in a row, and the same as the program (no state left between runs)', () => {
    const runs = () => ['no-op.json', 'replace-rds.json', 'truncated.json', 'real-trust-list-change.json'].map((f) => guard([fixture(f)]));
    const first = runs();
    expect(first.map((r) => r.status)).toEqual([0, 1, 2, 1]);
    expect(runs()).toEqual(first);
    expect(guardProcess([fixture('replace-rds.json')])).toEqual(first[1]);
  });
});

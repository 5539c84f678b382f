/** The destroy workflow's protection check: clear refusals before Terraform starts. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { OpsError } from '../../lib/ops/cli';
import { checkDestroyable } from '../../lib/ops/destroy-preflight';
import { LOCAL_TENANT, NONPROD_TENANT, PROD_TENANT, load } from '../support/env-tree';
import { NO_STACK_TRACE, cleanUp, cli, inProcess, copyOfEnvironments } from './helpers';

afterAll(cleanUp);

const envs = load({
  'nonprod/tenant.yaml': NONPROD_TENANT,
  'nonprod/open.yaml': 'stacks: [core]\nprotection: false\n',
  'nonprod/kept.yaml': 'stacks: [core]\n',
  'prod/tenant.yaml': PROD_TENANT,
  'prod/edp.yaml': 'stacks: [core, otc, forgejo]\n',
  'local/tenant.yaml': LOCAL_TENANT,
  'local/kind.yaml': 'stacks: [core]\n',
});

function refusal(tenant: string, name: string): string {
  try {
    checkDestroyable(envs, tenant, name);
  } catch (e) {
    if (e instanceof OpsError) return e.message;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('destroy preflight', () => {
  it('allows a non-production environment with protection off, and says the file stays', () => {
    expect(checkDestroyable(envs, 'nonprod', 'open')).toBe(
      'nonprod-open has protection off (environments/nonprod/open.yaml): it may be destroyed. The environment file stays; the deploy workflow creates the environment again from it.',
    );
  });

  it('fails if the environment is protected, saying how to lift it', () => {
    expect(refusal('nonprod', 'kept')).toBe(
      'nonprod-kept is protected: environments/nonprod/kept.yaml has protection on (the default), which puts prevent_destroy on its CCE cluster, database, OBS buckets, KMS key and backup vault, so Terraform refuses to destroy them. To destroy it, merge a pull request that sets "protection: false" in environments/nonprod/kept.yaml, then run this workflow again. Nothing was changed.',
    );
  });

  it('fails if the environment is in production, where protection cannot be lifted', () => {
    expect(refusal('prod', 'edp')).toMatch(/^prod-edp is a production environment and stays protected: "protection: false" is refused in a production tenant.*nothing was changed\.$/);
  });

  it('fails if the environment is on the local tier', () => {
    expect(refusal('local', 'kind')).toBe('local-kind is on the local tier, with its state on the machine that deployed it: run "npx cdktf destroy local-kind" there. Nothing was changed.');
  });

  it('fails if there is no such environment', () => {
    expect(refusal('nonprod', 'gone')).toMatch(/^there is no environment nonprod\/gone \(environments\/nonprod\/gone\.yaml\)\. Destroy works from the environment file/);
  });
});

describe('node dist/lib/cli/destroy-preflight.js', () => {
  it('exits 0 for an unprotected environment and 1 for a protected one, without a stack trace', () => {
    const dir = copyOfEnvironments();
    writeFileSync(join(dir, 'nonprod', 'test-me.yaml'), 'stacks: [core, otc]\nprotection: false\n');
    const open = cli('destroy-preflight', ['nonprod', 'test-me'], { env: { EDP_ENVIRONMENTS_DIR: dir } });
    expect(open.status).toBe(0);
    expect(open.stdout).toMatch(/^nonprod-test-me has protection off/);
    const kept = inProcess('destroy-preflight', ['prod', 'edp'], { env: { EDP_ENVIRONMENTS_DIR: dir } });
    expect(kept.status).toBe(1);
    expect(kept.stderr).toMatch(/^destroy-preflight: prod-edp is a production environment/);
    expect(kept.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('fails if the arguments are wrong: exit 2', () => {
    const r = inProcess('destroy-preflight', ['nonprod']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('destroy-preflight: expected <tenant> and <name>, got 1 argument');
  });
});

describe('a manager', () => {
  const managed = load({
    'nonprod/tenant.yaml': NONPROD_TENANT,
    'nonprod/runner.yaml': 'stacks: [core, otc, forgejo]\nprotection: false\n',
    'nonprod/app.yaml': 'stacks: [core, otc]\nmanager: runner\n',
  });

  it('fails if it still deploys other environments, even with protection off', () => {
    expect(() => checkDestroyable(managed, 'nonprod', 'runner')).toThrow(
      'nonprod-runner deploys nonprod-app (their manager:), whose clusters trust its egress address, which carries prevent_destroy. Give them another manager first',
    );
  });
});

describe('destroy-preflight in process', () => {
  it('gives the same answer twice in a row (no state left between runs)', () => {
    const dir = copyOfEnvironments();
    writeFileSync(join(dir, 'nonprod', 'test-me.yaml'), 'stacks: [core, otc]\nprotection: false\n');
    const runs = () => [inProcess('destroy-preflight', ['nonprod', 'test-me'], { env: { EDP_ENVIRONMENTS_DIR: dir } }), inProcess('destroy-preflight', ['prod', 'edp'], { env: { EDP_ENVIRONMENTS_DIR: dir } })];
    const first = runs();
    expect(first.map((r) => r.status)).toEqual([0, 1]);
    expect(runs()).toEqual(first);
  });
});

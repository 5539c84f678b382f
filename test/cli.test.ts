/** The compiled program as users run it (`npm run synth` runs `node dist/main.js` after the fast build). */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ROOT, shippedEnvironments, shippedStacks } from './support/synth';
import { NONPROD_TENANT, envTree } from './support/env-tree';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function run(env: Record<string, string>) {
  const outdir = mkdtempSync(join(tmpdir(), 'edp-out-'));
  temporary.push(outdir);
  const result = spawnSync(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir, ...env },
  });
  return { ...result, outdir };
}

function stackFiles(outdir: string): Record<string, string> {
  const dir = join(outdir, 'stacks');
  return Object.fromEntries(readdirSync(dir).sort().map((id) => [id, readFileSync(join(dir, id, 'cdk.tf.json'), 'utf8')]));
}

describe('node dist/main.js', () => {
  it('writes one cdk.tf.json per shipped environment, byte-identical across runs', () => {
    const first = run({});
    const second = run({});
    expect(first.status).toBe(0);
    expect(second.status).toBe(0);
    const a = stackFiles(first.outdir);
    expect(Object.keys(a)).toEqual(shippedEnvironments().map((e) => e.stackId).sort());
    expect(stackFiles(second.outdir)).toEqual(a);
    // The linked program (dist/main.js, lib/ops/build/link.js) writes what the program's
    // modules write loaded one by one, as the tests load them: only cdktf's "//" metadata
    // (stack traces, paths) may differ.
    const strip = (json: string) => JSON.stringify(JSON.parse(json), (k, v: unknown) => (k === '//' ? undefined : v));
    expect(existsSync(join(ROOT, 'dist', 'vendor', 'cdktf.js'))).toBe(true);
    for (const [id, json] of shippedStacks()) expect([id, strip(a[id])]).toEqual([id, strip(json)]);
  });

  it('fails if an environment is wrong: exit 1, one line per problem, no stack trace, nothing written', () => {
    const root = envTree({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'cluster:\n  nodePools:\n    - name: a\n      count: three\nfoo: 1\n' });
    temporary.push(root);
    const result = run({ EDP_ENVIRONMENTS_DIR: join(root, 'environments') });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('2 problems in environments/:');
    expect(lines.slice(1).map((l) => l.replace(/^.*environments\//, 'environments/'))).toEqual([
      'environments/nonprod/x.yaml: cluster.nodePools[0].count: expected a whole number from 1 to 100, got "three"',
      'environments/nonprod/x.yaml: foo: unknown key (check the spelling; see the README for the fields)',
    ]);
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+/);
    expect(existsSync(join(result.outdir, 'stacks'))).toBe(false);
  });

  it('fails if no Terraform is on PATH: exit 1, the construct and what is needed, no stack trace, nothing written', () => {
    // A PATH with node and a shell, without terraform: cdktf's version check of terraform_data fails.
    const bin = mkdtempSync(join(tmpdir(), 'edp-bin-'));
    temporary.push(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const result = run({ PATH: `${bin}:/bin`, TERRAFORM_BINARY_NAME: 'terraform-not-installed' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^synth: a construct validation failed; nothing was written:\n {2}\[[a-z0-9-]+\/Infra\/ApiAccess\/TrustList\] Could not determine version of terraform/);
    expect(result.stderr).toContain('need Terraform >= 1.4 on PATH');
    expect(result.stderr).not.toMatch(/\bat .*\.js:\d+|skipValidation/);
    expect(existsSync(join(result.outdir, 'stacks'))).toBe(false);
  });
});

/**
 * The policy through the program's main (in process; test/cli.test.ts runs `node dist/main.js`): violations end the run with
 * exit 1 and one clean line each, before anything is written; suppressions are printed at every
 * synth. Also the policy hook of the environment stack.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdktf';
import { main } from '../../main';
import { EnvironmentStack } from '../../lib/environment-stack';
import { policyProps } from '../../lib/environment-stack/policy-props';
import { FORGEJO_SSH_PORT } from '../../lib/platform/catalogue/declarations';
import { PolicyAspect } from '../../lib/policy/aspect';
import { failureText } from '../../lib/policy/report';
import { POLICY_RULES } from '../../lib/policy/rules';
import { database, evaluate } from './support';
import { LOCAL_TENANT, NONPROD_TENANT, PROD_TENANT, envTree, load } from '../support/env-tree';
import { ROOT, shippedEnvironments, shippedPolicyReports } from '../support/synth';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The program's main in this process (test/cli.test.ts runs node dist/main.js itself). */
async function synth(files: Record<string, string>, outdir = mkdtempSync(join(tmpdir(), 'edp-out-'))) {
  const root = envTree(files);
  temporary.push(root, outdir);
  let [stdout, stderr] = ['', ''];
  const status = await main([], {
    env: { ...process.env, CDKTF_OUTDIR: outdir, EDP_ENVIRONMENTS_DIR: join(root, 'environments') },
    root: ROOT,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  // Files are named relative to the project root; the temporary tree lies outside it.
  const local = (text: string) => text.replace(/(\.\.\/)+[^ ]*?\/environments\//g, 'environments/');
  return { status, stdout: local(stdout), stderr: local(stderr), outdir };
}

const REASON = 'the test database is rebuilt from a dump every night';
const F = 'environments/nonprod/x.yaml';
const HINT = 'Fix the finding, or accept it in the environment file with suppressions: [{ rule, reason }] (README: Guardrails).';

describe('the program (main) with the policy', () => {
  it('fails on a broken suppression: exit 1, one line each, no stack trace, nothing written', async () => {
    const env = `stacks: [core, otc]\nsuppressions:\n  - rule: EDP-RDS-1\n    reason: ${REASON}\n  - rule: EDP-XYZ-1\n    reason: ${REASON}\n`;
    const r = await synth({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': env });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      '2 errors in nonprod-x; nothing was written:\n' +
        `nonprod-x: ${F}: suppressions[1].rule: "EDP-XYZ-1" is not a policy rule; expected one of ${POLICY_RULES.map((p) => p.id).join(', ')}\n` +
        `nonprod-x: ${F}: suppressions[0].rule: EDP-RDS-1 suppresses nothing in nonprod-x: no resource or manifest here breaks it, so remove the suppression\n`,
    );
    expect(readdirSync(r.outdir)).toEqual([]);
  });

  it('keeps the previous output when a later synth fails', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'edp-out-'));
    const good = { 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' };
    expect((await synth(good, outdir)).status).toBe(0);
    const before = readFileSync(join(outdir, 'stacks', 'nonprod-x', 'cdk.tf.json'), 'utf8');
    const bad = await synth({ ...good, 'nonprod/x.yaml': `stacks: [core, otc]\nsuppressions:\n  - rule: EDP-OBS-1\n    reason: ${REASON}\n` }, outdir);
    expect(bad.status).toBe(1);
    expect(readdirSync(outdir).sort()).toEqual(['manifest.json', 'stacks']);
    expect(readFileSync(join(outdir, 'stacks', 'nonprod-x', 'cdk.tf.json'), 'utf8')).toBe(before);
  });

  it('prints protection: false as a suppression at every synth and writes the stacks', async () => {
    const r = await synth({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\nprotection: false\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `nonprod-x: EDP-STATE-1 suppressed (8 findings) by ${F} (protection: false): protection: false: the cluster, database, buckets, KMS key and backup vault of this environment can be destroyed\n` +
        `Wrote 1 stack to ${r.outdir}/stacks/: nonprod-x\n`,
    );
    expect(r.stderr).toBe('');
    expect(existsSync(join(r.outdir, 'stacks', 'nonprod-x', 'cdk.tf.json'))).toBe(true);
    expect(readdirSync(r.outdir).sort()).toEqual(['manifest.json', 'stacks']);
  });

  it('reports the problems of every stack at once', async () => {
    const bad = (rule: string) => `stacks: [core]\nsuppressions:\n  - rule: ${rule}\n    reason: ${REASON}\n`;
    const r = await synth({ 'local/tenant.yaml': LOCAL_TENANT, 'local/a.yaml': bad('EDP-RDS-1'), 'local/b.yaml': 'domain: b.localtest.me\n' + bad('EDP-OBS-1') });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('2 errors in local-a, local-b; nothing was written:');
  });

});

describe('what main.ts prints when the policy fails', () => {
  it('is a header, one line per finding, and how to fix or suppress', () => {
    const { lines } = evaluate((s) => void database(s, { sslEnable: false, publicIps: ['80.158.1.2'] }));
    expect(failureText(lines).split('\n')).toEqual(['2 errors in test; nothing was written:', ...lines, HINT, '']);
    expect(lines.map((l) => l.slice(0, l.indexOf(' ', l.indexOf(': ') + 2)))).toEqual(['test/Database: EDP-RDS-1', 'test/Database: EDP-RDS-3']);
  });

  it('has no hint when no line is a rule finding', () => {
    expect(failureText(['a: x', 'b/c: y'])).toBe('2 errors in a, b; nothing was written:\na: x\nb/c: y\n');
  });
});

describe('the policy hook of the environment stack', () => {
  it('adds one PolicyAspect per stack, with the tier, file, suppressions and protection of its environment', () => {
    for (const env of shippedEnvironments()) {
      const stack = new EnvironmentStack(Testing.app(), env);
      expect(PolicyAspect.of(stack)).toBeInstanceOf(PolicyAspect);
    }
    const [env] = load({ 'prod/tenant.yaml': PROD_TENANT, 'prod/x.yaml': `stacks: [core, otc, forgejo]\nsuppressions:\n  - rule: EDP-TRAEFIK-1\n    reason: ${REASON}\n` });
    expect(policyProps(env)).toEqual({
      tier: 'production',
      file: 'environments/prod/x.yaml',
      suppressions: [{ rule: 'EDP-TRAEFIK-1', reason: REASON }],
      protection: true,
      publicIngress: { securityGroupIds: [], ports: [80, 443, FORGEJO_SSH_PORT] },
    });
  });

  it('opens only 80 and 443 without Forgejo, and reads protection: false', () => {
    const [env] = load({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\nprotection: false\n' });
    expect(policyProps(env, ['${opentelekomcloud_networking_secgroup_v2.Elb.id}'])).toMatchObject({
      tier: 'non-production',
      protection: false,
      publicIngress: { securityGroupIds: ['${opentelekomcloud_networking_secgroup_v2.Elb.id}'], ports: [80, 443] },
    });
  });

  it('finds nothing in the shipped environments', () => {
    // The run's shared synth (test/support/synth.ts): Testing.synth of each environment's
    // EnvironmentStack, which keeps what its PolicyAspect reported.
    const reports = shippedPolicyReports();
    expect([...reports.keys()].sort()).toEqual(shippedEnvironments().map((e) => e.stackId).sort());
    for (const [id, report] of reports) expect([id, report]).toMatchObject([id, { findings: [], errors: [] }]);
  });
});

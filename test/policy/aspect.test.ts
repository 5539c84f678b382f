/**
 * The PolicyAspect around the rules: how findings are reported, suppressions, protection: false,
 * and that checking neither changes the synthesized stack nor reports twice.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { tmpdir } from 'os';
import { CbrVaultV3 } from '@cdktf/provider-opentelekomcloud/lib/cbr-vault-v3';
import { NetworkingSecgroupRuleV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-v2';
import { Construct } from 'constructs';
import { PolicyAspect } from '../../lib/policy/aspect';
import { suppressionLine } from '../../lib/policy/report';
import { POLICY_RULES } from '../../lib/policy/rules';
import { FILE, application, bucket, cluster, database, evaluate, nodePool, release } from './support';

const rule = (id: string) => POLICY_RULES.find((r) => r.id === id)!;
const RULE_IDS = POLICY_RULES.map((r) => r.id).join(', ');

/** A stack with one SSL finding on the database and nothing else wrong. */
const sslOff = (s: Construct) => void database(s, { sslEnable: false });

describe('findings', () => {
  it('are error annotations on the offending construct: rule id, problem, reason, fix', () => {
    const { lines, report } = evaluate(sslOff);
    const r = rule('EDP-RDS-3');
    expect(lines).toEqual([`test/Database: EDP-RDS-3 ssl_enable is false on PostgreSQL, expected it unset (TLS is always on) (${r.reason}). Fix: ${r.hint}`]);
    expect(report.findings.map((f) => f.path)).toEqual(['test/Database']);
  });

  it('pass a stack of compliant resources of every kind', () => {
    const { lines } = evaluate(
      (s) => {
        database(s);
        bucket(s);
        cluster(s);
        nodePool(s);
        release(s);
        application(s);
        new CbrVaultV3(s, 'Vault', { name: 'v', billing: { objectType: 'disk', protectType: 'backup', size: 100 }, lifecycle: { preventDestroy: true } });
        const group = new NetworkingSecgroupV2(s, 'Public', { name: 'elb' });
        new NetworkingSecgroupRuleV2(s, 'Https', { direction: 'ingress', ethertype: 'IPv4', protocol: 'tcp', portRangeMin: 443, portRangeMax: 443, remoteIpPrefix: '0.0.0.0/0', securityGroupId: group.id });
      },
      { tier: 'production', publicIngress: { securityGroupIds: ['${opentelekomcloud_networking_secgroup_v2.Public.id}'], ports: [80, 443] } },
    );
    expect(lines).toEqual([]);
  });

  it('are the same on every run, and reported once when the stack is checked again and synthesized', () => {
    const first = evaluate(sslOff);
    const again = evaluate(sslOff);
    expect(again.report).toEqual(first.report);
    Testing.synth(first.stack); // cdktf invokes the aspect again
    expect(first.stack.node.findChild('Database').node.metadata.filter((m) => m.type === '@cdktf/error')).toHaveLength(1);
  });

  it('do not change the synthesized stack', () => {
    const { stack } = evaluate(sslOff);
    const plain = new TerraformStack(new App({ outdir: tmpdir() }), 'test');
    sslOff(plain);
    expect(PolicyAspect.of(plain)).toBeUndefined();
    expect(Testing.synth(stack)).toBe(Testing.synth(plain));
    expect(Testing.synth(stack)).toContain('"ssl_enable": false');
  });
});

describe('suppressions', () => {
  const reason = 'the test database is rebuilt from a dump every night';

  it('hide the findings of their rule and are reported with the file and reason', () => {
    const { lines, report } = evaluate(sslOff, { suppressions: [{ rule: 'EDP-RDS-3', reason }] });
    expect(lines).toEqual([]);
    expect(report.suppressions).toEqual([{ stack: 'test', rule: 'EDP-RDS-3', reason, source: FILE, findings: 1 }]);
    expect(report.suppressions.map(suppressionLine)).toEqual([`test: EDP-RDS-3 suppressed (1 finding) by ${FILE}: ${reason}`]);
  });

  it('hide only their own rule', () => {
    const { lines } = evaluate((s) => void database(s, { sslEnable: false, publicIps: ['80.158.1.2'] }), { suppressions: [{ rule: 'EDP-RDS-3', reason }] });
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['EDP-RDS-1']);
  });

  it('fail if the rule does not exist', () => {
    const { lines } = evaluate(sslOff, { suppressions: [{ rule: 'EDP-RDS-9', reason }, { rule: 'EDP-RDS-3', reason }] });
    expect(lines).toEqual([`test: ${FILE}: suppressions[0].rule: "EDP-RDS-9" is not a policy rule; expected one of ${RULE_IDS}`]);
  });

  it('fail if they suppress nothing in the stack', () => {
    const { lines } = evaluate((s) => void database(s), { suppressions: [{ rule: 'EDP-RDS-3', reason }] });
    expect(lines).toEqual([`test: ${FILE}: suppressions[0].rule: EDP-RDS-3 suppresses nothing in test: no resource or manifest here breaks it, so remove the suppression`]);
  });

  it('fail if a rule is suppressed twice', () => {
    const { lines } = evaluate(sslOff, { suppressions: [{ rule: 'EDP-RDS-3', reason }, { rule: 'EDP-RDS-3', reason }] });
    expect(lines).toEqual([`test: ${FILE}: suppressions[1].rule: EDP-RDS-3 is suppressed twice in test (also suppressions[0])`]);
  });

  it('fail for EDP-STATE-1, which only protection: false turns off', () => {
    const { lines } = evaluate((s) => void database(s, { lifecycle: {} }), { suppressions: [{ rule: 'EDP-STATE-1', reason }] });
    expect(lines).toContain(`test: ${FILE}: suppressions[0].rule: EDP-STATE-1 cannot be suppressed; set protection: false instead (non-production only)`);
  });
});

describe('protection: false', () => {
  const unprotected = (s: Construct) => {
    database(s, { lifecycle: {} });
    bucket(s, { lifecycle: {} });
  };
  const printed = `test: EDP-STATE-1 suppressed (2 findings) by ${FILE} (protection: false): protection: false: the cluster, database, buckets, KMS key and backup vault of this environment can be destroyed`;

  it('fails without it when stateful resources lack prevent_destroy', () => {
    expect(evaluate(unprotected).lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['test/Database: EDP-STATE-1', 'test/Bucket: EDP-STATE-1']);
  });

  it('suppresses EDP-STATE-1 outside production, printed like any suppression', () => {
    const { lines, report } = evaluate(unprotected, { protection: false });
    expect(lines).toEqual([]);
    expect(report.suppressions.map(suppressionLine)).toEqual([printed]);
  });

  it('is printed even when nothing is unprotected yet, and is no error then', () => {
    const { lines, report } = evaluate(() => undefined, { protection: false });
    expect(lines).toEqual([]);
    expect(report.suppressions.map((s) => s.findings)).toEqual([0]);
  });

  it('is refused in production', () => {
    const { lines } = evaluate(unprotected, { protection: false, tier: 'production' });
    expect(lines).toContain(`test: ${FILE}: protection: false is refused in production`);
    expect(lines.filter((l) => l.includes('EDP-STATE-1 lifecycle'))).toHaveLength(2);
  });
});

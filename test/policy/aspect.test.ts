/**
 * The PolicyAspect around the rules: how findings are reported, suppressions, protection: false,
 * and that checking neither changes the synthesized stack nor reports twice.
 */
import { App, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { tmpdir } from 'os';
import { CbrVaultV3 } from '@cdktf/provider-opentelekomcloud/lib/cbr-vault-v3';
import { NetworkingSecgroupRuleV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-v2';
import { Construct } from 'constructs';
import { PolicyAspect } from '../../lib/policy/aspect';
import { suppressionLine, undecidedLine } from '../../lib/policy/report';
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

describe('suppressions of one construct (path)', () => {
  const reason = 'the test database is rebuilt from a dump every night';
  /** Two databases with SSL off: `Old` and `New`. */
  const twoOff = (s: Construct) => {
    for (const id of ['Old', 'New']) database(new Construct(s, id), { sslEnable: false });
  };

  it('hide the findings of their rule at that construct and below it only, printed with the path', () => {
    const { lines, report } = evaluate(twoOff, { suppressions: [{ rule: 'EDP-RDS-3', reason, path: 'Old' }] });
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['test/New/Database: EDP-RDS-3']);
    expect(report.suppressions).toEqual([{ stack: 'test', rule: 'EDP-RDS-3', path: 'Old', reason, source: FILE, findings: 1 }]);
    expect(report.suppressions.map(suppressionLine)).toEqual([`test: EDP-RDS-3 at Old suppressed (1 finding) by ${FILE}: ${reason}`]);
  });

  it('name the construct itself too, and the most specific suppression counts the finding', () => {
    const { lines, report } = evaluate(twoOff, {
      suppressions: [
        { rule: 'EDP-RDS-3', reason },
        { rule: 'EDP-RDS-3', reason, path: 'New/Database' },
      ],
    });
    expect(lines).toEqual([]);
    expect(report.suppressions.map((s) => [s.path, s.findings])).toEqual([[undefined, 1], ['New/Database', 1]]);
  });

  it('fail if the path names no construct of the stack', () => {
    const { lines } = evaluate(twoOff, { suppressions: [{ rule: 'EDP-RDS-3', reason, path: 'Old/Databse' }] });
    expect(lines).toContain(`test: ${FILE}: suppressions[0].path: "Old/Databse" is no construct of test; expected a construct path as a finding line prints it, without "test/" (it starts with one of Old, New)`);
  });

  it('fail if they suppress nothing at their construct (the rule is broken elsewhere)', () => {
    const { lines } = evaluate(
      (s) => {
        database(new Construct(s, 'Old'), { sslEnable: false });
        new Construct(s, 'Fine');
      },
      { suppressions: [{ rule: 'EDP-RDS-3', reason, path: 'Fine' }] },
    );
    expect(lines).toContain(`test: ${FILE}: suppressions[0].rule: EDP-RDS-3 suppresses nothing at Fine in test: no resource or manifest there breaks it, so remove the suppression`);
    expect(lines.filter((l) => l.startsWith('test/Old/Database: EDP-RDS-3'))).toHaveLength(1);
  });

  it('fail if one rule is suppressed twice at one path, and if the rule is unknown', () => {
    const { lines } = evaluate(twoOff, {
      suppressions: [
        { rule: 'EDP-RDS-3', reason, path: 'Old' },
        { rule: 'EDP-RDS-3', reason, path: 'Old' },
        { rule: 'EDP-RDS-9', reason, path: 'New' },
        { rule: 'EDP-RDS-3', reason, path: 'New' },
      ],
    });
    expect(lines).toEqual([
      `test: ${FILE}: suppressions[1].rule: EDP-RDS-3 is suppressed twice at Old in test (also suppressions[0])`,
      `test: ${FILE}: suppressions[2].rule: "EDP-RDS-9" is not a policy rule; expected one of ${RULE_IDS}`,
    ]);
  });
});

describe('undecided: a value the rule cannot see at synth', () => {
  const r = rule('EDP-OBS-3');
  const expressionVersioning = (s: Construct) => void bucket(s, { versioning: new TerraformVariable(s, 'versioning', { type: 'bool' }).booleanValue });

  it('is a warning on the construct, not a finding: synth goes on', () => {
    const { lines, report, stack } = evaluate(expressionVersioning);
    expect(lines).toEqual([]);
    expect(report.findings).toEqual([]);
    const message = `EDP-OBS-3 cannot decide: versioning is an expression ("\${var.versioning}"), known only at apply; expected true (${r.reason}). Check the value in the plan, or suppress EDP-OBS-3 at Bucket`;
    expect(report.undecided).toEqual([{ rule: 'EDP-OBS-3', path: 'test/Bucket', message }]);
    expect(report.undecided.map(undecidedLine)).toEqual([`test/Bucket: warning: ${message}`]);
    expect(stack.node.findChild('Bucket').node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => m.data)).toEqual([message]);
  });

  it('while a literal false is still a finding', () => {
    const { lines, report } = evaluate((s) => void bucket(s, { versioning: false }));
    expect(lines).toEqual([`test/Bucket: EDP-OBS-3 versioning is false, expected true (${r.reason}). Fix: ${r.hint}`]);
    expect(report.undecided).toEqual([]);
  });

  it('the rules that judge literals say undecided for expressions: EDP-RDS-2, EDP-CCE-1, EDP-ENC-1 (cluster)', () => {
    const { report } = evaluate((s) => {
      const days = new TerraformVariable(s, 'days', { type: 'number' }).numberValue;
      database(s, { backupStrategy: { startTime: '01:00-02:00', keepDays: days } });
      cluster(s, { eip: '80.158.1.2', apiAccessTrustlist: new TerraformVariable(s, 'trust', { type: 'list(string)' }).listValue, enableVolumeEncryption: new TerraformVariable(s, 'enc', { type: 'bool' }).booleanValue });
    });
    expect(report.findings).toEqual([]);
    expect(report.undecided.map((f) => `${f.path} ${f.rule}`)).toEqual(['test/Database EDP-RDS-2', 'test/Cluster EDP-CCE-1', 'test/Cluster EDP-ENC-1']);
  });

  it('is hidden and counted by a suppression of its rule', () => {
    const reason = 'versioning is switched per deployment by the operators';
    const { report } = evaluate(expressionVersioning, { suppressions: [{ rule: 'EDP-OBS-3', reason, path: 'Bucket' }] });
    expect(report.undecided).toEqual([]);
    expect(report.suppressions.map((s) => s.findings)).toEqual([1]);
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

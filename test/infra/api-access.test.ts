/**
 * Reachability by construction: every OTC cluster's public API admits its manager's runners (the
 * manager's NAT egress address, read from the manager's state) and the file's extra ranges, and
 * nothing else; the trust list is recorded for the plan guard and never replaces the cluster.
 */
import type { StateRef } from '../../lib/config/model';
import { TRUST_LIST_PURPOSE } from '../../lib/infra/api-access';
import { LOCAL_TENANT, NONPROD_TENANT, PROD_TENANT, load } from '../support/env-tree';
import type { EnvironmentConfig } from '../../lib/config/model';
import { TfJson, shippedEnvironments, shippedStacks, synthJson } from '../support/synth';

interface Expected {
  /** The manager's state, when the environment has a manager. */
  readonly manager?: StateRef;
  /** `cluster.publicApiCidrs` of the file. */
  readonly extra: readonly string[];
}

const only = <T>(blocks: Record<string, T> | undefined, what: string): [string, T] => {
  const entries = Object.entries(blocks ?? {});
  if (entries.length !== 1) throw new Error(`expected one ${what}, got ${entries.length}`);
  return entries[0];
};

/** What is wrong with a stack's API access, compared with its environment: [] when right. */
function trustListProblems(tf: TfJson, expected: Expected): string[] {
  const problems: string[] = [];
  const [, cluster] = only(tf.resource?.opentelekomcloud_cce_cluster_v3, 'cluster');
  const list = (cluster.api_access_trustlist ?? []) as string[];
  let managerCidr: string | undefined;
  if (expected.manager) {
    const states = Object.entries(tf.data?.terraform_remote_state ?? {}).filter(([, s]) => {
      const c = s.config as Record<string, unknown>;
      return c.bucket === expected.manager!.bucket && c.key === expected.manager!.key && c.region === expected.manager!.region;
    });
    // (prod-edp reads prod-observability's state twice: as its manager and as its central observability.)
    managerCidr = states.map(([id]) => `\${data.terraform_remote_state.${id}.outputs.egress_ip}/32`).find((c) => list.includes(c));
    if (!managerCidr) problems.push(`api_access_trustlist lacks the manager's egress address (output egress_ip of ${expected.manager.bucket}/${expected.manager.key}, read by ${states.length} remote states)`);
  }
  for (const cidr of list) if (cidr !== managerCidr && !expected.extra.includes(cidr)) problems.push(`api_access_trustlist admits ${cidr}, which neither the manager nor the file's cluster.publicApiCidrs names`);
  const publicApi = list.length > 0;
  if (publicApi !== (cluster.eip !== undefined)) problems.push(`eip is ${cluster.eip === undefined ? 'unset' : 'set'} with a trust list of ${list.length}`);
  if (publicApi) {
    const ignored = ((cluster.lifecycle as { ignore_changes?: string[] } | undefined)?.ignore_changes ?? []);
    if (!ignored.includes('api_access_trustlist')) problems.push('the cluster does not ignore api_access_trustlist: a change would replace it');
    const records = Object.values(tf.resource?.terraform_data ?? {}).filter((r) => (r.input as { purpose?: string } | undefined)?.purpose === TRUST_LIST_PURPOSE);
    if (records.length !== 1) problems.push(`expected one trust-list record for the plan guard, got ${records.length}`);
    else if (JSON.stringify((records[0].input as { cidrs: string[] }).cidrs) !== JSON.stringify(list)) problems.push('the trust-list record differs from the cluster\'s list');
  }
  return problems;
}

describe('every shipped OTC environment', () => {
  const envs = shippedEnvironments().filter((e) => e.kind === 'otc');
  /** The run's shared synth of the shipped environments (the same synthJson of each); each caller gets its own copy. */
  const synthOnce = (env: EnvironmentConfig): TfJson => JSON.parse(shippedStacks().get(env.stackId)!) as TfJson;

  it.each(envs.map((e) => [e.stackId, e] as const))('%s: its API trusts its manager\'s egress address and nothing wider than its file allows', (_id, env) => {
    if (env.kind !== 'otc') throw new Error('expected OTC');
    expect(env.manager).toBeDefined();
    expect(trustListProblems(synthOnce(env), { manager: env.manager!.state, extra: env.settings.cluster.publicApiCidrs })).toEqual([]);
  });

  it('reads the manager\'s address from its state, with a default that makes the plan stop before a cluster without it', () => {
    const tf = synthOnce(envs.find((e) => e.stackId === 'nonprod-test-me')!);
    const [id, state] = only(tf.data?.terraform_remote_state, 'remote state');
    expect(state).toMatchObject({ backend: 's3', config: { bucket: 'edp-prod-terraform-state', key: 'edp/terraform.tfstate', region: 'eu-de', endpoints: { s3: 'https://obs.eu-de.otc.t-systems.com' } }, defaults: { egress_ip: '' } });
    const [, record] = only(tf.resource?.terraform_data, 'terraform_data');
    expect(record.input).toEqual({ purpose: TRUST_LIST_PURPOSE, manager: 'prod-edp', managerCidr: `\${data.terraform_remote_state.${id}.outputs.egress_ip}/32`, cidrs: [`\${data.terraform_remote_state.${id}.outputs.egress_ip}/32`] });
    expect((record.lifecycle as { precondition: { condition: string; error_message: string }[] }).precondition).toEqual([
      { condition: `\${length(data.terraform_remote_state.${id}.outputs.egress_ip) > 0}`, error_message: expect.stringContaining('The manager prod-edp has no egress_ip in its state (edp-prod-terraform-state/edp/terraform.tfstate): deploy it first') },
    ]);
  });

  it('keeps a managing environment\'s egress address: prevent_destroy on the managers\' NAT EIP only', () => {
    const egress = (tf: TfJson) => Object.entries(tf.resource!.opentelekomcloud_vpc_eip_v1).find(([k]) => k.startsWith('Infra_Network_EgressIp'))![1].lifecycle;
    expect(Object.fromEntries(envs.map((e) => [e.stackId, egress(synthOnce(e))]))).toEqual({
      'nonprod-test-me': { ignore_changes: ['bandwidth'] },
      'prod-edp': { ignore_changes: ['bandwidth'], prevent_destroy: true },
      'prod-observability': { ignore_changes: ['bandwidth'], prevent_destroy: true },
    });
  });
});

describe('an environment deployed by hand (no manager)', () => {
  const tree = (env: string) => ({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': env, 'local/tenant.yaml': LOCAL_TENANT, 'local/kind.yaml': 'stacks: [core]\n' });

  it('has no public endpoint without cluster.publicApiCidrs (reach it from its VPC)', () => {
    const env = load(tree('stacks: [core, otc]\n')).find((e) => e.stackId === 'nonprod-x')!;
    const tf = synthJson(env);
    expect(tf.data?.terraform_remote_state).toBeUndefined();
    expect(trustListProblems(tf, { extra: [] })).toEqual([]);
    expect(only(tf.resource?.opentelekomcloud_cce_cluster_v3, 'cluster')[1].eip).toBeUndefined();
  });

  it('trusts exactly the file\'s ranges (the bootstrap path: a workstation or an external runner)', () => {
    const env = load(tree('stacks: [core, otc]\ncluster:\n  publicApiCidrs: [198.51.100.7/32]\n')).find((e) => e.stackId === 'nonprod-x')!;
    const tf = synthJson(env);
    expect(only(tf.resource?.opentelekomcloud_cce_cluster_v3, 'cluster')[1].api_access_trustlist).toEqual(['198.51.100.7/32']);
    expect(trustListProblems(tf, { extra: ['198.51.100.7/32'] })).toEqual([]);
  });
});

describe('the check above', () => {
  const env = load({
    'prod/tenant.yaml': PROD_TENANT,
    'prod/edp.yaml': 'stacks: [core, otc, forgejo]\nmanager: observability\n',
    'prod/observability.yaml': 'stacks: [core, otc, forgejo]\n',
    'nonprod/tenant.yaml': NONPROD_TENANT,
    'nonprod/x.yaml': 'stacks: [core, otc]\ncluster:\n  publicApiCidrs: [198.51.100.7/32]\n',
  }).find((e) => e.stackId === 'nonprod-x')!;
  const expected: Expected = { manager: env.manager!.state, extra: ['198.51.100.7/32'] };
  /** The environment synthesized once; each case plants in its own copy. */
  let json: string | undefined;
  const synthesized = (): TfJson => JSON.parse((json ??= JSON.stringify(synthJson(env)))) as TfJson;
  const planted = (edit: (cluster: Record<string, unknown>) => void) => {
    const tf = synthesized();
    edit(only(tf.resource!.opentelekomcloud_cce_cluster_v3, 'cluster')[1]);
    return trustListProblems(tf, expected);
  };

  it('passes the real stack', () => expect(trustListProblems(synthesized(), expected)).toEqual([]));

  it('fails if a range wider than the file allows is trusted', () => {
    expect(planted((c) => (c.api_access_trustlist as string[]).push('0.0.0.0/0'))).toContain('api_access_trustlist admits 0.0.0.0/0, which neither the manager nor the file\'s cluster.publicApiCidrs names');
  });

  it('fails if the manager\'s address is missing', () => {
    expect(planted((c) => (c.api_access_trustlist = ['198.51.100.7/32']))[0]).toMatch(/^api_access_trustlist lacks the manager's egress address/);
  });

  it('fails if a trust-list change would replace the cluster', () => {
    expect(planted((c) => (c.lifecycle = { prevent_destroy: true }))).toEqual(['the cluster does not ignore api_access_trustlist: a change would replace it']);
  });
});

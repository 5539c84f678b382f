/** Who deploys whom (`manager:`): the seed's defaults, the resolved relation and every refusal. */
import { resolve } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { bootstrapOrder } from '../../lib/config/management';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { LOCAL_TENANT, NONPROD_TENANT, PROD_TENANT, load, problems } from '../support/env-tree';

const RUNNERS = 'stacks: [core, otc, forgejo]\n';

/** The seed's pair plus one non-production environment; `extra` adds or replaces files. */
function tree(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'prod/tenant.yaml': PROD_TENANT,
    'prod/edp.yaml': `${RUNNERS}manager: observability\n`,
    'prod/observability.yaml': `${RUNNERS}manager: prod/edp\n`,
    'nonprod/tenant.yaml': NONPROD_TENANT,
    'nonprod/x.yaml': 'stacks: [core, otc]\n',
    ...extra,
  };
}

const managers = (files: Record<string, string>) => Object.fromEntries(load(files).map((e) => [e.stackId, e.manager?.stackId ?? null]));

describe('the shipped environments', () => {
  const envs = loadEnvironments({ root: resolve(__dirname, '../..'), stacks: STACK_RULES });
  const byId = Object.fromEntries(envs.map((e) => [e.stackId, e]));

  it('follow the seed: prod/observability deploys prod/edp, prod/edp deploys everything else on OTC, the local tier is deployed by hand', () => {
    expect(Object.fromEntries(envs.map((e) => [e.stackId, e.manager?.stackId ?? null]))).toEqual({
      'local-kind': null,
      'nonprod-test-me': 'prod-edp',
      'prod-edp': 'prod-observability',
      'prod-observability': 'prod-edp',
    });
    expect(byId['prod-edp'].managedEnvironments).toEqual(['nonprod-test-me', 'prod-observability']);
    expect(byId['prod-observability'].managedEnvironments).toEqual(['prod-edp']);
    expect(byId['nonprod-test-me'].managedEnvironments).toBeUndefined();
  });

  it('name the manager\'s runner label and where its state is (its egress address comes from there)', () => {
    expect(byId['nonprod-test-me'].manager).toEqual({
      stackId: 'prod-edp',
      ref: 'prod/edp',
      runnerLabel: 'deploy-prod-edp',
      state: { bucket: 'edp-prod-terraform-state', key: 'edp/terraform.tfstate', region: 'eu-de' },
    });
  });

  it('have a first-deploy order: the pair by hand (observability first: edp reports to it), then what edp deploys, the local tier from the workstation', () => {
    expect(bootstrapOrder(envs)).toEqual([
      { stackId: 'prod-observability', how: 'bootstrap', manager: 'prod-edp' },
      { stackId: 'prod-edp', how: 'bootstrap', manager: 'prod-observability' },
      { stackId: 'nonprod-test-me', how: 'managed', manager: 'prod-edp' },
      { stackId: 'local-kind', how: 'workstation' },
    ]);
  });
});

describe('the first-deploy order', () => {
  it('deploys by hand only what no running manager can deploy', () => {
    // No central observability, the repository on edp: edp first by hand, then its runners deploy observability.
    expect(bootstrapOrder(load(tree()))).toEqual([
      { stackId: 'prod-edp', how: 'bootstrap', manager: 'prod-observability' },
      { stackId: 'nonprod-x', how: 'managed', manager: 'prod-edp' },
      { stackId: 'prod-observability', how: 'managed', manager: 'prod-edp' },
    ]);
  });

  it('deploys an environment without a manager by hand', () => {
    expect(bootstrapOrder(load({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' }))).toEqual([{ stackId: 'nonprod-x', how: 'bootstrap' }]);
  });
});

describe('manager:', () => {
  it('defaults to prod/edp, for both tenants', () => {
    expect(managers(tree())).toEqual({ 'nonprod-x': 'prod-edp', 'prod-edp': 'prod-observability', 'prod-observability': 'prod-edp' });
  });

  it('defaults to none where there is no prod/edp: the environment is deployed by hand', () => {
    expect(managers({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' })).toEqual({ 'nonprod-x': null });
  });

  it('may name another environment of the same tenant or of another one', () => {
    const files = tree({ 'nonprod/runner.yaml': `${RUNNERS}`, 'nonprod/x.yaml': 'stacks: [core, otc]\nmanager: runner\n' });
    expect(managers(files)).toMatchObject({ 'nonprod-x': 'nonprod-runner', 'nonprod-runner': 'prod-edp' });
  });

  it('fails if it names no environment', () => {
    expect(problems(tree({ 'nonprod/x.yaml': 'stacks: [core, otc]\nmanager: prod/nowhere\n' }))).toEqual([
      'environments/nonprod/x.yaml: manager: expected an existing environment, got "prod/nowhere" (no prod-nowhere)',
    ]);
  });

  it('fails if it names the environment itself', () => {
    expect(problems(tree({ 'nonprod/x.yaml': `${RUNNERS}manager: x\n` }))).toEqual([
      'environments/nonprod/x.yaml: manager: expected another environment (an environment cannot deploy itself: its runners and registry would go down during its own upgrade, seed 3.2), got "x" (this one)',
    ]);
  });

  it('leaves prod/edp without manager: unmanaged (the default would be itself), and fails if it names itself', () => {
    // Without manager:, prod/edp has none, and prod/observability alone is not a pair: no cycle.
    expect(managers(tree({ 'prod/edp.yaml': RUNNERS }))).toMatchObject({ 'prod-edp': null });
    expect(problems(tree({ 'prod/edp.yaml': `${RUNNERS}manager: edp\n` }))[0]).toMatch(/^environments\/prod\/edp.yaml: manager: expected another environment/);
  });

  it('fails if the manager runs no deployment runners (no forgejo stack)', () => {
    expect(problems(tree({ 'nonprod/small.yaml': 'stacks: [core, otc]\n', 'nonprod/x.yaml': 'stacks: [core, otc]\nmanager: small\n' }))).toEqual([
      'environments/nonprod/x.yaml: manager: expected an environment that runs deployments (with the forgejo stack, whose runners deploy), got "small" (its stacks: core, otc)',
    ]);
  });

  it('fails if the manager is on the local tier', () => {
    const files = tree({ 'local/tenant.yaml': LOCAL_TENANT, 'local/kind.yaml': 'stacks: [core]\n', 'nonprod/x.yaml': 'stacks: [core, otc]\nmanager: local/kind\n' });
    expect(problems(files)).toEqual(['environments/nonprod/x.yaml: manager: expected an OTC environment (a local environment has no runners the cluster could trust), got "local/kind" (tier local)']);
  });

  it('is not allowed on the local tier (deployed from the workstation that holds the kubeconfig)', () => {
    const files = tree({ 'local/tenant.yaml': LOCAL_TENANT, 'local/kind.yaml': 'stacks: [core]\nmanager: prod/edp\n' });
    expect(problems(files)).toEqual([expect.stringMatching(/^environments\/local\/kind.yaml: manager: /)]);
  });

  it('fails if the relation has a cycle longer than the seed\'s pair, naming every file in it', () => {
    const files = tree({
      'nonprod/a.yaml': `${RUNNERS}manager: b\n`,
      'nonprod/b.yaml': `${RUNNERS}manager: c\n`,
      'nonprod/c.yaml': `${RUNNERS}manager: a\n`,
    });
    const cycle = 'nonprod/a -> nonprod/b -> nonprod/c -> nonprod/a';
    expect(problems(files)).toEqual([
      `environments/nonprod/a.yaml: manager: expected a manager outside a cycle (only one pair may manage each other, the seed's edp/observability), got "b", which closes the cycle ${cycle}`,
      `environments/nonprod/b.yaml: manager: expected a manager outside a cycle (only one pair may manage each other, the seed's edp/observability), got "c", which closes the cycle ${cycle}`,
      `environments/nonprod/c.yaml: manager: expected a manager outside a cycle (only one pair may manage each other, the seed's edp/observability), got "a", which closes the cycle ${cycle}`,
    ]);
  });

  it('fails if a second pair manages each other', () => {
    const files = tree({ 'nonprod/a.yaml': `${RUNNERS}manager: b\n`, 'nonprod/b.yaml': `${RUNNERS}manager: a\n` });
    const why = "expected a manager outside a cycle (the one pair that manages each other is prod/edp <-> prod/observability)";
    expect(problems(files)).toEqual([
      `environments/nonprod/a.yaml: manager: ${why}, got "b", which makes a second pair nonprod/a <-> nonprod/b`,
      `environments/nonprod/b.yaml: manager: ${why}, got "a", which makes a second pair nonprod/a <-> nonprod/b`,
    ]);
  });

  it('fails if it is no environment reference', () => {
    expect(problems(tree({ 'nonprod/x.yaml': 'stacks: [core, otc]\nmanager: Prod/EDP\n' }))).toEqual([
      'environments/nonprod/x.yaml: manager: expected an environment reference such as "observability" or "prod/observability", got "Prod/EDP"',
    ]);
  });
});

/** docs/management.md and the README's management graph: generated from the environment files. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { README_BEGIN, README_END, bootstrapTable, managementGraph, renderManagement, withReadmeGraph } from '../../lib/ops/docs/management';
import { NONPROD_TENANT, PROD_TENANT, load } from '../support/env-tree';
import { ROOT, shippedEnvironments } from '../support/synth';

const envs = shippedEnvironments();

describe('the management graph of the shipped environments', () => {
  it('is fresh in docs/management.md and in the README (npm run docs)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'management.md'), 'utf8')).toBe(renderManagement(envs));
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(withReadmeGraph(readme, envs)).toBe(readme);
  });

  it('draws an arrow from each manager to what it deploys, labelled with the runner label', () => {
    const graph = managementGraph(envs);
    expect(graph).toContain('  env_prod_observability -- "deploy-prod-observability" --> env_prod_edp\n');
    expect(graph).toContain('  env_prod_edp -- "deploy-prod-edp" --> env_prod_observability\n');
    expect(graph).toContain('  env_prod_edp -- "deploy-prod-edp" --> env_nonprod_test_me\n');
    expect(graph).toContain('  workstation -. "first deploy" .-> env_prod_observability\n');
    expect(graph).toContain('  workstation -. "first deploy" .-> env_prod_edp\n');
    expect(graph).toContain('  workstation -.-> env_local_kind\n');
  });

  it('lists the first deployment in an order where every manager comes before what it deploys', () => {
    expect(bootstrapTable(envs).split('\n').slice(2).map((row) => row.split(' | ')[1])).toEqual(['`prod/observability`', '`prod/edp`', '`nonprod/test-me`', '`local/kind`']);
  });

  it('fails the freshness check when a manager changes (planted: test-me moved to prod/observability)', () => {
    const moved = load({
      'prod/tenant.yaml': PROD_TENANT,
      'prod/edp.yaml': 'stacks: [core, otc, forgejo]\nmanager: observability\n',
      'prod/observability.yaml': 'stacks: [core, otc, forgejo]\n',
      'nonprod/tenant.yaml': NONPROD_TENANT,
      'nonprod/test-me.yaml': 'stacks: [core, otc]\nmanager: prod/observability\n',
    });
    expect(managementGraph(moved)).toContain('env_prod_observability -- "deploy-prod-observability" --> env_nonprod_test_me');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    expect(withReadmeGraph(readme, moved)).not.toBe(readme);
  });

  it('needs both README markers', () => {
    expect(withReadmeGraph(`# x\n${README_BEGIN}\nold\n`, envs)).toBeUndefined();
    expect(withReadmeGraph(`${README_BEGIN}\nold\n${README_END}\n`, envs)).toBe(`${README_BEGIN}\n${managementGraph(envs)}\n${README_END}\n`);
  });
});

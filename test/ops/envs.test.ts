/** `npm run envs`: the inventory of every environment, from the config alone. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { inventory, inventoryCells } from '../../lib/ops/inventory';
import { textTable } from '../../lib/ops/table';
import { shippedEnvironments } from '../support/synth';
import { NO_STACK_TRACE, cleanUp, cli, inProcess, copyOfEnvironments } from './helpers';

afterAll(cleanUp);

describe('inventory', () => {
  const entries = new Map(inventory(shippedEnvironments()).map((e) => [e.stackId, e]));

  it('has one entry per environment', () => {
    expect([...entries.keys()]).toEqual(shippedEnvironments().map((e) => e.stackId));
  });

  it('shows size, database, protection and observability of an OTC environment', () => {
    expect(entries.get('prod-edp')).toEqual({
      stackId: 'prod-edp',
      tenant: 'prod',
      name: 'edp',
      tier: 'production',
      domain: 'edp.buildth.ing',
      stacks: ['core', 'otc', 'forgejo', 'coder', 'terralist', 'observability-client'],
      cluster: {
        version: 'v1.31',
        highAvailability: true,
        flavor: 'cce.s2.medium',
        nodePools: [{ name: 'default', flavor: 's3.2xlarge.4', count: 3, min: 3, max: 6, availabilityZone: 'eu-de-01' }],
      },
      database: { version: '16', highAvailability: true, flavor: 'rds.pg.n1.large.2.ha', volumeGb: 200 },
      protection: true,
      observability: { role: 'client', central: 'prod-observability' },
      deployedBy: { manager: 'prod-observability', runnerLabel: 'deploy-prod-observability', manages: ['nonprod-test-me', 'prod-observability'] },
    });
    expect(entries.get('prod-observability')?.observability).toEqual({ role: 'central' });
    expect(inventoryCells(entries.get('nonprod-test-me')!)).toEqual([
      'nonprod-test-me',
      'test-me.t09.de',
      'core,otc,forgejo',
      'cce.s1.medium v1.31',
      'default 2x s3.xlarge.4 (2-4) eu-de-01',
      'pg16 100GB',
      'on',
      '-',
      'prod-edp (runs-on deploy-prod-edp)',
    ]);
  });

  it('shows who deploys an environment (manager:), and what a manager deploys', () => {
    expect(entries.get('prod-edp')?.deployedBy.manager).toBe('prod-observability');
    expect(entries.get('prod-observability')?.deployedBy).toEqual({ manager: 'prod-edp', runnerLabel: 'deploy-prod-edp', manages: ['prod-edp'] });
    expect(entries.get('local-kind')?.deployedBy).toEqual({ manages: [] });
  });

  it('shows the local tier without cloud resources', () => {
    expect(inventoryCells(entries.get('local-kind')!)).toEqual(['local-kind', 'kind.localtest.me', 'core', 'existing (kubeconfig)', '-', '-', '-', '-', 'workstation (kubeconfig)']);
  });

  it('aligns the table columns', () => {
    expect(textTable(['A', 'LONG'], [['xyz', '1'], ['x', '22']])).toBe('A    LONG\n---  ----\nxyz  1\nx    22\n');
  });
});

describe('npm run envs (the command)', () => {
  it('prints a table with a row per environment', () => {
    const r = cli('envs', []);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STACK +DOMAIN +STACKS +CLUSTER +NODE POOLS +DATABASE +PROTECTION +OBSERVABILITY +DEPLOYED BY$/);
    expect(lines.slice(2).map((l) => l.split(' ')[0])).toEqual(shippedEnvironments().map((e) => e.stackId));
    expect(lines.find((l) => l.startsWith('prod-edp '))).toMatch(/ cce\.s2\.medium HA v1\.31 +default 3x s3\.2xlarge\.4 \(3-6\) eu-de-01 +pg16 HA 200GB  +on +-> prod-observability +prod-observability \(runs-on deploy-prod-observability\)$/);
  });

  it('prints JSON with --json', () => {
    const r = inProcess('envs', ['--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).map((e: { stackId: string }) => e.stackId)).toEqual(shippedEnvironments().map((e) => e.stackId));
  });

  it('fails if an environment is broken: exit 1, the problems, no stack trace', () => {
    const dir = copyOfEnvironments();
    writeFileSync(join(dir, 'nonprod', 'bad.yaml'), 'cluster: { size: huge }\n');
    const r = inProcess('envs', [], { env: { EDP_ENVIRONMENTS_DIR: dir } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^envs: 1 problem in environments\/:\n.*environments\/nonprod\/bad\.yaml: cluster\.size: expected one of "small", "medium", "large", "xlarge", got "huge"\n$/);
    expect(r.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it('fails if given arguments it does not take: exit 2', () => {
    expect(inProcess('envs', ['prod']).status).toBe(2);
    const r = inProcess('envs', ['--wide']);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('envs: unknown option "--wide"');
  });
});

describe('npm run envs in process', () => {
  it('gives the same answer twice in a row, and the same as the program (no state left between runs)', () => {
    const dir = copyOfEnvironments();
    writeFileSync(join(dir, 'nonprod', 'bad.yaml'), 'cluster: { size: huge }\n');
    const runs = [inProcess('envs', []), inProcess('envs', [], { env: { EDP_ENVIRONMENTS_DIR: dir } }), inProcess('envs', []), inProcess('envs', [], { env: { EDP_ENVIRONMENTS_DIR: dir } })];
    expect(runs.slice(2)).toEqual(runs.slice(0, 2));
    expect(runs[0]).toEqual(cli('envs', []));
  });
});

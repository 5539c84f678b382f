import { resolve } from 'path';
import { loadEnvironments } from '../../lib/config/load';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { TARGET_REVISION_GONE } from '../../lib/config/schema/tenant';
import { LOCAL_TENANT, NONPROD_TENANT, PROD_TENANT, load, nonprod, problems } from '../support/env-tree';

const F = 'environments/nonprod/x.yaml';

describe('shipped environments', () => {
  const envs = loadEnvironments({ root: resolve(__dirname, '../..'), stacks: STACK_RULES });

  it('include the four the brief asks for, one stack id each (the deploy workflow may add more)', () => {
    expect(envs.map((e) => e.stackId)).toEqual(expect.arrayContaining(['local-kind', 'nonprod-test-me', 'prod-edp', 'prod-observability']));
    expect(new Set(envs.map((e) => e.stackId)).size).toBe(envs.length);
  });

  it('derive the domain from the tenant', () => {
    expect(Object.fromEntries(envs.map((e) => [e.stackId, e.domain]))).toEqual({
      'local-kind': 'kind.localtest.me',
      'nonprod-test-me': 'test-me.t09.de',
      'prod-edp': 'edp.buildth.ing',
      'prod-observability': 'observability.buildth.ing',
    });
  });

  it('apply tier defaults: production is highly available with 7 days of database backups', () => {
    const prod = envs.find((e) => e.stackId === 'prod-edp');
    const nonprodEnv = envs.find((e) => e.stackId === 'nonprod-test-me');
    if (prod?.kind !== 'otc' || nonprodEnv?.kind !== 'otc') throw new Error('expected OTC environments');
    expect(prod.settings.cluster.highAvailability).toBe(true);
    expect(prod.settings.database.highAvailability).toBe(true);
    expect(prod.settings.database.backupRetentionDays).toBe(7);
    expect(prod.settings.availabilityZones).toEqual(['eu-de-01', 'eu-de-02', 'eu-de-03']);
    expect(nonprodEnv.settings.cluster.highAvailability).toBe(false);
    expect(nonprodEnv.settings.database.backupRetentionDays).toBe(3);
  });
});

describe('valid input', () => {
  it('loads a minimal environment with every default filled in', () => {
    const [env] = load(nonprod('stacks: [core, otc]\n'));
    expect(env.kind).toBe('otc');
    if (env.kind !== 'otc') return;
    expect(env.stackId).toBe('nonprod-x');
    expect(env.settings.cluster.nodePools).toEqual([
      { name: 'default', flavor: 's3.2xlarge.4', count: 2, autoscaling: { min: 2, max: 4 }, rootVolumeGb: 50, dataVolumeGb: 100 },
    ]);
    expect(env.settings.network).toEqual({ vpcCidr: '10.10.0.0/16', subnetCidr: '10.10.0.0/20', egressBandwidthMbit: 100 });
  });

  it('uses an explicit domain instead of the derived one', () => {
    const [env] = load(nonprod('domain: other.t09.de\nstacks: [core]\n'));
    expect(env.domain).toBe('other.t09.de');
  });

  it('ignores README files and dot files in environments/', () => {
    expect(problems({ ...nonprod('stacks: [core]\n'), 'README.md': '# notes', 'nonprod/.keep': '' })).toEqual([]);
  });
});

describe('bad input', () => {
  it('fails if a field has the wrong type', () => {
    const env = 'cluster:\n  nodePools:\n    - name: default\n      count: three\n';
    expect(problems(nonprod(env))).toEqual([`${F}: cluster.nodePools[0].count: expected a whole number from 1 to 100, got "three"`]);
  });

  it('fails if a number is out of range', () => {
    expect(problems(nonprod('database:\n  volumeGb: 10\n'))).toEqual([`${F}: database.volumeGb: expected a whole number from 40 to 4000, got 10`]);
  });

  it('fails if a key is unknown, naming its path', () => {
    expect(problems(nonprod('cluster:\n  nodepools: []\n'))).toEqual([`${F}: cluster.nodepools: unknown key (check the spelling; see the README for the fields)`]);
  });

  it('fails if a tenant file still sets the retired gitops.targetRevision, saying why', () => {
    const tenant = NONPROD_TENANT.replace('stacks-instances }', 'stacks-instances, targetRevision: HEAD }');
    expect(tenant).not.toBe(NONPROD_TENANT);
    expect(problems({ 'nonprod/tenant.yaml': tenant, 'nonprod/x.yaml': 'stacks: [core]\n' })).toEqual([
      `environments/nonprod/tenant.yaml: gitops.targetRevision: expected ${TARGET_REVISION_GONE}, got "HEAD"`,
    ]);
  });

  it('fails if a required tenant field is missing', () => {
    const tenant = NONPROD_TENANT.replace('acmeEmail: admin@think-ahead.tech\n', '');
    expect(problems({ 'nonprod/tenant.yaml': tenant, 'nonprod/x.yaml': 'stacks: [core]\n' })).toEqual([
      'environments/nonprod/tenant.yaml: acmeEmail: expected an e-mail address, got nothing',
    ]);
  });

  it('fails if the tenant tier is unknown', () => {
    const tenant = NONPROD_TENANT.replace('tier: non-production', 'tier: staging');
    expect(problems({ 'nonprod/tenant.yaml': tenant })).toEqual([
      'environments/nonprod/tenant.yaml: tier: expected one of "production", "non-production", "local", got "staging"',
    ]);
  });

  it('fails if the environment name is not DNS compatible', () => {
    expect(problems({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/Test_Me.yaml': 'stacks: [core]\n' })).toEqual([
      'environments/nonprod/Test_Me.yaml: expected a file name that is a DNS label (lower-case letters, digits, "-", at most 63), got "Test_Me"',
    ]);
  });

  it('fails if the tenant folder name is not DNS compatible', () => {
    expect(problems({ 'Non_Prod/tenant.yaml': NONPROD_TENANT })).toEqual([
      'environments/Non_Prod: expected a tenant folder name that is a DNS label (lower-case letters, digits, "-"), got "Non_Prod"',
    ]);
  });

  it('fails if a file is outside a tenant folder', () => {
    expect(problems({ ...nonprod('stacks: [core]\n'), 'stray.yaml': 'stacks: [core]\n' })).toEqual([
      'environments/stray.yaml: expected environment files inside a tenant folder (environments/<tenant>/<env>.yaml), got a file outside one',
    ]);
  });

  it('fails if a tenant folder has no tenant.yaml', () => {
    expect(problems({ 'nonprod/x.yaml': 'stacks: [core]\n' })).toEqual(['environments/nonprod: expected tenant.yaml in every tenant folder, got none']);
  });

  it('fails if an environment file has another extension', () => {
    expect(problems({ ...nonprod('stacks: [core]\n'), 'nonprod/y.yml': 'stacks: [core]\n' })).toEqual([
      'environments/nonprod/y.yml: expected an environment file named <env>.yaml, got "y.yml"',
    ]);
  });

  it('fails if two environments map to the same domain', () => {
    const files = { ...nonprod('stacks: [core]\n'), 'nonprod/y.yaml': 'domain: x.t09.de\nstacks: [core]\n' };
    expect(problems(files)).toEqual(['environments/nonprod/y.yaml: domain: expected a domain of its own, got "x.t09.de", which environments/nonprod/x.yaml uses too']);
  });

  it('fails if the file is empty', () => {
    expect(problems(nonprod(''))).toEqual([`${F}: the file is empty: expected a mapping of settings`]);
  });

  it('fails if the file is a list instead of a mapping', () => {
    expect(problems(nonprod('- core\n'))).toEqual([`${F}: expected a mapping of settings, got a list`]);
  });

  it('fails with line and column on a YAML syntax error', () => {
    const found = problems(nonprod('stacks: [core\ncluster: {\n'));
    expect(found[0]).toBe(`${F}: line 2, column 1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`);
    for (const line of found) expect(line).toMatch(/^environments\/nonprod\/x\.yaml: line \d+, column \d+: YAML syntax error: /);
  });

  it('fails on a duplicate key, with its line', () => {
    expect(problems(nonprod('stacks: [core]\nstacks: [otc]\n'))[0]).toMatch(/^environments\/nonprod\/x\.yaml: line 2, column 1: YAML syntax error: Map keys must be unique/);
  });

  it('fails if a value carries a YAML 1.1 type tag (!!set, !!omap, !!pairs, !!timestamp, !!binary), with its line', () => {
    // yaml resolves these even in the core schema, to a Set, Map, Date or bytes no field takes.
    expect(problems(nonprod('!!set {}\n'))).toEqual([`${F}: line 1, column 1: YAML error: the tag !!set is not supported here: settings are mappings, lists, text, numbers and booleans; remove the tag`]);
    expect(problems(nonprod('stacks: [core]\ncluster:\n  version: !!timestamp 2001-12-14\n  x: !!omap [{a: 1}]\n'))).toEqual([
      `${F}: line 3, column 12: YAML error: the tag !!timestamp is not supported here: settings are mappings, lists, text, numbers and booleans; remove the tag`,
      `${F}: line 4, column 6: YAML error: the tag !!omap is not supported here: settings are mappings, lists, text, numbers and booleans; remove the tag`,
    ]);
    for (const tag of ['!!pairs [{a: 1}]', '!!binary aGVsbG8=', '!<tag:yaml.org,2002:set> {a}']) expect(problems(nonprod(`stacks: ${tag}\n`))[0]).toMatch(/^environments\/nonprod\/x\.yaml: line 1, column \d+: YAML error: the tag !!\w+ is not supported here/);
  });

  it('reports every problem of every file at once', () => {
    const files = { ...nonprod('database:\n  volumeGb: 1\n  flavor: 7\n'), 'nonprod/y.yaml': 'foo: 1\n' };
    expect(problems(files)).toHaveLength(3);
  });

  it('fails if a stack is unknown', () => {
    expect(problems(nonprod('stacks: [core, gitlab]\n'))[0]).toBe(`${F}: stacks[1]: expected one of core, otc, forgejo, observability, observability-client, coder, terralist, got "gitlab"`);
  });

  it('fails if a stack misses a stack it needs', () => {
    expect(problems(nonprod('stacks: [core, coder]\n'))).toEqual([`${F}: stacks[1]: coder needs otc: add "otc" to stacks`]);
  });

  it('fails if a stack is listed twice', () => {
    expect(problems(nonprod('stacks: [core, core]\n'))).toEqual([`${F}: stacks[1]: expected each stack once, got "core" again`]);
  });

  it('fails if the local tier selects a stack that needs OTC', () => {
    const files = { 'local/tenant.yaml': LOCAL_TENANT, 'local/kind.yaml': 'stacks: [core, otc]\n' };
    expect(problems(files)).toEqual([
      'environments/local/kind.yaml: stacks[1]: otc needs OTC resources (load balancer, database, object storage) and cannot run on the local tier',
    ]);
  });

  it('fails if a local environment carries cloud settings', () => {
    const files = { 'local/tenant.yaml': LOCAL_TENANT, 'local/kind.yaml': 'stacks: [core]\ncluster: {}\n' };
    expect(problems(files)).toEqual(['environments/local/kind.yaml: cluster: unknown key (check the spelling; see the README for the fields)']);
  });

  it('fails if the subnet lies outside the VPC', () => {
    expect(problems(nonprod('network:\n  vpcCidr: 10.0.0.0/16\n  subnetCidr: 10.1.0.0/24\n'))).toEqual([
      `${F}: network.subnetCidr: expected a range inside network.vpcCidr 10.0.0.0/16, got "10.1.0.0/24"`,
    ]);
  });

  it('fails if the pod network overlaps the VPC', () => {
    expect(problems(nonprod('network:\n  vpcCidr: 172.16.0.0/12\n  subnetCidr: 172.16.0.0/20\n'))).toEqual([
      `${F}: cluster.containerCidr: expected a range that does not overlap network.vpcCidr 172.16.0.0/12, got "172.16.0.0/16"`,
    ]);
  });

  it('fails if a CIDR has host bits set', () => {
    expect(problems(nonprod('network:\n  vpcCidr: 10.0.0.1/16\n'))).toEqual([`${F}: network.vpcCidr: expected a network address (host bits zero), e.g. "10.0.0.0/16", got "10.0.0.1/16"`]);
  });

  it('fails if an availability zone is outside the region', () => {
    expect(problems(nonprod('availabilityZones: [eu-de-01, eu-nl-01]\n'))).toEqual([
      `${F}: availabilityZones[1]: expected an availability zone of region eu-de (eu-de-01, ...), got "eu-nl-01"`,
    ]);
  });

  it('fails if a node pool uses a zone the environment does not', () => {
    const env = 'availabilityZones: [eu-de-01]\ncluster:\n  nodePools:\n    - name: default\n      availabilityZone: eu-de-02\n      count: 2\n      autoscaling: { min: 2, max: 4 }\n';
    expect(problems(nonprod(env))).toEqual([`${F}: cluster.nodePools[0].availabilityZone: expected one of the environment's availabilityZones (eu-de-01), got "eu-de-02"`]);
  });

  it('fails if a highly available cluster has fewer than three zones', () => {
    const files = { 'prod/tenant.yaml': PROD_TENANT, 'prod/x.yaml': 'availabilityZones: [eu-de-01, eu-de-02]\n' };
    expect(problems(files)).toEqual(['environments/prod/x.yaml: availabilityZones: expected three availability zones for cluster.highAvailability (one master each), got 2']);
  });

  it('fails if the node count is outside the autoscaling bounds', () => {
    const env = 'cluster:\n  nodePools:\n    - name: default\n      count: 9\n      autoscaling: { min: 2, max: 4 }\n';
    expect(problems(nonprod(env))).toEqual([`${F}: cluster.nodePools[0].count: expected a count within autoscaling 2..4, got 9`]);
  });

  it('fails if the database flavour carries the HA suffix', () => {
    expect(problems(nonprod('database:\n  flavor: rds.pg.n1.large.2.ha\n'))).toEqual([
      `${F}: database.flavor: expected a flavour without ".ha" (set highAvailability instead), got "rds.pg.n1.large.2.ha"`,
    ]);
  });

  it('fails if observability-client names no central environment', () => {
    expect(problems(nonprod('stacks: [core, otc, observability-client]\n'))).toEqual([
      `${F}: observability.central: expected the central observability environment for observability-client (e.g. "observability"), got nothing`,
    ]);
  });

  it('fails if the central observability environment does not exist', () => {
    expect(problems(nonprod('stacks: [core, otc, observability-client]\nobservability: { central: prod/nowhere }\n'))).toEqual([
      `${F}: observability.central: expected an existing environment, got "prod/nowhere" (no prod-nowhere)`,
    ]);
  });

  it('fails if the central observability environment has no observability stack', () => {
    const files = { ...nonprod('stacks: [core, otc, observability-client]\nobservability: { central: y }\n'), 'nonprod/y.yaml': 'stacks: [core]\n' };
    expect(problems(files)).toEqual([`${F}: observability.central: expected an environment with the observability stack, got "y" (its stacks: core)`]);
  });

  it('fails if a production environment turns protection off', () => {
    expect(problems({ 'prod/tenant.yaml': PROD_TENANT, 'prod/x.yaml': 'protection: false\n' })).toEqual([
      'environments/prod/x.yaml: protection: expected true in a production tenant (protection: false is for non-production only), got false',
    ]);
  });

  it('allows protection: false outside production', () => {
    expect(problems(nonprod('protection: false\n'))).toEqual([]);
  });

  it('fails if a suppression has no real reason', () => {
    expect(problems(nonprod('suppressions:\n  - rule: EDP-RDS-1\n    reason: because\n'))).toEqual([
      `${F}: suppressions[0].reason: expected a reason of at least 20 characters and three words, got "because"`,
    ]);
  });

  it('fails if a suppression names no rule id', () => {
    expect(problems(nonprod('suppressions:\n  - rule: rds\n    reason: the database is a throw-away test copy\n'))).toEqual([
      `${F}: suppressions[0].rule: expected a policy rule id such as "EDP-RDS-1", got "rds"`,
    ]);
  });
});

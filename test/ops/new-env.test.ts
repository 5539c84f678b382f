/** `npm run new-env`: scaffolds a valid, small, commented environment file, or refuses clearly. */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parse } from 'yaml';
import { main } from '../../main';
import { loadEnvironments } from '../../lib/config/load';
import { OpsError } from '../../lib/ops/cli';
import { NewEnvironmentRequest, createEnvironment } from '../../lib/ops/new-env';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { ROOT } from '../support/synth';
import { NO_STACK_TRACE, cleanUp, cli, inProcess, copyOfEnvironments, tempDir } from './helpers';

afterAll(cleanUp);

function project() {
  const environmentsDir = copyOfEnvironments();
  return { root: join(environmentsDir, '..'), environmentsDir };
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

/** The message createEnvironment refuses with; checks that it refused and wrote nothing. */
function refusal(request: NewEnvironmentRequest, p = project()): string {
  const before = files(p.environmentsDir);
  try {
    createEnvironment(p, request);
  } catch (e) {
    if (!(e instanceof OpsError)) throw e;
    expect(files(p.environmentsDir)).toEqual(before);
    return e.message;
  }
  throw new Error('expected a refusal');
}

describe('new-env writes an environment', () => {
  it('with the deploy form\'s fields, small and commented, valid together with every other environment', () => {
    const p = project();
    const created = createEnvironment(p, { tenant: 'nonprod', name: 'demo', stacks: ['core', 'otc', 'forgejo', 'coder'], nodeFlavor: 's3.xlarge.4', availabilityZone: 'eu-de-02' });
    expect(created.stackId).toBe('nonprod-demo');
    expect(created.domain).toBe('demo.t09.de');
    const text = readFileSync(join(p.environmentsDir, 'nonprod', 'demo.yaml'), 'utf8');
    expect(text).toBe(created.content);
    expect(text.split('\n').length).toBeLessThan(15);
    expect(text).toMatch(/^# yaml-language-server: \$schema=\.\.\/\.\.\/schemas\/environment\.non-production\.json\n# nonprod\/demo: https:\/\/demo\.t09\.de, Terraform stack nonprod-demo\.\n/);
    expect(text).toContain('flavor: s3.xlarge.4  # INITIAL');
    expect(parse(text)).toEqual({
      stacks: ['core', 'otc', 'forgejo', 'coder'],
      cluster: { nodePools: [{ name: 'default', flavor: 's3.xlarge.4', availabilityZone: 'eu-de-02' }] },
    });
    const env = loadEnvironments({ root: p.root, dir: p.environmentsDir, stacks: STACK_RULES }).find((e) => e.stackId === 'nonprod-demo');
    if (env?.kind !== 'otc') throw new Error('expected the new OTC environment');
    expect(env.settings.cluster.nodePools).toEqual([{ name: 'default', flavor: 's3.xlarge.4', availabilityZone: 'eu-de-02', count: 2, autoscaling: { min: 2, max: 4 }, rootVolumeGb: 50, dataVolumeGb: 100 }]);
  });

  it('with the tier\'s default stacks when none are given, and nothing else', () => {
    const p = project();
    const prod = createEnvironment(p, { tenant: 'prod', name: 'staging' });
    expect(prod.content.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['stacks: [core, otc, forgejo]']);
    const local = createEnvironment(p, { tenant: 'local', name: 'kind2' });
    expect(local.content.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['stacks: [core]']);
    expect(local.content).toContain('Platform layer only');
  });

  it('names the only central observability environment for observability-client', () => {
    const p = project();
    const created = createEnvironment(p, { tenant: 'nonprod', name: 'client', stacks: ['core', 'otc', 'observability-client'] });
    expect(created.chosenCentral).toBe('prod/observability');
    expect(parse(created.content).observability).toEqual({ central: 'prod/observability' });
    expect(createEnvironment(p, { tenant: 'prod', name: 'client', stacks: ['core', 'otc', 'observability-client'] }).chosenCentral).toBe('observability');
  });

  it('that synthesizes at once', async () => {
    const environmentsDir = copyOfEnvironments();
    const made = cli('new-env', ['nonprod', 'fresh', '--stacks', 'core,otc', '--node-flavor', 's3.large.4'], { env: { EDP_ENVIRONMENTS_DIR: environmentsDir } });
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    expect(made.stdout).toMatch(/^Created .*environments\/nonprod\/fresh\.yaml: stack nonprod-fresh, https:\/\/fresh\.t09\.de\n/);
    const outdir = tempDir('edp-ops-out-');
    // The program's main in this process (test/cli.test.ts runs node dist/main.js).
    const synth = { status: -1, stderr: '' };
    synth.status = await main([], { env: { ...process.env, CDKTF_OUTDIR: outdir, EDP_ENVIRONMENTS_DIR: environmentsDir }, root: ROOT, stdout: { write: () => true }, stderr: { write: (t: string) => (synth.stderr += t) } });
    expect(synth.stderr).toBe('');
    expect(synth.status).toBe(0);
    expect(JSON.parse(readFileSync(join(outdir, 'stacks', 'nonprod-fresh', 'cdk.tf.json'), 'utf8')).terraform.backend.s3.key).toBe('fresh/terraform.tfstate');
  });
});

describe('new-env refuses', () => {
  it('fails if the environment exists, and leaves it alone', () => {
    const p = project();
    const file = join(p.environmentsDir, 'nonprod', 'test-me.yaml');
    const before = readFileSync(file, 'utf8');
    expect(refusal({ tenant: 'nonprod', name: 'test-me', nodeFlavor: 'x' }, p)).toMatch(/^environments\/nonprod\/test-me\.yaml exists already; new-env never overwrites/);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('fails if the tenant is unknown, naming the tenants there are', () => {
    expect(refusal({ tenant: 'staging', name: 'x' })).toBe('unknown tenant "staging": expected one of local, nonprod, prod (a folder in environments/ with a tenant.yaml)');
  });

  it('fails if the name is no DNS label, or is "tenant"', () => {
    expect(refusal({ tenant: 'nonprod', name: 'My_Env' })).toMatch(/^expected an environment name that is a DNS label .*got "My_Env"$/);
    expect(refusal({ tenant: 'nonprod', name: '-x' })).toMatch(/got "-x"$/);
    expect(refusal({ tenant: 'nonprod', name: 'tenant' })).toBe('"tenant" is reserved: nonprod/tenant.yaml holds what the tenant\'s environments share');
  });

  it('fails if the zone is not one of the environment\'s, naming the option', () => {
    expect(refusal({ tenant: 'nonprod', name: 'x', availabilityZone: 'eu-de-09' })).toBe(
      'the new environment would not be valid, nothing was written:\n' +
        'environments/nonprod/x.yaml: cluster.nodePools[0].availabilityZone (--az): expected one of the environment\'s availabilityZones (eu-de-01, eu-de-02, eu-de-03), got "eu-de-09"',
    );
  });

  it('fails if a stack is unknown or misses one it needs', () => {
    const message = refusal({ tenant: 'nonprod', name: 'x', stacks: ['core', 'coder', 'gitlab'] });
    expect(message.split('\n').slice(1)).toEqual([
      'environments/nonprod/x.yaml: stacks[1] (--stacks): coder needs otc: add "otc" to stacks',
      'environments/nonprod/x.yaml: stacks[2] (--stacks): expected one of core, otc, forgejo, observability, observability-client, coder, terralist, got "gitlab"',
    ]);
  });

  it('fails if node options are given for the local tier', () => {
    expect(refusal({ tenant: 'local', name: 'x', nodeFlavor: 's3.xlarge.4' })).toMatch(/^tenant "local" is on the local tier: .*--node-flavor and --az do not apply$/);
  });

  it('fails if observability-client has no single central environment to report to', () => {
    const p = project();
    writeFileSync(join(p.environmentsDir, 'prod', 'obs2.yaml'), 'stacks: [core, otc, observability]\n');
    expect(refusal({ tenant: 'prod', name: 'x', stacks: ['core', 'otc', 'observability-client'] }, p)).toBe(
      'observability-client sends metrics and logs to an environment running the observability stack; there are several (prod/obs2, prod/observability): name it with --central <env> or --central <tenant>/<env>',
    );
  });

  it('fails if the existing environments are broken, before writing anything', () => {
    const p = project();
    writeFileSync(join(p.environmentsDir, 'nonprod', 'broken.yaml'), 'stacks: core\n');
    expect(refusal({ tenant: 'nonprod', name: 'x' }, p)).toBe(
      'the environments that exist already have problems; fix them first:\nenvironments/nonprod/broken.yaml: stacks: expected a list of stack names, got "core"',
    );
  });
});

describe('npm run new-env (the command)', () => {
  it('fails if the environment exists: exit 1, one clear line, no stack trace', () => {
    const r = inProcess('new-env', ['nonprod', 'test-me'], { env: { EDP_ENVIRONMENTS_DIR: copyOfEnvironments() } });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^new-env: .*environments\/nonprod\/test-me\.yaml exists already/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(NO_STACK_TRACE);
  });

  it.each([
    [[], 'expected <tenant> and <name>, got 0 arguments'],
    [['nonprod'], 'expected <tenant> and <name>, got 1 argument'],
    [['nonprod', 'x', 'y'], 'expected <tenant> and <name>, got 3 arguments'],
    [['nonprod', 'x', '--flavor', 'a'], 'unknown option "--flavor"'],
    [['nonprod', 'x', '--stacks'], 'option "--stacks" needs a value'],
    [['nonprod', 'x', '--stacks', 'core,,otc'], 'expected --stacks as a comma-separated list such as core,otc,forgejo, got "core,,otc"'],
    [['nonprod', 'x', '--az', 'eu-de-01', '--az', 'eu-de-02'], 'option "--az" given twice'],
  ])('fails if the arguments are %j: exit 2 with the usage', (args, message) => {
    const environmentsDir = copyOfEnvironments();
    const r = inProcess('new-env', args, { env: { EDP_ENVIRONMENTS_DIR: environmentsDir } });
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`new-env: ${message}`);
    expect(r.stderr).toContain('Usage: npm run new-env -- <tenant> <name>');
    expect(existsSync(join(environmentsDir, 'nonprod', 'x.yaml'))).toBe(false);
  });

  it('prints its usage for --help', () => {
    const r = inProcess('new-env', ['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run new-env -- <tenant> <name> \[--stacks a,b\] \[--node-flavor F\] \[--az Z\]/);
  });
});

describe('npm run new-env in process', () => {
  it('gives the same answer twice in a row (no state left between runs)', () => {
    const environmentsDir = copyOfEnvironments();
    const runs = () => [inProcess('new-env', ['nonprod', 'test-me'], { env: { EDP_ENVIRONMENTS_DIR: environmentsDir } }), inProcess('new-env', ['nonprod', 'x', '--stacks', 'core,,otc'], { env: { EDP_ENVIRONMENTS_DIR: environmentsDir } })];
    const first = runs();
    expect(first.map((r) => r.status)).toEqual([1, 2]);
    expect(runs()).toEqual(first);
  });
});

/** The catalogue: rules derived from the modules, construct tree for the policy Aspect, rendering. */
import { TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { parse } from 'yaml';
import { STACKS } from '../../lib/platform/catalogue';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { DECLARATIONS, DECLARED } from '../../lib/platform/catalogue/declarations';
import { hostsOf } from '../../lib/platform/catalogue/ingress';
import { Platform } from '../../lib/platform';
import { escapeTerraform, helmValues, unescapeTerraform } from '../../lib/platform/render';
import { Manifest } from '../../lib/contracts/manifest';
import { pascal } from '../../lib/platform/secrets';
import { standInServices } from '../../lib/platform/stand-in-services';
import { checkStack, providerSchemas } from '../support/tf-schema';
import { shippedEnvironments } from '../support/synth';
import { deliveredObjects, synthPlatform } from './support';

let trees: Map<string, ReturnType<typeof synthPlatform>> | undefined;
/** The platform layer of every shipped environment with its construct tree, synthesized in this file. */
const platformStacks = () => (trees ??= new Map(shippedEnvironments().map((e) => [e.stackId, synthPlatform(e)])));

describe('stack catalogue', () => {
  it('has the seven stacks of the seed, each needing only registered stacks', () => {
    expect(STACKS.map((s) => s.name)).toEqual(['core', 'otc', 'forgejo', 'observability', 'observability-client', 'coder', 'terralist']);
    STACKS.forEach((s) => s.needs.forEach((n) => expect(STACKS.map((x) => x.name)).toContain(n)));
  });

  it('registers one module per declaration, in the declarations\' order, each carrying its declaration unchanged', () => {
    expect(STACKS.map((s) => s.name)).toEqual(DECLARATIONS.map((d) => d.name));
    STACKS.forEach((s, i) => expect(s).toMatchObject(DECLARATIONS[i]));
  });

  it('offers the monitored capability (ServiceMonitors are scraped) from either observability stack', () => {
    expect(STACKS.filter((s) => s.capabilities?.includes('monitored')).map((s) => s.name)).toEqual(['observability', 'observability-client']);
  });

  it('derives the one set of loader rules from the declarations, with the central relation', () => {
    expect(STACK_RULES.map((r) => r.name)).toEqual(STACKS.map((s) => s.name));
    expect(STACK_RULES.filter((r) => r.central).map((r) => [r.name, r.central])).toEqual([['observability-client', ['observability']]]);
    expect(STACK_RULES.filter((r) => r.runsDeployments).map((r) => r.name)).toEqual(['forgejo']);
    expect(STACK_RULES.find((r) => r.name === 'coder')).toEqual({ name: 'coder', needs: ['core', 'otc'], needsCloud: true, hosts: ['coder'] });
    expect(STACK_RULES.filter((r) => !r.needsCloud).map((r) => r.name)).toEqual(['core']);
  });
});

describe('a stack\'s hosts (hostsOf)', () => {
  it('names each host its declaration lists on the domain, no label the domain itself', () => {
    expect(hostsOf(DECLARED.core, 'edp.example', 'P').host('argocd')).toBe('argocd.edp.example');
    expect(hostsOf(DECLARED.observability, 'edp.example', 'P').url('vmauth')).toBe('https://vmauth.edp.example');
    expect(hostsOf(DECLARED.forgejo, 'edp.example', 'P').url()).toBe('https://edp.example');
  });

  it('fails if a module asks for a host its declaration does not list, naming where and the declared ones', () => {
    expect(() => hostsOf(DECLARED.core, 'edp.example', 'Stack/Platform').host('grafana')).toThrow('Stack/Platform: stack core declares no host "grafana" (hosts: "argocd", "dex")');
    expect(() => hostsOf(DECLARED.coder, 'edp.example', 'P').url()).toThrow('stack coder declares no host ""');
  });
});

describe('Manifest constructs', () => {
  it('every delivered object is a Manifest node of the construct tree (what the policy Aspect visits)', () => {
    for (const { stack, tf } of platformStacks().values()) {
      const nodes = stack.node.findAll().filter((c: IConstruct) => Manifest.isManifest(c)) as Manifest[];
      const inTree = new Set(nodes.map((m) => `${m.object.kind}/${m.object.metadata.name}`));
      // One assertion per stack: the delivered objects that are no node (expect's toContain copies the set each call).
      expect([stack.node.id, deliveredObjects(tf).map((o) => `${o.kind}/${o.metadata.name}`).filter((k) => !inTree.has(k))]).toEqual([stack.node.id, []]);
      // Companion manifests are nodes too (beneath their Application).
      expect(nodes.some((m) => m.object.kind === 'ClusterIssuer') || stack.node.id === 'local-kind').toBe(true);
    }
  });

  it('construct ids never contain environment names (not even of client environments)', () => {
    const envs = [...platformStacks().values()].map((s) => s.env);
    // Stack ids in any spelling; plain env names too unless they are also a stack's name
    // (`observability`) or a word of ordinary ids (`kind`).
    const words = new Set([...STACKS.map((s) => pascal(s.name)), 'Kind']);
    const forbidden = envs.flatMap((e) => [e.stackId, pascal(e.stackId), pascal(e.name)]).filter((n) => !words.has(n));
    for (const { stack, env } of platformStacks().values()) {
      // One assertion per stack over the ids that break it (thousands of constructs, a dozen names).
      const named = stack.node.findAll().filter((c) => c !== stack && [env.name, ...forbidden].some((f) => c.node.id.includes(f)));
      expect([stack.node.id, named.map((c) => c.node.path)]).toEqual([stack.node.id, []]);
    }
  });
});

describe('Platform', () => {
  const props = { stackId: 'x-y', domain: 'y.example.org', sso: { organisation: 'Org', forgejoUrl: 'https://git.example.org' }, gitops: { repoURL: 'https://git.example.org/r' } };
  it('fails if a stack is unknown or a stack it needs is missing, naming the construct', () => {
    expect(() => new Platform(new TerraformStack(Testing.app(), 's'), 'Platform', { ...props, stacks: ['core', 'gitlab'] })).toThrow('s/Platform: unknown stacks gitlab (known: core, otc, forgejo, observability, observability-client, coder, terralist)');
    expect(() => new Platform(new TerraformStack(Testing.app(), 's'), 'Platform', { ...props, stacks: ['otc'] })).toThrow('s/Platform: stack otc needs core, which is not selected (selected: otc)');
  });

  it('fails if a stack needs a stack of another environment that is not given', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new Platform(stack, 'Platform', { ...props, stacks: ['core', 'otc', 'observability-client'], settings: { otc: { acmeEmail: 'a@example.org' } }, services: standInServices(stack) })).toThrow(
      's/Platform: stack observability-client needs observability of another environment, and none is given',
    );
  });

  it('fails if an OTC stack gets no cloud services', () => {
    expect(() => new Platform(new TerraformStack(Testing.app(), 's'), 'Platform', { ...props, stacks: ['core', 'otc'] })).toThrow('the otc stack needs the OTC services');
  });

  it('fails if the observability stack gets no settings (clients, alert mail)', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new Platform(stack, 'Platform', { ...props, stacks: ['core', 'otc', 'observability'], settings: { otc: { acmeEmail: 'a@example.org' } }, services: standInServices(stack) })).toThrow(/^[\w/-]+\/Observability: the observability stack needs its clients and alert mail settings$/);
  });
});

describe('rendering for helm_release', () => {
  it('escapes literal Terraform interpolation but keeps cdktf tokens', () => {
    expect(escapeTerraform('user: ${VECTOR_USER} %{if} ${TfToken[TOKEN.12]}')).toBe('user: $${VECTOR_USER} %%{if} ${TfToken[TOKEN.12]}');
    expect(unescapeTerraform(escapeTerraform('a ${B} %{c}'))).toBe('a ${B} %{c}');
  });

  it('renders values YAML that reads back to the same object, long lines unfolded', () => {
    const values = { a: { b: ['x', 1, true], long: 'y'.repeat(300), env: '$__env{GF_X}', c: '${VECTOR_PASSWORD}' } };
    const yaml = helmValues(values);
    expect(yaml.split('\n').some((l) => l.includes('y'.repeat(300)))).toBe(true);
    expect(parse(unescapeTerraform(yaml))).toEqual(values);
  });

  it('Grafana’s $__env and Vector’s ${VAR} survive synthesis as literals', () => {
    const json = platformStacks().get('prod-edp')!.json;
    expect(json).toContain('$${VECTOR_PASSWORD}');
    expect(json).not.toMatch(/[^$]\$\{VECTOR_PASSWORD\}/);
  });
});

describe('the platform layer follows the provider schemas (offline terraform validate)', () => {
  const schemas = providerSchemas();
  it.each([...platformStacks().keys()])('%s', (id) => {
    // terraform_remote_state is Terraform's own data source, in no provider package.
    const { terraform_remote_state: remote, ...data } = (platformStacks().get(id)!.tf.data ?? {}) as Record<string, unknown>;
    void remote;
    expect(checkStack({ ...platformStacks().get(id)!.tf, data } as Record<string, unknown>, schemas)).toEqual([]);
  });
});

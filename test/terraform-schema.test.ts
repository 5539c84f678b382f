/** Every synthesized stack against the providers' own schemas (offline `terraform validate`). */
import { ProviderSchemas, checkStack, providerSchemas } from './support/tf-schema';
import { shippedStacks } from './support/synth';

const schemas = providerSchemas();

describe('synthesized stacks follow the provider schemas', () => {
  const stacks = shippedStacks();

  it('knows the resources of all four providers', () => {
    expect(schemas.resources.get('opentelekomcloud_cce_cluster_v3')?.required).toEqual(new Set(['cluster_type', 'container_network_type', 'flavor_id', 'name', 'subnet_id', 'vpc_id']));
    expect(schemas.resources.get('helm_release')?.attributes.has('values')).toBe(true);
    expect(schemas.resources.has('kubernetes_secret_v1')).toBe(true);
    expect(schemas.resources.has('random_password')).toBe(true);
    expect(schemas.providers.get('helm')?.attributes.get('kubernetes')?.attributes.has('config_context')).toBe(true);
  });

  it.each([...stacks.keys()])('%s has no unknown or missing attributes', (id) => {
    expect(checkStack(JSON.parse(stacks.get(id)!), schemas)).toEqual([]);
  });

  it('fails if an override misspells an attribute or drops a required one', () => {
    const tf = {
      resource: { opentelekomcloud_vpc_v1: { Vpc: { name: 'x', cidrr: '10.0.0.0/16' } } },
      provider: { helm: [{ kubernetes: { config_pth: '~/.kube/config' } }] },
    };
    expect(checkStack(tf, schemas)).toEqual([
      'resource.opentelekomcloud_vpc_v1.Vpc.cidrr: unknown attribute',
      'resource.opentelekomcloud_vpc_v1.Vpc.cidr: missing required attribute',
      'provider.helm[0].kubernetes.config_pth: unknown attribute',
    ]);
  });

  it('rebuilds the same schemas from the stored form later test files of the run read', () => {
    const text = JSON.stringify(schemas.stored());
    const again = ProviderSchemas.fromStored(JSON.parse(text));
    expect(JSON.stringify(again.stored())).toBe(text);
    const pool = again.resources.get('opentelekomcloud_cce_node_pool_v3')!;
    expect(pool.attributes.get('root_volume')?.required).toEqual(schemas.resources.get('opentelekomcloud_cce_node_pool_v3')!.attributes.get('root_volume')!.required);
  });

  it('checks nested blocks', () => {
    const tf = { resource: { opentelekomcloud_cce_node_pool_v3: { Pool: { cluster_id: 'c', name: 'p', flavor: 'f', initial_node_count: 1, availability_zone: 'z', key_pair: 'k', root_volume: { size: 40, volumetype: 'SSD', bogus: 1 }, data_volumes: [{ size: 100, volumetype: 'SSD' }] } } } };
    expect(checkStack(tf, schemas)).toEqual(['resource.opentelekomcloud_cce_node_pool_v3.Pool.root_volume.bogus: unknown attribute']);
  });
});

/**
 * First deploy and destroy order of every shipped environment, on the dependency graph of its
 * synthesized cdk.tf.json (test/support/tf-graph.ts, checks in test/support/deploy-order.ts).
 * Every check also runs on a copy with a planted mistake and must fail there, naming it.
 */
import { acmeReleases, argocdRelease, CHECKS, Check, deliveries, deployOrderProblems, elbBindings, inCluster } from './support/deploy-order';
import { shippedStacks, TfJson } from './support/synth';
import { interpolations, referencedNames, TfGraph } from './support/tf-graph';

type Body = Record<string, unknown>;

const stacks = shippedStacks();
const tfOf = (id: string): TfJson => JSON.parse(stacks.get(id)!) as TfJson;
const graphOf = (id: string) => new TfGraph(tfOf(id));
const otcIds = [...stacks.keys()].filter((id) => tfOf(id).resource?.opentelekomcloud_cce_cluster_v3);

function bodies(tf: TfJson, type: string): [string, Body][] {
  return Object.entries(tf.resource?.[type] ?? {}).map(([name, body]) => [`${type}.${name}`, body]);
}

/** Drops the depends_on entries `drop` selects from every resource `from` selects. */
function dropDependsOn(tf: TfJson, from: (address: string) => boolean, drop: (dep: string) => boolean): TfJson {
  for (const [type, named] of Object.entries(tf.resource ?? {})) {
    for (const [name, body] of Object.entries(named)) {
      if (!from(`${type}.${name}`) || !Array.isArray(body.depends_on)) continue;
      body.depends_on = (body.depends_on as string[]).filter((d) => !drop(d));
    }
  }
  return tf;
}

const isInCluster = (a: string) => /^(helm|kubernetes)_/.test(a);

/** The check passes on the shipped stack and fails on the planted copy with a line matching `expected`. */
function expectCaught(check: Check, id: string, plant: (tf: TfJson) => TfJson, expected: RegExp): void {
  expect(check(graphOf(id))).toEqual([]);
  const found = check(new TfGraph(plant(tfOf(id))));
  expect(found).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
}

describe('the dependency graph of cdk.tf.json', () => {
  it('reads references anywhere in a string, but not literals, escapes or loop variables', () => {
    expect(interpolations('a ${x.y} b $${NOT} c ${{ for k, p in random_password.p : k => p.result }}')).toEqual(['x.y', '{ for k, p in random_password.p : k => p.result }']);
    expect(referencedNames('format("%s.%s", opentelekomcloud_vpc_v1.a.id, "kubernetes_secret_v1.b")')).toEqual(['opentelekomcloud_vpc_v1.a']);
    expect(referencedNames('[for t in data.t_x.n.addons : t.addon_version] ++ local.k ++ each.key')).toEqual(['data.t_x.n', 'local.k']);
  });

  it("counts a variable's validation of itself as no dependency, but a validation naming another variable as one", () => {
    const validated = (condition: string) => ({ type: 'string', validation: [{ condition: `\${${condition}}`, error_message: 'm' }] });
    const g = new TfGraph({ variable: { a: validated('can(regex("^a+$", var.a))'), b: validated('var.b != var.a') } } as never);
    expect(g.cycles()).toEqual([]);
    expect([...g.edges.get('var.a')!]).toEqual([]);
    expect([...g.edges.get('var.b')!]).toEqual(['var.a']);
    expect(g.dangling).toEqual([]);
  });

  it('models the helm and kubernetes providers configured from the cluster', () => {
    const g = graphOf('prod-edp');
    const [cluster] = g.resources('opentelekomcloud_cce_cluster_v3');
    expect(g.edges.get('provider.helm')).toContain(cluster);
    const argocd = argocdRelease(g)!;
    expect(g.edges.get(argocd)).toContain('provider.helm');
    // Only through the provider: the release names no attribute of the cluster.
    expect(JSON.stringify(g.body(argocd))).not.toContain('cce_cluster_v3');
    expect(g.dependsOn(argocd, cluster)).toBe(true);
  });
});

describe('first deploy order of every shipped environment', () => {
  it('checks all four shipped environments, three of them on OTC', () => {
    expect([...stacks.keys()].sort()).toEqual(['local-kind', 'nonprod-test-me', 'prod-edp', 'prod-observability']);
    expect(otcIds.sort()).toEqual(['nonprod-test-me', 'prod-edp', 'prod-observability']);
  });

  it.each([...stacks.keys()])('%s satisfies every deploy-order check', (id) => {
    expect(deployOrderProblems(graphOf(id))).toEqual([]);
  });

  it.each(otcIds)('%s: Argo CD waits for every node pool and CCE add-on, every delivery for Argo CD', (id) => {
    const g = graphOf(id);
    const argocd = argocdRelease(g)!;
    const pools = g.resources('opentelekomcloud_cce_node_pool_v3');
    const addons = g.resources('opentelekomcloud_cce_addon_v3');
    expect(pools.length).toBeGreaterThan(0);
    expect(addons.length).toBeGreaterThan(0);
    for (const r of [...pools, ...addons]) expect(g.dependsOn(argocd, r)).toBe(true);
    expect(deliveries(g).size).toBeGreaterThan(1);
    for (const d of deliveries(g).values()) expect(g.dependsOn(d, argocd)).toBe(true);
    // Destroy runs the other way: nothing the cluster needs waits for what runs on it.
    for (const r of [...pools, ...addons]) for (const k of inCluster(g)) expect(g.dependsOn(r, k)).toBe(false);
  });

  it.each(otcIds)('%s has what the checks look at: an ACME issuer, an ELB binding, DNS records, Secrets', (id) => {
    const g = graphOf(id);
    expect(acmeReleases(g).map((r) => g.body(r).name)).toEqual(['edp-stack-otc']);
    // Traefik, and with the forgejo stack its SSH Service.
    expect(elbBindings(g).map(({ release }) => g.body(release).name)).toContain('edp-stack-otc');
    expect(g.resources('opentelekomcloud_dns_recordset_v2')).toHaveLength(2);
    expect(g.resources('kubernetes_secret_v1').length).toBeGreaterThan(2);
  });
});

describe('each deploy-order check fails on a planted mistake', () => {
  it('referencesResolve: a depends_on entry naming no resource', () => {
    expectCaught(CHECKS.referencesResolve, 'prod-edp', (tf) => {
      const [, body] = bodies(tf, 'helm_release').find(([, b]) => b.name === 'edp-stack-otc')!;
      (body.depends_on as string[]).push('helm_release.Platform_Argocd_Typo');
      return tf;
    }, /refers to helm_release\.Platform_Argocd_Typo, which the stack does not have/);
  });

  it('acyclic: the cluster made to wait for Argo CD', () => {
    expectCaught(CHECKS.acyclic, 'prod-edp', (tf) => {
      const argocd = bodies(tf, 'helm_release').find(([, b]) => b.chart === 'argo-cd')![0];
      const [, cluster] = bodies(tf, 'opentelekomcloud_cce_cluster_v3')[0];
      cluster.depends_on = [argocd];
      return tf;
    }, /dependency cycle: .*opentelekomcloud_cce_cluster_v3\..* -> .*helm_release\.Platform_Argocd/);
  });

  it('clusterReadyFirst: the node pools and add-ons left out of the in-cluster resources’ depends_on', () => {
    expectCaught(
      CHECKS.clusterReadyFirst,
      'nonprod-test-me',
      (tf) => dropDependsOn(tf, isInCluster, (d) => /cce_(node_pool|addon)_v3/.test(d)),
      /^helm_release\.Platform_Argocd_\w+ \(argocd\): does not wait for (?=.*CCE add-on opentelekomcloud_cce_addon_v3\.)(?=.*node pool opentelekomcloud_cce_node_pool_v3\.)/,
    );
    expectCaught(
      CHECKS.clusterReadyFirst,
      'prod-edp',
      (tf) => dropDependsOn(tf, isInCluster, (d) => /cce_addon_v3/.test(d)),
      /^kubernetes_namespace_v1\.\w+: does not wait for CCE add-on opentelekomcloud_cce_addon_v3\.\w+: /,
    );
    expectCaught(
      CHECKS.clusterReadyFirst,
      'prod-edp',
      (tf) => dropDependsOn(tf, isInCluster, (d) => /nat_snat_rule_v2/.test(d)),
      /does not wait for node egress \(SNAT rule\)/,
    );
  });

  it('defaultAddonsKept: the cluster told to remove or not wait for CCE’s default add-ons', () => {
    for (const attribute of ['no_addons', 'ignore_addons']) {
      expectCaught(
        CHECKS.defaultAddonsKept,
        'nonprod-test-me',
        (tf) => {
          bodies(tf, 'opentelekomcloud_cce_cluster_v3')[0][1][attribute] = true;
          return tf;
        },
        new RegExp(`^opentelekomcloud_cce_cluster_v3\\.\\w+: sets ${attribute} = true: CCE's default add-ons`),
      );
    }
  });

  it('phasesInOrder: a DNS record made to wait for the otc stack, a namespace for Argo CD', () => {
    expectCaught(
      CHECKS.phasesInOrder,
      'prod-edp',
      (tf) => {
        const otc = bodies(tf, 'helm_release').find(([, b]) => b.name === 'edp-stack-otc')![0];
        bodies(tf, 'opentelekomcloud_dns_recordset_v2')[0][1].depends_on = [otc];
        return tf;
      },
      /^opentelekomcloud_dns_recordset_v2\.\w+ \(edp\.buildth\.ing\.\) \(phase "cloud resources and generated values"\): waits for helm_release\.\w+ \(edp-stack-otc\) of the later phase "the stack releases"/,
    );
    expectCaught(
      CHECKS.phasesInOrder,
      'local-kind',
      (tf) => {
        const argocd = bodies(tf, 'helm_release').find(([, b]) => b.chart === 'argo-cd')![0];
        const [, dex] = bodies(tf, 'kubernetes_namespace_v1').find(([, b]) => (b.metadata as Body).name === 'dex')!;
        dex.depends_on = [argocd];
        return tf;
      },
      /^kubernetes_namespace_v1\.\w+ \(phase "namespaces"\): waits for helm_release\.\w+ \(argocd\) of the later phase "the Argo CD release"/,
    );
  });

  it('deliveriesAfterArgocd: a delivery without Argo CD, a stack before the stack it needs', () => {
    expectCaught(
      CHECKS.deliveriesAfterArgocd,
      'prod-edp',
      (tf) => dropDependsOn(tf, (a) => a.includes('Core_Delivery'), (d) => d.includes('Platform_Argocd')),
      /\(edp-stack-core\): does not wait for the Argo CD release/,
    );
    expectCaught(
      CHECKS.deliveriesAfterArgocd,
      'prod-edp',
      (tf) => dropDependsOn(tf, (a) => a.includes('Forgejo_Delivery'), (d) => d.includes('Otc_Delivery')),
      /\(edp-stack-forgejo\): does not wait for .*\(edp-stack-otc\): stack forgejo needs otc/,
    );
  });

  it('secretsBeforeReleases: a delivery, or Argo CD, before a Secret of its namespace', () => {
    expectCaught(
      CHECKS.secretsBeforeReleases,
      'prod-edp',
      (tf) => dropDependsOn(tf, (a) => a.includes('Forgejo_Delivery'), (d) => d.includes('DatabaseSecret')),
      /\(edp-stack-forgejo\): deploys into namespace gitea but does not wait for its Secret kubernetes_secret_v1\.Platform_Forgejo_DatabaseSecret/,
    );
    expectCaught(
      CHECKS.secretsBeforeReleases,
      'local-kind',
      (tf) => dropDependsOn(tf, (a) => a.includes('Platform_Argocd'), (d) => d.startsWith('kubernetes_secret_v1.')),
      /\(argocd\): deploys into namespace argocd but does not wait for its Secret kubernetes_secret_v1\.Platform_Core_ArgocdDexSecret/,
    );
  });

  it('dnsBeforeAcme: the releases no longer waiting for the DNS records', () => {
    expectCaught(
      CHECKS.dnsBeforeAcme,
      'prod-observability',
      (tf) => dropDependsOn(tf, () => true, (d) => d.startsWith('opentelekomcloud_dns_recordset_v2.')),
      /\(edp-stack-otc\): brings an ACME ClusterIssuer but does not wait for the DNS record opentelekomcloud_dns_recordset_v2\./,
    );
  });

  it('elbByReference: the ELB id written as a literal', () => {
    expectCaught(
      CHECKS.elbByReference,
      'prod-edp',
      (tf) => {
        const [, otc] = bodies(tf, 'helm_release').find(([, b]) => b.name === 'edp-stack-otc')!;
        otc.values = (otc.values as string[]).map((v) => v.replace(/"kubernetes\.io\/elb\.id": "[^"]+"/, '"kubernetes.io/elb.id": "0b5f6a3e-elb-id-pasted-from-the-console"'));
        return tf;
      },
      /\(edp-stack-otc\): kubernetes\.io\/elb\.id is "0b5f6a3e-elb-id-pasted-from-the-console", not a reference/,
    );
  });

  it('completeBeforeUse: the cluster on its security group without the rule, Forgejo on a bucket without its policy', () => {
    expectCaught(
      CHECKS.completeBeforeUse,
      'prod-edp',
      (tf) => {
        const [, cluster] = bodies(tf, 'opentelekomcloud_cce_cluster_v3')[0];
        const [group] = bodies(tf, 'opentelekomcloud_networking_secgroup_v2').find(([a]) => a.includes('Node'))!;
        cluster.security_group_id = `\${${group}.id}`;
        return tf;
      },
      /^opentelekomcloud_cce_cluster_v3\.\w+: uses opentelekomcloud_networking_secgroup_v2\.Infra_Network_NodeSecurityGroup_\w+ but does not wait for its security group rule/,
    );
    expectCaught(
      CHECKS.completeBeforeUse,
      'prod-edp',
      (tf) => {
        const [, forgejo] = bodies(tf, 'helm_release').find(([, b]) => b.name === 'edp-stack-forgejo')!;
        forgejo.values = (forgejo.values as string[]).map((v) => v.replace(/opentelekomcloud_obs_bucket_policy\.(\w+?)Policy_\w+\.bucket/g, (_m, p: string) => {
          const [bucket] = bodies(tf, 'opentelekomcloud_obs_bucket').find(([a]) => a.startsWith(`opentelekomcloud_obs_bucket.${p}Bucket_`))!;
          return `${bucket}.bucket`;
        }));
        return tf;
      },
      /^helm_release\.Platform_Forgejo_Delivery_\w+: uses opentelekomcloud_obs_bucket\.\w+ but does not wait for its bucket policy/,
    );
  });

  it('names every check it runs, so none is left without a planted mistake', () => {
    expect(Object.keys(CHECKS)).toEqual(['referencesResolve', 'acyclic', 'clusterReadyFirst', 'defaultAddonsKept', 'phasesInOrder', 'deliveriesAfterArgocd', 'secretsBeforeReleases', 'dnsBeforeAcme', 'elbByReference', 'completeBeforeUse']);
  });
});

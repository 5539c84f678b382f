/**
 * Every rule of the policy pack, with compliant and non-compliant synthetic stacks. A violating case
 * names the construct that must carry the finding and the exact problem text.
 */
import { CceNodeV3 } from '@cdktf/provider-opentelekomcloud/lib/cce-node-v3';
import { CbrVaultV3 } from '@cdktf/provider-opentelekomcloud/lib/cbr-vault-v3';
import { ComputeSecgroupV2 } from '@cdktf/provider-opentelekomcloud/lib/compute-secgroup-v2';
import { EvsVolumeV3 } from '@cdktf/provider-opentelekomcloud/lib/evs-volume-v3';
import { KmsKeyV1 } from '@cdktf/provider-opentelekomcloud/lib/kms-key-v1';
import { NetworkingSecgroupRuleV2, NetworkingSecgroupRuleV2Config } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-rule-v2';
import { NetworkingSecgroupV2 } from '@cdktf/provider-opentelekomcloud/lib/networking-secgroup-v2';
import { ObsBucketAcl } from '@cdktf/provider-opentelekomcloud/lib/obs-bucket-acl';
import { ObsBucketPolicy } from '@cdktf/provider-opentelekomcloud/lib/obs-bucket-policy';
import { RdsPublicIpAssociateV3 } from '@cdktf/provider-opentelekomcloud/lib/rds-public-ip-associate-v3';
import { VpcSecgroupRuleV3 } from '@cdktf/provider-opentelekomcloud/lib/vpc-secgroup-rule-v3';
import { VpcSecgroupV3 } from '@cdktf/provider-opentelekomcloud/lib/vpc-secgroup-v3';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { Password } from '@cdktf/provider-random/lib/password';
import { Construct } from 'constructs';
import { Manifest } from '../../lib/contracts/manifest';
import { PolicyAspectProps } from '../../lib/policy/aspect';
import { POLICY_RULES } from '../../lib/policy/rules';
import { Build, application, bucket, cluster, database, evaluate, kmsKey, traefikValues, nodePool, release } from './support';

type Props = Partial<PolicyAspectProps>;
interface Compliant {
  readonly name: string;
  readonly build: Build;
  readonly props?: Props;
}
interface Violating extends Compliant {
  /** Construct id (under the stack `test`) that carries the finding. */
  readonly at: string;
  /** The problem text, exactly. */
  readonly problem: string;
}
interface RuleCases {
  readonly compliant: readonly Compliant[];
  readonly violating: readonly Violating[];
}

// ---- security groups -------------------------------------------------------------------------

const PUBLIC = '${opentelekomcloud_networking_secgroup_v2.Public.id}';
const NODES = '${opentelekomcloud_networking_secgroup_v2.Nodes.id}';

/** Two groups, `Public` (named public through props) and `Nodes`, plus one rule. */
function sgRule(rule: Partial<NetworkingSecgroupRuleV2Config> & { group?: 'Public' | 'Nodes' }): Build {
  return (s: Construct) => {
    const groups = { Public: new NetworkingSecgroupV2(s, 'Public', { name: 'elb' }), Nodes: new NetworkingSecgroupV2(s, 'Nodes', { name: 'nodes' }) };
    const { group = 'Public', ...config } = rule;
    new NetworkingSecgroupRuleV2(s, 'Rule', { direction: 'ingress', ethertype: 'IPv4', securityGroupId: groups[group].id, ...config });
  };
}

/**
 * Names the group `Public` as the load balancer group through its id token, as the environment
 * stack does. The props object is filled while the stack is built, before the aspect is made.
 */
function withPublicGroup(build: Build): { build: Build; props: Props } {
  const props: { publicIngress?: PolicyAspectProps['publicIngress'] } = {};
  return {
    build: (s) => {
      build(s);
      const group = s.node.findChild('Public') as NetworkingSecgroupV2 | VpcSecgroupV3;
      props.publicIngress = { securityGroupIds: [group.id], ports: [80, 443, 32222] };
    },
    props: props as Props,
  };
}

function v3Rule(multiPort: string | undefined, prefix = '0.0.0.0/0'): Build {
  return (s) => {
    const group = new VpcSecgroupV3(s, 'Public', { name: 'elb' });
    new VpcSecgroupRuleV3(s, 'Rule', { direction: 'ingress', securityGroupId: group.id, protocol: 'tcp', multiPort, remoteIpPrefix: prefix });
  };
}

const sgCases = (): RuleCases => {
  const tcp = (port: number, prefix = '0.0.0.0/0', group: 'Public' | 'Nodes' = 'Public') =>
    sgRule({ protocol: 'tcp', portRangeMin: port, portRangeMax: port, remoteIpPrefix: prefix, group });
  const pub = (name: string, build: Build) => ({ name, ...withPublicGroup(build) });
  return {
    compliant: [
      pub('HTTPS from anywhere on the public load balancer group', tcp(443)),
      pub('Forgejo SSH from anywhere on the public load balancer group', tcp(32222)),
      pub('PostgreSQL from the VPC range', tcp(5432, '10.10.0.0/16', 'Nodes')),
      pub('a source that is a reference to a subnet range', sgRule({ protocol: 'tcp', portRangeMin: 22, portRangeMax: 22, remoteIpPrefix: '${opentelekomcloud_vpc_subnet_v1.Subnet.cidr}', group: 'Nodes' })),
      pub('another security group as source', sgRule({ protocol: 'tcp', remoteGroupId: NODES, group: 'Nodes' })),
      pub('egress to anywhere', sgRule({ direction: 'egress', remoteIpPrefix: '0.0.0.0/0', group: 'Nodes' })),
      pub('vpc_secgroup_rule_v3 with 80 and 443 on the public group', v3Rule('80,443')),
      pub('a v3 deny rule', (s) => {
        const group = new VpcSecgroupV3(s, 'Public', { name: 'elb' });
        new VpcSecgroupRuleV3(s, 'Rule', { direction: 'ingress', action: 'deny', securityGroupId: group.id, remoteIpPrefix: '0.0.0.0/0' });
      }),
      { name: 'compute_secgroup_v2 rule from a private range', build: (s) => void new ComputeSecgroupV2(s, 'Legacy', { name: 'l', description: 'l', rule: [{ fromPort: 22, toPort: 22, ipProtocol: 'tcp', cidr: '10.0.0.0/8' }] }) },
    ],
    violating: [
      { ...pub('SSH from anywhere on the public group', tcp(22)), at: 'Rule', problem: 'ingress from 0.0.0.0/0 to tcp port 22 on the public load balancer group' },
      { ...pub('HTTPS from anywhere on another group', tcp(443, '0.0.0.0/0', 'Nodes')), at: 'Rule', problem: `ingress from 0.0.0.0/0 to tcp port 443 on security group "${NODES}", not a public load balancer group` },
      { name: 'HTTPS from anywhere when no group is public', build: tcp(443), at: 'Rule', problem: `ingress from 0.0.0.0/0 to tcp port 443 on security group "${PUBLIC}", not a public load balancer group` },
      {
        ...pub('a rule without source (OTC opens it to everyone)', sgRule({ protocol: 'tcp', portRangeMin: 80, portRangeMax: 80, group: 'Nodes' })),
        at: 'Rule',
        problem: `ingress from any address (no remote_ip_prefix or remote_group_id) to tcp port 80 on security group "${NODES}", not a public load balancer group`,
      },
      { ...pub('every protocol from ::/0 on the public group', sgRule({ ethertype: 'IPv6', remoteIpPrefix: '::/0' })), at: 'Rule', problem: 'ingress from ::/0 to every protocol every port on the public load balancer group' },
      { ...pub('a port range around 443', sgRule({ protocol: 'tcp', portRangeMin: 440, portRangeMax: 450, remoteIpPrefix: '0.0.0.0/0' })), at: 'Rule', problem: 'ingress from 0.0.0.0/0 to tcp ports 440-450 on the public load balancer group' },
      { ...pub('vpc_secgroup_rule_v3 with 443 and 8080', v3Rule('443,8080')), at: 'Rule', problem: 'ingress from 0.0.0.0/0 to tcp port 443, port 8080 on the public load balancer group' },
      { ...pub('vpc_secgroup_rule_v3 without ports', v3Rule(undefined)), at: 'Rule', problem: 'ingress from 0.0.0.0/0 to tcp every port on the public load balancer group' },
      {
        name: 'compute_secgroup_v2 rule from anywhere',
        build: (s) => void new ComputeSecgroupV2(s, 'Legacy', { name: 'l', description: 'l', rule: [{ fromPort: 22, toPort: 22, ipProtocol: 'tcp', cidr: '0.0.0.0/0' }] }),
        at: 'Legacy',
        problem: 'rule[0]: ingress from 0.0.0.0/0 to tcp port 22 on security group "${opentelekomcloud_compute_secgroup_v2.Legacy.id}", not a public load balancer group',
      },
    ],
  };
};

// ---- Helm values with secrets ---------------------------------------------------------------

const secretReferences = {
  configs: { secret: { createSecret: false, argocdServerAdminPasswordMtime: '2025-01-01T00:00:00Z' } },
  dex: { staticClients: [{ id: 'argocd', secretEnv: 'DEX_ARGOCD_SECRET' }] },
  admin: { existingSecret: 'grafana-admin', userKey: 'user', passwordKey: 'password' },
  env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
  'grafana.ini': { auth: { generic_oauth: { client_secret: '$__file{/etc/secrets/oauth/client-secret}', token_url: 'https://dex.example/token' } } },
  tls: [{ hosts: ['a.example'], secretName: 'a-tls' }],
  server: { certificateSecret: 'argocd-server-tls', ingress: { tlsSecret: 'argocd-tls' } },
  connector: { clientSecret: '$FORGEJO_CLIENT_SECRET' },
};

const CASES: Record<string, RuleCases> = {
  'EDP-SG-1': sgCases(),
  'EDP-RDS-1': {
    compliant: [{ name: 'an instance without public IPs', build: (s) => void database(s) }],
    violating: [
      { name: 'public_ips set', build: (s) => void database(s, { publicIps: ['80.158.1.2'] }), at: 'Database', problem: 'public_ips is ["80.158.1.2"]' },
      {
        name: 'a public IP association',
        build: (s) => void new RdsPublicIpAssociateV3(s, 'PublicIp', { instanceId: database(s).id, publicIp: '80.158.1.2', publicIpId: 'eip-id' }),
        at: 'PublicIp',
        problem: 'binds public IP "80.158.1.2" to instance "${opentelekomcloud_rds_instance_v3.Database.id}"',
      },
    ],
  },
  'EDP-RDS-2': {
    compliant: [
      { name: 'production with 7 days', build: (s) => void database(s), props: { tier: 'production' } },
      { name: 'non-production with 3 days', build: (s) => void database(s, { backupStrategy: { startTime: '01:00-02:00', keepDays: 3 } }) },
    ],
    violating: [
      { name: 'production with 3 days', build: (s) => void database(s, { backupStrategy: { startTime: '01:00-02:00', keepDays: 3 } }), props: { tier: 'production' }, at: 'Database', problem: 'backup_strategy.keep_days is 3, production keeps at least 7' },
      { name: 'no backup strategy', build: (s) => void database(s, { backupStrategy: undefined }), at: 'Database', problem: 'backup_strategy is not set: automated backups are off' },
      { name: '0 days', build: (s) => void database(s, { backupStrategy: { startTime: '01:00-02:00', keepDays: 0 } }), at: 'Database', problem: 'backup_strategy.keep_days is 0: automated backups are off' },
    ],
  },
  'EDP-RDS-3': {
    compliant: [
      { name: 'PostgreSQL without ssl_enable (TLS is always on)', build: (s) => void database(s) },
      { name: 'MySQL with ssl_enable true', build: (s) => void database(s, { db: { type: 'MySQL', version: '8.0', password: new Password(s, 'MysqlPassword', { length: 32 }).result }, sslEnable: true }) },
    ],
    violating: [
      { name: 'PostgreSQL with ssl_enable false', build: (s) => void database(s, { sslEnable: false }), at: 'Database', problem: 'ssl_enable is false on PostgreSQL, expected it unset (TLS is always on)' },
      { name: 'MySQL without ssl_enable', build: (s) => void database(s, { db: { type: 'MySQL', version: '8.0', password: new Password(s, 'MysqlPassword', { length: 32 }).result } }), at: 'Database', problem: 'ssl_enable is not set, expected true' },
    ],
  },
  'EDP-OBS-1': {
    compliant: [
      { name: 'acl private', build: (s) => void bucket(s) },
      { name: 'no acl (the provider default is private)', build: (s) => void bucket(s, { acl: undefined }) },
      {
        name: 'a policy naming its principal',
        build: (s) => {
          const name = bucket(s).bucket;
          new ObsBucketPolicy(s, 'Policy', {
            bucket: name,
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { ID: ['domain/0a1b:user/2c3d'] }, Action: ['*'], Resource: [`${name}/*`] }] }),
          });
        },
      },
    ],
    violating: [
      { name: 'acl public-read', build: (s) => void bucket(s, { acl: 'public-read' }), at: 'Bucket', problem: 'acl is "public-read", expected "private"' },
      {
        name: 'a public permission grant',
        build: (s) => void new ObsBucketAcl(s, 'Acl', { bucket: 'test-lfs', publicPermission: { accessToBucket: ['READ'] } }),
        at: 'Acl',
        problem: 'public_permission grants {"access_to_bucket":["READ"]} to everyone',
      },
      {
        name: 'a policy allowing everyone',
        build: (s) => void new ObsBucketPolicy(s, 'Policy', { bucket: 'test-lfs', policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { ID: ['*'] }, Action: ['GetObject'] }] }) }),
        at: 'Policy',
        problem: 'policy Statement[0] allows everyone (Principal {"ID":["*"]})',
      },
      {
        name: 'a policy that is no literal JSON',
        build: (s) => void new ObsBucketPolicy(s, 'Policy', { bucket: 'test-lfs', policy: '${file("policy.json")}' }),
        at: 'Policy',
        problem: 'policy is not literal JSON ("${file(\\"policy.json\\")}"), so it cannot be checked; build it with JSON.stringify',
      },
    ],
  },
  'EDP-OBS-2': {
    compliant: [{ name: 'SSE-KMS with the key', build: (s) => void bucket(s) }],
    violating: [
      { name: 'no encryption', build: (s) => void bucket(s, { serverSideEncryption: undefined }), at: 'Bucket', problem: 'server_side_encryption is not set' },
      {
        name: 'AES256 without key',
        build: (s) => void bucket(s, { serverSideEncryption: { algorithm: 'AES256', kmsKeyId: '' } }),
        at: 'Bucket',
        problem: 'server_side_encryption.algorithm is "AES256", expected "kms"; server_side_encryption.kms_key_id is not set',
      },
    ],
  },
  'EDP-OBS-3': {
    compliant: [{ name: 'versioning on', build: (s) => void bucket(s) }],
    violating: [
      { name: 'versioning off', build: (s) => void bucket(s, { versioning: false }), at: 'Bucket', problem: 'versioning is false, expected true' },
      { name: 'versioning not set', build: (s) => void bucket(s, { versioning: undefined }), at: 'Bucket', problem: 'versioning is not set, expected true' },
    ],
  },
  'EDP-CCE-1': {
    compliant: [
      { name: 'no public endpoint', build: (s) => void cluster(s) },
      { name: 'a public endpoint with a trust list', build: (s) => void cluster(s, { eip: '80.158.1.3', apiAccessTrustlist: ['203.0.113.0/24'] }) },
    ],
    violating: [
      { name: 'a public endpoint without trust list', build: (s) => void cluster(s, { eip: '80.158.1.3' }), at: 'Cluster', problem: 'eip is "80.158.1.3" (public API endpoint) without api_access_trustlist' },
      {
        name: 'a trust list for everyone',
        build: (s) => void cluster(s, { eip: '80.158.1.3', apiAccessTrustlist: ['0.0.0.0/0'] }),
        at: 'Cluster',
        problem: 'eip is "80.158.1.3" (public API endpoint) and api_access_trustlist allows everyone (0.0.0.0/0)',
      },
    ],
  },
  'EDP-ENC-1': {
    compliant: [
      { name: 'node pool volumes with the key', build: (s) => void nodePool(s) },
      { name: 'cluster master disks encrypted', build: (s) => void cluster(s) },
      { name: 'RDS disk with the key', build: (s) => void database(s) },
      { name: 'an EVS volume with the key', build: (s) => void new EvsVolumeV3(s, 'Volume', { availabilityZone: 'eu-de-01', volumeType: 'SSD', size: 10, kmsId: kmsKey(s).id }) },
    ],
    violating: [
      {
        name: 'node pool volumes without key',
        build: (s) => void nodePool(s, { rootVolume: { size: 50, volumetype: 'SSD' }, dataVolumes: [{ size: 100, volumetype: 'SSD', kmsId: kmsKey(s).id }, { size: 100, volumetype: 'SSD' }] }),
        at: 'NodePool',
        problem: 'root_volume.kms_id is not set; data_volumes[1].kms_id is not set',
      },
      {
        name: 'a node without key',
        build: (s) =>
          void new CceNodeV3(s, 'Node', { clusterId: 'c', availabilityZone: 'eu-de-01', flavorId: 's3.large.2', keyPair: 'k', rootVolume: { size: 40, volumetype: 'SSD' }, dataVolumes: [{ size: 100, volumetype: 'SSD' }] }),
        at: 'Node',
        problem: 'root_volume.kms_id is not set; data_volumes[0].kms_id is not set',
      },
      { name: 'cluster master disks not encrypted', build: (s) => void cluster(s, { enableVolumeEncryption: undefined }), at: 'Cluster', problem: 'enable_volume_encryption is not set, expected true' },
      { name: 'RDS disk without key', build: (s) => void database(s, { volume: { type: 'COMMON', size: 100 } }), at: 'Database', problem: 'volume.disk_encryption_id is not set' },
      { name: 'an EVS volume without key', build: (s) => void new EvsVolumeV3(s, 'Volume', { availabilityZone: 'eu-de-01', volumeType: 'SSD', size: 10 }), at: 'Volume', problem: 'kms_id is not set' },
    ],
  },
  'EDP-TRAEFIK-1': {
    compliant: [
      {
        name: "an Application with the shipped environments' settings",
        build: (s) =>
          void application(
            s,
            traefikValues({
              providers: { kubernetesCRD: { allowCrossNamespace: false, allowExternalNameServices: false }, kubernetesIngress: { ingressClass: 'traefik' }, file: { enabled: false, content: {} }, kubernetesIngressNGINX: { enabled: false } },
              experimental: { plugins: {}, localPlugins: {} },
              additionalArguments: ['--providers.kubernetescrd.allowCrossNamespace=false', '--log.level=INFO'],
            })
          ),
      },
      { name: 'a helm_release without those settings', build: (s) => void release(s, { name: 'traefik', chart: 'traefik', version: '41.3.0', values: ['ingressClass:\n  name: traefik\n'] }) },
      { name: 'cross-namespace on in another chart', build: (s) => void release(s, { values: ['providers:\n  kubernetesCRD:\n    allowCrossNamespace: true\n'] }) },
    ],
    violating: [
      {
        name: 'an Application allowing cross-namespace references and ExternalName Services',
        build: (s) => void application(s, traefikValues({ providers: { kubernetesCRD: { allowCrossNamespace: true }, kubernetesIngress: { allowExternalNameServices: 'true' } } })),
        at: 'Application',
        problem:
          'spec.source.helm.valuesObject: providers.kubernetesCRD.allowCrossNamespace is true (routes of one namespace use Middlewares and Services of any other); spec.source.helm.valuesObject: providers.kubernetesIngress.allowExternalNameServices is "true" (an ExternalName Service makes Traefik proxy to any host)',
      },
      {
        name: 'an Application with a plugin and the ingress-nginx provider',
        build: (s) =>
          void application(s, traefikValues({ experimental: { plugins: { demo: { moduleName: 'github.com/traefik/plugindemo', version: 'v0.2.1' } } }, providers: { kubernetesIngressNGINX: { enabled: true } } })),
        at: 'Application',
        problem:
          'spec.source.helm.valuesObject: providers.kubernetesIngressNGINX.enabled is true (Traefik interprets ingress-nginx annotations on Ingresses); spec.source.helm.valuesObject: experimental.plugins is {"demo":{"moduleName":"github.com/traefik/plugindemo","version":"v0.2.1"}} (plugin code runs inside the proxy)',
      },
      {
        name: "a helm_release with the file provider's content and a local plugin",
        build: (s) => void release(s, { name: 'traefik', chart: 'traefik', version: '41.3.0', values: ['providers:\n  file:\n    enabled: true\n    content: |\n      http: {}\nexperimental:\n  localPlugins:\n    x: {moduleName: x}\n'] }),
        at: 'Release',
        problem: 'values[0]: experimental.localPlugins is {"x":{"moduleName":"x"}} (plugin code runs inside the proxy); values[0]: providers.file.content is "http: {}\\n" (free dynamic configuration (routers, middlewares) outside Kubernetes objects)',
      },
      {
        name: 'a helm_release with the same settings as command-line flags',
        build: (s) => void release(s, { name: 'traefik', chart: 'traefik', version: '41.3.0', values: ['additionalArguments:\n  - --providers.kubernetesCRD.allowCrossNamespace\n  - --providers.kubernetesingressnginx=true\n'] }),
        at: 'Release',
        problem: 'values[0]: additionalArguments has "--providers.kubernetesCRD.allowCrossNamespace"; values[0]: additionalArguments has "--providers.kubernetesingressnginx=true"',
      },
      {
        name: 'a helm_release with set',
        build: (s) => void release(s, { name: 'traefik', chart: 'traefik', version: '41.3.0', set: [{ name: 'providers.kubernetesCRD.allowExternalNameServices', value: 'true' }, { name: 'experimental.plugins.demo.moduleName', value: 'x' }] }),
        at: 'Release',
        problem: 'set providers.kubernetesCRD.allowExternalNameServices is "true"; set experimental.plugins.demo.moduleName is "x"',
      },
    ],
  },
  'EDP-ARGO-1': {
    compliant: [
      { name: "an Application in its stack's project", build: (s) => void application(s) },
      { name: 'an AppProject called default is no Application', build: (s) => void new Manifest(s, 'Project', { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name: 'default' }, spec: {} }) },
    ],
    violating: [
      { name: 'project default', build: (s) => void application(s, { project: 'default' }), at: 'Application', problem: 'spec.project is "default"' },
      { name: 'no project', build: (s) => void application(s, { project: undefined }), at: 'Application', problem: 'spec.project is not set, which ArgoCD treats as "default"' },
    ],
  },
  'EDP-SECRET-1': {
    compliant: [
      { name: 'values naming secrets', build: (s) => void release(s, { values: [JSON.stringify(secretReferences)] }) },
      {
        name: 'a generated password through set_sensitive and values',
        build: (s) => {
          const password = new Password(s, 'Password', { length: 32 });
          release(s, { values: [`configs:\n  secret:\n    argocdServerAdminPassword: ${password.bcryptHash}\n`], setSensitive: [{ name: 'server.token', value: password.result }] });
        },
      },
      { name: 'an Application with references', build: (s) => void application(s, traefikValues(secretReferences)) },
      { name: 'a Secret written by Terraform from a generated password', build: (s) => void new SecretV1(s, 'Secret', { metadata: { name: 'db' }, data: { username: 'forgejo', password: new Password(s, 'Password', { length: 32 }).result } }) },
      { name: 'a generated database password', build: (s) => void database(s) },
      {
        name: 'a manifest that names a generated value by token',
        build: (s) => void application(s, traefikValues({ controller: { service: { annotations: { 'kubernetes.io/elb.id': 'elb-id' } } }, auth: { password: new Password(s, 'Password', { length: 32 }).result } })),
      },
      {
        name: "the raw chart's values, which are the stack's Manifests and checked as such",
        build: (s) => void release(s, { name: 'apps', chart: 'raw', repository: 'https://bedag.github.io/helm-charts', version: '2.0.0', values: ['resources:\n  - kind: Secret\n    stringData: { password: hunter2 }\n'] }),
      },
    ],
    violating: [
      {
        name: 'a literal in values',
        build: (s) => void release(s, { values: ['configs:\n  secret:\n    argocdServerAdminPassword: hunter2\n'] }),
        at: 'Release',
        problem: 'values[0].configs.secret.argocdServerAdminPassword is a literal',
      },
      {
        name: 'literals in set, set_sensitive and repository_password',
        build: (s) => void release(s, { set: [{ name: 'auth.password', value: 'hunter2' }], setSensitive: [{ name: 'x', value: 'hunter2' }], repositoryPassword: 'hunter2' }),
        at: 'Release',
        problem: 'set auth.password is a literal; set_sensitive x is a literal; repository_password is a literal',
      },
      { name: 'values that are no YAML', build: (s) => void release(s, { values: ['a: [b'] }), at: 'Release', problem: 'values[0] is not valid YAML (line 1, column 6: Flow sequence in block collection must be sufficiently indented and end with a ])' },
      {
        name: 'an env var literal in an Application',
        build: (s) => void application(s, traefikValues({ env: [{ name: 'DB_PASSWORD', value: 'hunter2' }], dex: { staticClients: [{ id: 'grafana', secret: 'hunter2' }] } })),
        at: 'Application',
        problem: 'spec.source.helm.valuesObject.env[0].value (DB_PASSWORD) is a literal; spec.source.helm.valuesObject.dex.staticClients[0].secret is a literal',
      },
      {
        name: 'a rendered Secret',
        build: (s) => void new Manifest(s, 'Secret', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, stringData: { password: 'hunter2' } }),
        at: 'Secret',
        problem: 'a Secret manifest carries stringData.password',
      },
      { name: 'a literal in a kubernetes Secret', build: (s) => void new SecretV1(s, 'Secret', { metadata: { name: 'db' }, data: { password: 'hunter2' } }), at: 'Secret', problem: 'data.password is a literal' },
      { name: 'a literal database password', build: (s) => void database(s, { db: { type: 'PostgreSQL', version: '16', password: 'hunter2' } }), at: 'Database', problem: 'db.password is a literal' },
    ],
  },
  'EDP-CHART-1': {
    compliant: [
      { name: 'an exact helm_release version', build: (s) => void release(s) },
      { name: 'an exact version with a v', build: (s) => void release(s, { chart: 'cert-manager', version: 'v1.16.2' }) },
      { name: 'an exact Application targetRevision', build: (s) => void application(s) },
      {
        name: 'a Git source tracking a branch',
        build: (s) => void application(s, { source: { repoURL: 'https://edp.buildth.ing/DevFW-CICD/stacks-instances', path: 'otc', targetRevision: 'HEAD' } }),
      },
    ],
    violating: [
      { name: 'no version', build: (s) => void release(s, { version: undefined }), at: 'Release', problem: 'version of chart "argo-cd" is not set, expected an exact version' },
      { name: 'a range', build: (s) => void release(s, { version: '~9.1.0' }), at: 'Release', problem: 'version of chart "argo-cd" is "~9.1.0", expected an exact version' },
      { name: 'latest', build: (s) => void release(s, { version: 'latest' }), at: 'Release', problem: 'version of chart "argo-cd" is "latest", expected an exact version' },
      {
        name: 'an Application with a wildcard',
        build: (s) => void application(s, { source: { repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', targetRevision: '4.12.*' } }),
        at: 'Application',
        problem: 'spec.source.targetRevision of chart "ingress-nginx" is "4.12.*", expected an exact version',
      },
      {
        name: 'a targetRevision that is a token (shown resolved)',
        build: (s) =>
          void application(s, { source: { repoURL: 'https://kubernetes.github.io/ingress-nginx', chart: 'ingress-nginx', targetRevision: new Password(s, 'Password', { length: 8 }).result } }),
        at: 'Application',
        problem: 'spec.source.targetRevision of chart "ingress-nginx" is "${random_password.Password.result}", expected an exact version',
      },
      {
        name: 'a multi-source Application without targetRevision',
        build: (s) => void application(s, { source: undefined, sources: [{ repoURL: 'https://x.example/git', path: 'a' }, { repoURL: 'https://charts.example', chart: 'coder' }] }),
        at: 'Application',
        problem: 'spec.sources[1].targetRevision of chart "coder" is not set, expected an exact version',
      },
    ],
  },
  'EDP-STATE-1': {
    compliant: [
      {
        name: 'every protected type with prevent_destroy',
        build: (s) => {
          database(s);
          bucket(s);
          cluster(s);
          new CbrVaultV3(s, 'Vault', { name: 'v', billing: { objectType: 'disk', protectType: 'backup', size: 100 }, lifecycle: { preventDestroy: true } });
        },
      },
    ],
    violating: [
      { name: 'a database without lifecycle', build: (s) => void database(s, { lifecycle: undefined }), at: 'Database', problem: 'lifecycle.prevent_destroy is not set, expected true' },
      { name: 'a bucket with prevent_destroy false', build: (s) => void bucket(s, { lifecycle: { preventDestroy: false } }), at: 'Bucket', problem: 'lifecycle.prevent_destroy is false, expected true' },
      { name: 'a KMS key without', build: (s) => void new KmsKeyV1(s, 'Kms', { keyAlias: 'k' }), at: 'Kms', problem: 'lifecycle.prevent_destroy is not set, expected true' },
      { name: 'a cluster without', build: (s) => void cluster(s, { lifecycle: {} }), at: 'Cluster', problem: 'lifecycle.prevent_destroy is not set, expected true' },
      {
        name: 'a backup vault without',
        build: (s) => void new CbrVaultV3(s, 'Vault', { name: 'v', billing: { objectType: 'disk', protectType: 'backup', size: 100 } }),
        at: 'Vault',
        problem: 'lifecycle.prevent_destroy is not set, expected true',
      },
    ],
  },
};

it('has compliant and non-compliant cases for every rule of the pack', () => {
  expect(Object.keys(CASES).sort()).toEqual(POLICY_RULES.map((r) => r.id).sort());
  for (const cases of Object.values(CASES)) {
    expect(cases.compliant.length).toBeGreaterThan(0);
    expect(cases.violating.length).toBeGreaterThan(0);
  }
});

describe.each(Object.keys(CASES))('%s', (id) => {
  const rule = POLICY_RULES.find((r) => r.id === id)!;
  const ofRule = (build: Build, props?: Props) => evaluate(build, props).report.findings.filter((f) => f.rule === id);

  it.each(CASES[id].compliant.map((c) => [c.name, c] as const))('passes: %s', (_name, c) => {
    expect(ofRule(c.build, c.props)).toEqual([]);
  });

  it.each(CASES[id].violating.map((c) => [c.name, c] as const))('fails: %s', (_name, c) => {
    expect(ofRule(c.build, c.props)).toEqual([{ rule: id, path: `test/${c.at}`, message: `${id} ${c.problem} (${rule.reason}). Fix: ${rule.hint}` }]);
  });
});

/**
 * coder (seed 2.2.3): Coder with its own CloudNativePG cluster `coder-db`, signing in through Dex.
 */
import type { KubernetesObject } from '../../contracts/manifest';
import type { SecretRef } from '../secrets';
import { CHARTS } from './charts';
import { DECLARED } from './declarations';
import { core, dexClient } from './core';
import { INGRESS_ANNOTATIONS, INGRESS_CLASS } from './ingress';
import { otc } from './otc';
import type { StackContext, StackModule } from './types';

const NAMESPACE = 'coder';
const CODER_CLIENT = dexClient('coder', 'Coder', '/api/v2/users/oidc/callback');
const CODER_DB = 'coder-db';

function coderDatabase(storageClass: string, user: SecretRef): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: CODER_DB, namespace: NAMESPACE },
    spec: {
      instances: 1,
      primaryUpdateStrategy: 'unsupervised',
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      storage: { size: '10Gi', storageClass },
      bootstrap: { initdb: { database: 'coder', owner: 'coder', secret: { name: user.existing('username', 'password') } } },
      managed: { roles: [{ name: 'coder', ensure: 'present', login: true, createdb: true, passwordSecret: { name: user.existing('username', 'password') } }] },
    },
  };
}

function coderValues(ctx: StackContext, s: Readonly<Record<'db' | 'oidc' | 'edge', SecretRef>>) {
  return {
    coder: {
      env: [
        { name: 'CODER_ACCESS_URL', value: ctx.hosts.url('coder') },
        s.db.env('CODER_PG_CONNECTION_URL', 'uri'),
        { name: 'CODER_OAUTH2_GITHUB_DEFAULT_PROVIDER_ENABLE', value: 'false' },
        { name: 'CODER_OIDC_ISSUER_URL', value: ctx.need(core).dex.issuer },
        { name: 'CODER_OIDC_CLIENT_ID', value: CODER_CLIENT.id },
        s.oidc.env('CODER_OIDC_CLIENT_SECRET', 'client-secret'),
        { name: 'CODER_OIDC_SIGN_IN_TEXT', value: 'Sign in with Forgejo' },
        // Not read by Coder: its built-in provisioners hand the server's environment without CODER_*
        // to the workspace templates' Terraform (provisioner/terraform/safeenv.go), for templates
        // that deploy to Edge Connect. Optional: empty when the credentials are not given.
        s.edge.env('EDGE_CONNECT_ENDPOINT', 'endpoint', true),
        s.edge.env('EDGE_CONNECT_USERNAME', 'username', true),
        s.edge.env('EDGE_CONNECT_PASSWORD', 'password', true),
      ],
      service: { type: 'ClusterIP' },
      ingress: {
        enable: true,
        className: INGRESS_CLASS,
        host: ctx.hosts.host('coder'),
        annotations: INGRESS_ANNOTATIONS,
        tls: { enable: true, secretName: 'coder-tls-secret' },
      },
    },
  };
}

export const coder: StackModule = {
  ...DECLARED.coder,
  ssoClients: CODER_CLIENT.clients,
  build(_scope, ctx) {
    const { secrets } = ctx;
    const password = secrets.password('DatabasePassword');
    const rw = ctx.need(core).postgres(CODER_DB, NAMESPACE);
    const db = secrets.write('DatabaseUserSecret', {
      namespace: NAMESPACE,
      name: 'coder-db-user',
      type: 'kubernetes.io/basic-auth',
      labels: { 'cnpg.io/reload': 'true' },
      data: { username: 'coder', password, uri: `postgres://coder:${password}@${rw.host}:${rw.port}/coder?sslmode=require` },
    });
    const oidc = secrets.write('OidcClientSecret', { namespace: NAMESPACE, name: 'dex-coder-client', data: { 'client-secret': ctx.sso.secret(CODER_CLIENT.id) } });
    // Edge Connect credentials come from outside (TF_VAR_edge_connect_*), empty by default.
    const edge = (name: string, description: string) => secrets.input(`edge_connect_${name}`, description, '');
    const edgeData = { endpoint: edge('endpoint', 'Edge Connect endpoint for Coder (empty: none)'), username: edge('username', 'Edge Connect user'), password: edge('password', 'Edge Connect password') };
    const edgeSecret = secrets.write('EdgeCredentialSecret', { namespace: NAMESPACE, name: 'edge-credential', data: edgeData });
    return {
      applications: [
        {
          name: 'coder',
          namespace: NAMESPACE,
          chart: CHARTS.coder,
          values: coderValues(ctx, { db, oidc, edge: edgeSecret }),
          // Before Coder starts (wave -1); its CRD comes from core's cloudnative-pg Application.
          manifests: [{ object: coderDatabase(ctx.need(otc).storageClass, db), wave: -1 }],
        },
      ],
    };
  },
};

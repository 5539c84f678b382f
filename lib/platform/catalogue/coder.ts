/**
 * coder (seed 2.2.3): Coder with its own CloudNativePG cluster `coder-db`, signing in through Dex.
 */
import { TerraformVariable } from 'cdktf';
import type { KubernetesObject } from '../../contracts/manifest';
import { CHARTS } from './charts';
import { fromSecret, host, INGRESS_ANNOTATIONS, INGRESS_CLASS, url } from './ingress';
import type { StackContext, StackModule } from './types';

const NAMESPACE = 'coder';
export const CODER_DB_SECRET = 'coder-db-user';
export const CODER_CLIENT_ID = 'controller-coder-dex';
const CODER_OIDC_SECRET = 'dex-coder-client';
const EDGE_SECRET = 'edge-credential';

export function coderDatabase(storageClass: string): KubernetesObject {
  return {
    apiVersion: 'postgresql.cnpg.io/v1',
    kind: 'Cluster',
    metadata: { name: 'coder-db', namespace: NAMESPACE },
    spec: {
      instances: 1,
      primaryUpdateStrategy: 'unsupervised',
      resources: { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
      storage: { size: '10Gi', storageClass },
      bootstrap: { initdb: { database: 'coder', owner: 'coder', secret: { name: CODER_DB_SECRET } } },
      managed: { roles: [{ name: 'coder', ensure: 'present', login: true, createdb: true, passwordSecret: { name: CODER_DB_SECRET } }] },
    },
  };
}

function coderValues(ctx: StackContext) {
  const coderHost = host(ctx.domain, 'coder');
  return {
    coder: {
      env: [
        { name: 'CODER_ACCESS_URL', value: url(ctx.domain, 'coder') },
        fromSecret('CODER_PG_CONNECTION_URL', CODER_DB_SECRET, 'uri'),
        { name: 'CODER_OAUTH2_GITHUB_DEFAULT_PROVIDER_ENABLE', value: 'false' },
        { name: 'CODER_OIDC_ISSUER_URL', value: url(ctx.domain, 'dex') },
        { name: 'CODER_OIDC_CLIENT_ID', value: CODER_CLIENT_ID },
        fromSecret('CODER_OIDC_CLIENT_SECRET', CODER_OIDC_SECRET, 'client-secret'),
        { name: 'CODER_OIDC_SIGN_IN_TEXT', value: 'Sign in with Forgejo' },
        // Optional: Coder starts without Edge Connect when the credentials are not given.
        fromSecret('EDGE_CONNECT_ENDPOINT', EDGE_SECRET, 'endpoint', true),
        fromSecret('EDGE_CONNECT_USERNAME', EDGE_SECRET, 'username', true),
        fromSecret('EDGE_CONNECT_PASSWORD', EDGE_SECRET, 'password', true),
      ],
      service: { type: 'ClusterIP' },
      ingress: {
        enable: true,
        className: INGRESS_CLASS,
        host: coderHost,
        annotations: INGRESS_ANNOTATIONS,
        tls: { enable: true, secretName: 'coder-tls-secret' },
      },
    },
  };
}

export const coder: StackModule = {
  name: 'coder',
  needs: ['core', 'otc'],
  needsCloud: true,
  hosts: ['coder'],
  ssoClients: (domain) => [
    { id: CODER_CLIENT_ID, name: 'Coder', redirectURIs: [`${url(domain, 'coder')}/api/v2/users/oidc/callback`], secretEnv: 'CODER_CLIENT_SECRET' },
  ],
  build(scope, ctx) {
    const { secrets } = ctx;
    const password = secrets.password('DatabasePassword');
    secrets.write('DatabaseUserSecret', {
      namespace: NAMESPACE,
      name: CODER_DB_SECRET,
      type: 'kubernetes.io/basic-auth',
      labels: { 'cnpg.io/reload': 'true' },
      data: { username: 'coder', password, uri: `postgres://coder:${password}@coder-db-rw.${NAMESPACE}.svc:5432/coder?sslmode=require` },
    });
    secrets.write('OidcClientSecret', { namespace: NAMESPACE, name: CODER_OIDC_SECRET, data: { 'client-secret': ctx.sso.secret(CODER_CLIENT_ID) } });
    // Edge Connect credentials come from outside (TF_VAR_edge_connect_*); empty leaves it off.
    const edge = (name: string, description: string) => {
      const v = new TerraformVariable(scope, `EdgeConnect${name[0].toUpperCase()}${name.slice(1)}`, { type: 'string', sensitive: true, default: '', description });
      v.overrideLogicalId(`edge_connect_${name}`);
      return v.stringValue;
    };
    secrets.write('EdgeCredentialSecret', {
      namespace: NAMESPACE,
      name: EDGE_SECRET,
      data: { endpoint: edge('endpoint', 'Edge Connect endpoint for Coder (empty: none)'), username: edge('username', 'Edge Connect user'), password: edge('password', 'Edge Connect password') },
    });
    return {
      applications: [
        {
          name: 'coder',
          namespace: NAMESPACE,
          chart: CHARTS.coder,
          values: coderValues(ctx),
          // Before Coder starts (wave -1); its CRD comes from core's cloudnative-pg Application.
          manifests: [{ object: coderDatabase(ctx.storageClass), wave: -1 }],
        },
      ],
      urls: { coder_url: url(ctx.domain, 'coder') },
    };
  },
};

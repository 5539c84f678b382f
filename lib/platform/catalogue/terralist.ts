/**
 * terralist (seed 2.2.4): private Terraform registry, signing in through Dex, SQLite on a 10Gi
 * ReadWriteOnce volume (hence the Recreate strategy).
 */
import { CHARTS } from './charts';
import { DECLARED } from './declarations';
import { core, dexClient } from './core';
import type { SecretRef } from '../secrets';
import { chartIngress } from './ingress';
import { otc } from './otc';
import type { StackContext, StackModule } from './types';

const NAMESPACE = 'terralist';
const TERRALIST_CLIENT = dexClient('terralist', 'Terralist', '/v1/api/auth/redirect');

function terralistValues(ctx: StackContext, oidc: SecretRef) {
  const dex = ctx.need(core).dex;
  return {
    controllers: {
      main: {
        strategy: 'Recreate',
        // The chart's container is `app` (values.yaml); any other name is a second container
        // without an image, which bjw-s common refuses (templates/common.yaml:4).
        containers: {
          app: {
            env: [
              { name: 'TERRALIST_URL', value: ctx.hosts.url('terralist') },
              { name: 'TERRALIST_OAUTH_PROVIDER', value: 'oidc' },
              { name: 'TERRALIST_OI_AUTHORIZE_URL', value: dex.authorize },
              { name: 'TERRALIST_OI_TOKEN_URL', value: dex.token },
              { name: 'TERRALIST_OI_USERINFO_URL', value: dex.userinfo },
              oidc.env('TERRALIST_OI_CLIENT_ID', 'client_id'),
              oidc.env('TERRALIST_OI_CLIENT_SECRET', 'client_secret'),
              oidc.env('TERRALIST_TOKEN_SIGNING_SECRET', 'token_signing_secret'),
              { name: 'TERRALIST_DATABASE_BACKEND', value: 'sqlite' },
              { name: 'TERRALIST_SQLITE_PATH', value: '/data/database.db' },
              { name: 'TERRALIST_MODULES_STORAGE_RESOLVER', value: 'local' },
              { name: 'TERRALIST_PROVIDERS_STORAGE_RESOLVER', value: 'local' },
              { name: 'TERRALIST_LOCAL_STORE', value: '/data/modules' },
            ],
          },
        },
      },
    },
    ingress: { main: chartIngress(ctx.hosts.host('terralist'), 'terralist-tls-secret', { service: { identifier: 'main' } }) },
    persistence: { data: { enabled: true, size: '10Gi', storageClass: ctx.need(otc).storageClass, accessMode: 'ReadWriteOnce', globalMounts: [{ path: '/data' }] } },
  };
}

export const terralist: StackModule = {
  ...DECLARED.terralist,
  ssoClients: TERRALIST_CLIENT.clients,
  build(_scope, ctx) {
    const { secrets } = ctx;
    const oidc = secrets.write('OidcSecret', {
      namespace: NAMESPACE,
      name: 'terralist-oidc-secrets',
      data: {
        authority_url: ctx.need(core).dex.issuer,
        client_id: TERRALIST_CLIENT.id,
        client_secret: ctx.sso.secret(TERRALIST_CLIENT.id),
        token_signing_secret: secrets.password('TokenSigningSecret', { length: 48 }),
      },
    });
    return {
      applications: [{ name: 'terralist', namespace: NAMESPACE, chart: CHARTS.terralist, values: terralistValues(ctx, oidc) }],
    };
  },
};

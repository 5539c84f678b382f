import { OpentelekomcloudProvider } from '@cdktf/provider-opentelekomcloud/lib/provider';
import { Construct } from 'constructs';

export interface OtcProviderProps {
  readonly region: string;
  /** IAM project name (tenant_name), e.g. `eu-de` or `eu-de_edp`. */
  readonly project: string;
}

/**
 * The OTC provider for one region and project. Credentials are never configured here: the
 * provider reads OS_DOMAIN_NAME with OS_USERNAME/OS_PASSWORD or OS_ACCESS_KEY/OS_SECRET_KEY from
 * the environment of whoever runs plan or deploy.
 */
export function configureOtc(scope: Construct, props: OtcProviderProps): OpentelekomcloudProvider {
  return new OpentelekomcloudProvider(scope, 'Otc', {
    authUrl: `https://iam.${props.region}.otc.t-systems.com/v3`,
    region: props.region,
    tenantName: props.project,
  });
}

/**
 * CloudServices made of Terraform variables (`${var.elb_id}`, ...): builds the platform layer
 * without an infra layer, for the architecture docs (lib/ops/docs) and the platform tests. Every
 * value is a reference, never a literal presented as a real id; secrets are sensitive variables.
 */
import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import type { CloudServices } from '../contracts/cloud';
import { BACKUP_TAG_KEY } from '../contracts/backup';

export function standInServices(scope: Construct): CloudServices {
  const v = (name: string, sensitive = false) => new TerraformVariable(scope, name, { type: 'string', sensitive }).stringValue;
  return {
    loadBalancer: { id: v('elb_id'), elbClass: 'performance', publicIp: v('elb_ip'), backendCidr: v('elb_backend_cidr') },
    database: { host: v('db_host'), port: v('db_port'), username: v('db_user'), password: v('db_password', true) },
    objectStorage: {
      endpoint: v('obs_endpoint'),
      region: v('obs_region'),
      buckets: { lfs: v('bucket_lfs'), artifacts: v('bucket_artifacts'), packages: v('bucket_packages'), backups: v('bucket_backups') },
      accessKey: v('obs_access_key', true),
      secretKey: v('obs_secret_key', true),
    },
    encryption: { kmsKeyId: v('kms_key_id') },
    volumeAvailabilityZone: v('volume_az'),
    volumeTags: { [BACKUP_TAG_KEY]: v('backup_tag') },
    // No infra layer here: no node pools or DNS records to wait for (depends_on takes resources).
    clusterReady: [],
    dnsRecords: [],
  };
}

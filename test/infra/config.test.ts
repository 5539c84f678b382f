/** Validations for what the infra layer (and OTC behind it) would refuse; each a `fails if` test. */
import { NONPROD_TENANT, nonprod, problems } from '../support/env-tree';

const F = 'environments/nonprod/x.yaml';
const T = 'environments/nonprod/tenant.yaml';
const withTenant = (tenant: string, env = 'stacks: [core]\n') => ({ 'nonprod/tenant.yaml': tenant, 'nonprod/x.yaml': env });

describe('tenant checks for OTC', () => {
  it('fails if the project is not the region base project (OBS encrypts only with base-project keys)', () => {
    expect(problems(withTenant(NONPROD_TENANT.replace('project: eu-de', 'project: eu-de_edp')))).toEqual([
      `${T}: otc.project: expected the region's base project "eu-de" (OBS server-side encryption accepts only KMS keys of the base project), got "eu-de_edp"`,
    ]);
  });

  it('fails if the project belongs to another region', () => {
    expect(problems(withTenant(NONPROD_TENANT.replace('project: eu-de', 'project: eu-nl')))).toEqual([
      `${T}: otc.project: expected a project of region eu-de ("eu-de" or "eu-de_<name>"), got "eu-nl"`,
    ]);
  });

  it('fails if the DNS zone does not hold the tenant domain', () => {
    expect(problems(withTenant(NONPROD_TENANT.replace('domain: t09.de', 'domain: t09.de\ndnsZone: example.org')))).toEqual([
      `${T}: dnsZone: expected a zone that holds the tenant domain t09.de, got "example.org"`,
    ]);
  });

  it('accepts a DNS zone above the tenant domain', () => {
    expect(problems(withTenant(NONPROD_TENANT.replace('domain: t09.de', 'domain: edp.t09.de\ndnsZone: t09.de')))).toEqual([]);
  });

  it('fails if the tenant folder name starts with a digit (CCE and RDS names must start with a letter)', () => {
    expect(problems({ '1nonprod/tenant.yaml': NONPROD_TENANT, '1nonprod/x.yaml': 'stacks: [core]\n' })).toEqual([
      'environments/1nonprod/tenant.yaml: expected a tenant folder name that starts with a letter (CCE cluster and RDS instance names must), got "1nonprod"',
    ]);
  });
});

describe('environment checks for the infra layer', () => {
  it('fails if the domain lies outside the tenant DNS zone', () => {
    expect(problems(nonprod('domain: x.example.org\n'))).toEqual([`${F}: domain: expected a domain inside the tenant's DNS zone t09.de, got "x.example.org"`]);
  });

  it('fails if the database volume is not a multiple of 10 GB', () => {
    expect(problems(nonprod('database:\n  volumeGb: 105\n'))).toEqual([`${F}: database.volumeGb: expected a multiple of 10 (RDS sizes volumes in steps of 10 GB), got 105`]);
  });

  it('fails if the backup window is not one hour long', () => {
    expect(problems(nonprod('database:\n  backupWindow: "01:00-04:00"\n'))).toEqual([
      `${F}: database.backupWindow: expected a window of one hour (RDS requires it), e.g. "01:00-02:00", got "01:00-04:00"`,
    ]);
  });

  it('accepts a backup window across midnight', () => {
    expect(problems(nonprod('database:\n  backupWindow: "23:00-00:00"\n'))).toEqual([]);
  });

  it('fails if the egress bandwidth is out of range', () => {
    expect(problems(nonprod('network:\n  egressBandwidthMbit: 0\n'))).toEqual([`${F}: network.egressBandwidthMbit: expected a whole number from 1 to 2000, got 0`]);
  });

  it('fails if a node disk is smaller than CCE allows', () => {
    const env = 'cluster:\n  nodePools:\n    - name: default\n      rootVolumeGb: 20\n      dataVolumeGb: 50\n';
    expect(problems(nonprod(env))).toEqual([
      `${F}: cluster.nodePools[0].rootVolumeGb: expected a whole number from 40 to 1024, got 20`,
      `${F}: cluster.nodePools[0].dataVolumeGb: expected a whole number from 100 to 32768, got 50`,
    ]);
  });

  it('fails if the service range overlaps the pod range', () => {
    expect(problems(nonprod('cluster:\n  serviceCidr: 172.16.128.0/20\n'))).toEqual([
      `${F}: cluster.serviceCidr: expected a range that does not overlap cluster.containerCidr 172.16.0.0/16, got "172.16.128.0/20"`,
    ]);
  });

  it('fails if the public API ranges are not CIDRs, or would open it to everyone', () => {
    expect(problems(nonprod('cluster:\n  publicApiCidrs: [0.0.0.0/0, 1.2.3.4]\n'))).toEqual([
      `${F}: cluster.publicApiCidrs[0]: expected a range from /8 to /32 (the Kubernetes API is not for the whole internet), got "0.0.0.0/0"`,
      `${F}: cluster.publicApiCidrs[1]: expected an IPv4 range such as "198.51.100.7/32", got "1.2.3.4"`,
    ]);
    expect(problems(nonprod('cluster:\n  publicApiCidrs: [198.51.100.7/24, 300.1.1.1/32]\n'))).toEqual([
      `${F}: cluster.publicApiCidrs[0]: expected a network address (host bits zero), got "198.51.100.7/24"`,
      `${F}: cluster.publicApiCidrs[1]: expected an IPv4 range such as "198.51.100.7/32", got "300.1.1.1/32"`,
    ]);
    expect(problems(nonprod('cluster:\n  publicApiCidrs: [198.51.100.7/32, 10.0.0.0/8]\n'))).toEqual([]);
  });

  it('fails if a node pool sits in a zone of another region', () => {
    const env = 'cluster:\n  nodePools:\n    - name: default\n      availabilityZone: eu-nl-01\n';
    expect(problems(nonprod(env))).toEqual([`${F}: cluster.nodePools[0].availabilityZone: expected one of the environment's availabilityZones (eu-de-01, eu-de-02, eu-de-03), got "eu-nl-01"`]);
  });
});

/**
 * DNS records of the environment in the tenant's public zone. The zone is looked up, never created
 * or destroyed here: it belongs to the tenant and holds every environment. Two A records point at
 * the ELB: the environment domain (Forgejo) and `*.<domain>` (every other service).
 */
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DataOpentelekomcloudDnsZoneV2 } from '@cdktf/provider-opentelekomcloud/lib/data-opentelekomcloud-dns-zone-v2';
import { DnsRecordsetV2 } from '@cdktf/provider-opentelekomcloud/lib/dns-recordset-v2';

const TTL_SECONDS = 300;

export interface DnsProps {
  /** Public zone, e.g. `buildth.ing`; the domain lies inside it. */
  readonly zone: string;
  /** Environment domain, e.g. `edp.buildth.ing`. */
  readonly domain: string;
  readonly address: string;
}

export class Dns extends Construct {
  readonly zoneId: string;
  /** The records, for `depends_on` of what needs the names to resolve (ACME HTTP-01). */
  readonly records: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: DnsProps) {
    super(scope, id);
    const zone = new DataOpentelekomcloudDnsZoneV2(this, 'Zone', { name: `${props.zone}.`, zoneType: 'public' });
    this.records = [
      new DnsRecordsetV2(this, 'Domain', { zoneId: zone.id, name: `${props.domain}.`, type: 'A', ttl: TTL_SECONDS, records: [props.address] }),
      new DnsRecordsetV2(this, 'Wildcard', { zoneId: zone.id, name: `*.${props.domain}.`, type: 'A', ttl: TTL_SECONDS, records: [props.address] }),
    ];
    this.zoneId = zone.id;
  }
}

/**
 * Environment config -> props of the infra layer. The only place that knows both: defaults are
 * already applied by the schema, this file only shapes them (flavour names, zones, name prefixes).
 */
import { clusterFlavor, databaseFlavor } from '../config/defaults';
import { dnsZoneOf } from '../config/domains';
import { OtcEnvironment } from '../config/model';
import { bucketPrefix } from '../config/naming';
import type { InfrastructureProps } from '../infra';

export function infraProps(env: OtcEnvironment): InfrastructureProps {
  const s = env.settings;
  const zones = s.availabilityZones;
  return {
    namePrefix: env.stackId,
    region: env.tenant.otc.region,
    project: env.tenant.otc.project,
    availabilityZones: zones,
    protect: s.protection,
    network: { vpcCidr: s.network.vpcCidr, subnetCidr: s.network.subnetCidr, egressBandwidthMbit: s.network.egressBandwidthMbit },
    manager: env.manager ? { stackId: env.manager.stackId, state: env.manager.state } : undefined,
    managesOthers: (env.managedEnvironments?.length ?? 0) > 0,
    cluster: {
      version: s.cluster.version,
      flavor: clusterFlavor(s.cluster.highAvailability, s.cluster.size),
      highAvailability: s.cluster.highAvailability,
      containerCidr: s.cluster.containerCidr,
      serviceCidr: s.cluster.serviceCidr,
      publicApiCidrs: s.cluster.publicApiCidrs,
      nodePools: s.cluster.nodePools.map((pool) => ({
        name: pool.name,
        flavor: pool.flavor,
        availabilityZone: pool.availabilityZone ?? zones[0],
        initialNodes: pool.count,
        minNodes: pool.autoscaling.min,
        maxNodes: pool.autoscaling.max,
        rootVolumeGb: pool.rootVolumeGb,
        dataVolumeGb: pool.dataVolumeGb,
      })),
    },
    database: {
      version: s.database.version,
      flavor: databaseFlavor(s.database.flavor, s.database.highAvailability),
      highAvailability: s.database.highAvailability,
      volumeGb: s.database.volumeGb,
      backupWindow: s.database.backupWindow,
      backupRetentionDays: s.database.backupRetentionDays,
    },
    objectStorage: { bucketPrefix: bucketPrefix(env.tenant.domain, env.name) },
    loadBalancer: { bandwidthMbit: s.loadBalancer.bandwidthMbit },
    dns: { zone: dnsZoneOf(env.tenant), domain: env.domain },
    backup: { retentionDays: s.backup.retentionDays },
  };
}

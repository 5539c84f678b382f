/**
 * `npm run envs`: what every environment is, from the config alone (the loader, no synth): stack
 * id, domain, stacks, cluster size, database, protection, central observability and who deploys it.
 */
import { clusterFlavor, databaseFlavor } from '../config/defaults';
import type { EnvironmentConfig } from '../config/model';
import { textTable } from './table';

export interface InventoryEntry {
  readonly stackId: string;
  readonly tenant: string;
  readonly name: string;
  readonly tier: 'production' | 'non-production' | 'local';
  readonly domain: string;
  readonly stacks: readonly string[];
  /** Absent on the local tier (an existing cluster). */
  readonly cluster?: {
    readonly version: string;
    readonly highAvailability: boolean;
    /** CCE flavour, e.g. `cce.s2.medium`. */
    readonly flavor: string;
    readonly nodePools: readonly {
      readonly name: string;
      readonly flavor: string;
      readonly count: number;
      readonly min: number;
      readonly max: number;
      readonly availabilityZone: string;
    }[];
  };
  readonly database?: { readonly version: string; readonly highAvailability: boolean; readonly flavor: string; readonly volumeGb: number };
  /** prevent_destroy on the stateful resources; absent on the local tier. */
  readonly protection?: boolean;
  /** `central`: runs the observability stack; `client`: sends to `central`; `none`. */
  readonly observability: { readonly role: 'central' | 'client' | 'none'; readonly central?: string };
  /** Whose runners deploy it (`manager:`), and which environments it deploys itself. */
  readonly deployedBy: { readonly manager?: string; readonly runnerLabel?: string; readonly manages: readonly string[] };
}

export function inventory(envs: readonly EnvironmentConfig[]): InventoryEntry[] {
  return envs.map((env) => {
    const stacks = env.settings.stacks;
    const observability = stacks.includes('observability')
      ? { role: 'central' as const }
      : env.central
        ? { role: 'client' as const, central: env.central.stackId }
        : { role: 'none' as const };
    const deployedBy = { ...(env.manager ? { manager: env.manager.stackId, runnerLabel: env.manager.runnerLabel } : {}), manages: env.managedEnvironments ?? [] };
    const common = { stackId: env.stackId, tenant: env.tenantName, name: env.name, domain: env.domain, stacks, observability, deployedBy };
    if (env.kind === 'local') return { ...common, tier: 'local' as const };
    const { cluster, database, availabilityZones } = env.settings;
    return {
      ...common,
      tier: env.tenant.tier,
      cluster: {
        version: cluster.version,
        highAvailability: cluster.highAvailability,
        flavor: clusterFlavor(cluster.highAvailability, cluster.size),
        nodePools: cluster.nodePools.map((p) => ({
          name: p.name,
          flavor: p.flavor,
          count: p.count,
          min: p.autoscaling.min,
          max: p.autoscaling.max,
          availabilityZone: p.availabilityZone ?? availabilityZones[0],
        })),
      },
      database: { version: database.version, highAvailability: database.highAvailability, flavor: databaseFlavor(database.flavor, database.highAvailability), volumeGb: database.volumeGb },
      protection: env.settings.protection,
    };
  });
}

export const INVENTORY_HEADERS = ['STACK', 'DOMAIN', 'STACKS', 'CLUSTER', 'NODE POOLS', 'DATABASE', 'PROTECTION', 'OBSERVABILITY', 'DEPLOYED BY'] as const;

/** One row of text cells per environment, in INVENTORY_HEADERS order. */
export function inventoryCells(e: InventoryEntry): string[] {
  const cluster = e.cluster ? `${e.cluster.flavor}${e.cluster.highAvailability ? ' HA' : ''} ${e.cluster.version}` : 'existing (kubeconfig)';
  const pools = e.cluster ? e.cluster.nodePools.map((p) => `${p.name} ${p.count}x ${p.flavor} (${p.min}-${p.max}) ${p.availabilityZone}`).join('; ') : '-';
  const db = e.database ? `pg${e.database.version}${e.database.highAvailability ? ' HA' : ''} ${e.database.volumeGb}GB` : '-';
  const protection = e.protection === undefined ? '-' : e.protection ? 'on' : 'off';
  const observability = e.observability.role === 'client' ? `-> ${e.observability.central}` : e.observability.role === 'central' ? 'central' : '-';
  const deployedBy = e.deployedBy.manager ? `${e.deployedBy.manager} (runs-on ${e.deployedBy.runnerLabel})` : e.tier === 'local' ? 'workstation (kubeconfig)' : 'by hand (no manager)';
  return [e.stackId, e.domain, e.stacks.join(','), cluster, pools, db, protection, observability, deployedBy];
}

export function inventoryTable(entries: readonly InventoryEntry[]): string {
  return textTable(INVENTORY_HEADERS, entries.map(inventoryCells));
}

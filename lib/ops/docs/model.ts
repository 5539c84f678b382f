/**
 * What docs/architecture.md shows, read from the code itself: the infra layer's constructs (built
 * with the production defaults) with the resource types each creates and the references between
 * them, and the platform catalogue (every stack built at once) with its Applications and URLs.
 * Nothing here reads an environment file, so editing an environment never makes the doc stale.
 */
import { Release } from '@cdktf/provider-helm/lib/release';
import { App, TerraformElement, TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { DEFAULTS, clusterFlavor, databaseFlavor } from '../../config/defaults';
import { Infrastructure, InfrastructureProps } from '../../infra';
import { Platform } from '../../platform';
import { isApplication } from '../../platform/argocd/types';
import { CHARTS } from '../../platform/catalogue/charts';
import { STACKS } from '../../platform/catalogue/index';
import { Manifest } from '../../contracts/manifest';
import { pascal } from '../../platform/secrets';
import { standInServices } from '../../platform/stand-in-services';
import { SEED_VERSIONS } from '../versions/seed';

export interface InfraPart {
  /** Construct id under `Infra` (`Network`, `Cluster`, ...). */
  readonly id: string;
  /** Terraform resource and data source types it creates, sorted, without the provider prefix. */
  readonly types: readonly string[];
  /** Ids of the other parts it references (Cluster uses Network, Encryption, ...). */
  readonly uses: readonly string[];
}

export interface StackPart {
  readonly name: string;
  readonly needs: readonly string[];
  readonly needsCloud: boolean;
  readonly applications: readonly { readonly name: string; readonly namespace: string; readonly charts: readonly string[] }[];
  /** Public URLs, with `<domain>` for the environment domain. */
  readonly urls: readonly string[];
}

export interface ChartPart {
  readonly chart: string;
  readonly repoURL: string;
  /** The seed's version as it spells it, or why it has none (`lib/ops/versions/seed.ts`). */
  readonly seed: string;
  /** The pinned version (`lib/platform/catalogue/charts.ts`). */
  readonly shipped: string;
  /** Applications (`<stack>/<application>`) and Terraform helm releases (`terraform <release>`) using it. */
  readonly usedBy: readonly string[];
}

export interface ArchitectureModel {
  readonly infra: readonly InfraPart[];
  readonly stacks: readonly StackPart[];
  /** Chart and version of the Argo CD bootstrap release. */
  readonly bootstrap: string;
  /** Every pinned chart, in the order of CHARTS. */
  readonly charts: readonly ChartPart[];
}

const DOMAIN = '<domain>';

/** The infra layer's props from the production defaults (`lib/config/defaults.ts`). */
function referenceInfraProps(): InfrastructureProps {
  const d = DEFAULTS.production;
  const zones = d.availabilityZoneSuffixes.map((s) => `eu-de-${s}`);
  const pool = d.cluster.nodePool;
  return {
    namePrefix: 'tenant-env',
    region: 'eu-de',
    project: 'eu-de',
    availabilityZones: zones,
    protect: true,
    network: { ...d.network },
    // Every OTC environment shown as a managed one: its API trusts its manager's egress address.
    manager: { stackId: 'tenant-manager', state: { bucket: 'tenant-state', key: 'manager/terraform.tfstate', region: 'eu-de' } },
    managesOthers: false,
    cluster: {
      version: d.cluster.version,
      flavor: clusterFlavor(d.cluster.highAvailability, d.cluster.size),
      highAvailability: d.cluster.highAvailability,
      containerCidr: d.cluster.containerCidr,
      serviceCidr: d.cluster.serviceCidr,
      publicApiCidrs: [],
      nodePools: [{ name: pool.name, flavor: pool.flavor, availabilityZone: zones[0], initialNodes: pool.count, minNodes: pool.autoscaling.min, maxNodes: pool.autoscaling.max, rootVolumeGb: pool.rootVolumeGb, dataVolumeGb: pool.dataVolumeGb }],
    },
    database: {
      version: d.database.version,
      flavor: databaseFlavor(d.database.flavor, d.database.highAvailability),
      highAvailability: d.database.highAvailability,
      volumeGb: d.database.volumeGb,
      backupWindow: d.database.backupWindow,
      backupRetentionDays: d.database.backupRetentionDays,
    },
    objectStorage: { bucketPrefix: 'tenant-env' },
    loadBalancer: { ...d.loadBalancer },
    dns: { zone: 'example.org', domain: 'env.example.org' },
    backup: { ...d.backup },
  };
}

function descendants(root: IConstruct): IConstruct[] {
  return root.node.findAll();
}

/** Logical id of every Terraform element under `root`, mapped to the `Infra` child it belongs to. */
function owners(stack: TerraformStack, infra: Infrastructure): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of infra.node.children) {
    for (const c of descendants(part)) if (c instanceof TerraformElement) map.set(stack.getLogicalId(c), part.node.id);
  }
  return map;
}

function infraParts(): InfraPart[] {
  const stack = new TerraformStack(new App({ skipValidation: true }), 'docs');
  const infra = new Infrastructure(stack, 'Infra', referenceInfraProps());
  const ownerOf = owners(stack, infra);
  const json = stack.toTerraform() as { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> };
  const uses = new Map<string, Set<string>>();
  for (const section of [json.resource ?? {}, json.data ?? {}]) {
    for (const blocks of Object.values(section)) {
      for (const [logicalId, body] of Object.entries(blocks)) {
        const owner = ownerOf.get(logicalId);
        if (!owner) continue;
        for (const m of JSON.stringify(body).matchAll(/\$\{(?:data\.)?[a-z0-9_]+\.([A-Za-z0-9_-]+)\./g)) {
          const used = ownerOf.get(m[1]);
          if (used && used !== owner) (uses.get(owner) ?? uses.set(owner, new Set()).get(owner)!).add(used);
        }
      }
    }
  }
  return infra.node.children
    .filter((part) => descendants(part).some((c) => c instanceof TerraformResource))
    .map((part) => ({
      id: part.node.id,
      types: [...new Set(descendants(part).filter((c): c is TerraformResource => c instanceof TerraformResource).map((r) => r.terraformResourceType.replace(/^opentelekomcloud_/, '')))].sort(),
      uses: [...(uses.get(part.node.id) ?? [])].sort(),
    }));
}

/** `edp-stack-` for `edp-stack-core`, `edp-stack-otc`, ... */
function commonPrefix(names: readonly string[]): string {
  let prefix = names[0];
  for (const n of names) while (!n.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

function stackParts(): { stacks: StackPart[]; bootstrap: string; charts: ChartPart[] } {
  const stack = new TerraformStack(new App({ skipValidation: true }), 'docs');
  const platform = new Platform(stack, 'Platform', {
    stackId: 'tenant-env',
    domain: DOMAIN,
    stacks: STACKS.map((s) => s.name),
    sso: { organisation: 'organisation', forgejoUrl: 'https://forgejo.example.org' },
    gitops: { repoURL: 'https://forgejo.example.org/platform/config' },
    remoteStacks: { observability: { domain: '<central domain>', state: { bucket: 'state', key: 'central/terraform.tfstate', region: 'eu-de' } } },
    services: standInServices(stack),
    settings: {
      otc: { acmeEmail: 'acme@example.org' },
      observability: { clients: [], alertMail: { to: 'alerts@example.org', from: 'alertmanager@example.org', smarthost: 'smtp.example.org:587' } },
    },
  });
  const stacks = STACKS.map((module) => {
    const apps = descendants(platform.node.findChild(pascal(module.name))).filter(Manifest.isManifest).map((m) => m.object).filter(isApplication);
    return {
      name: module.name,
      needs: module.needs,
      needsCloud: module.needsCloud,
      applications: apps.map((a) => ({
        name: a.metadata.name,
        namespace: a.spec.destination.namespace,
        charts: a.spec.sources.map((s) => `${s.chart} ${s.targetRevision}`),
      })),
      urls: Object.values(platform.stackUrls.get(module.name) ?? {}),
    };
  });
  const releases = descendants(platform).filter((c): c is Release => c instanceof Release);
  const charts = Object.entries(CHARTS).map(([key, ref]) => {
    const pinned = `${ref.chart} ${ref.version}`;
    const seed = SEED_VERSIONS[key as keyof typeof CHARTS];
    const apps = stacks.flatMap((s) => s.applications.filter((a) => a.charts.includes(pinned)).map((a) => `${s.name}/${a.name}`));
    const tf = releases.filter((r) => r.chartInput === ref.chart && r.versionInput === ref.version).map((r) => r.nameInput ?? '');
    const terraform = tf.length > 3 ? [`terraform ${commonPrefix(tf)}<stack>`] : tf.map((n) => `terraform ${n}`);
    return { chart: ref.chart, repoURL: ref.repoURL, seed: 'version' in seed ? (seed.chart ? `${seed.chart} ${seed.version}` : seed.version) : `- (${seed.none})`, shipped: ref.version, usedBy: [...terraform, ...apps] };
  });
  return { stacks, bootstrap: `${CHARTS.argocd.chart} ${CHARTS.argocd.version}`, charts };
}

export function architectureModel(): ArchitectureModel {
  return { infra: infraParts(), ...stackParts() };
}

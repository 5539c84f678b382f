/**
 * The CCE autoscaler add-on: without it the node pools' autoscaling bounds have no effect. The
 * newest template CCE offers for the cluster's version is installed; later add-on upgrades happen
 * in CCE together with cluster upgrades, so the template version is ignored after creation.
 */
import { Fn, ITerraformDependable, TerraformLocal, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CceAddonV3 } from '@cdktf/provider-opentelekomcloud/lib/cce-addon-v3';
import { DataOpentelekomcloudCceAddonTemplatesV3 } from '@cdktf/provider-opentelekomcloud/lib/data-opentelekomcloud-cce-addon-templates-v3';
import { DataOpentelekomcloudIdentityProjectV3 } from '@cdktf/provider-opentelekomcloud/lib/data-opentelekomcloud-identity-project-v3';

export interface AutoscalerProps {
  readonly clusterId: string;
  /** Kubernetes version the templates are looked up for. */
  readonly clusterVersion: string;
  readonly region: string;
  /** IAM project name (the add-on needs the project id). */
  readonly project: string;
  /** Upper bound on nodes across all pools (the sum of the pools' maxima). */
  readonly maxNodesTotal: number;
  /** The node pools: the add-on's pods need nodes to run on. */
  readonly nodePools: readonly ITerraformDependable[];
}

export class Autoscaler extends Construct {
  /** The add-on resource, for `depends_on` of what needs it running. */
  readonly addon: CceAddonV3;

  constructor(scope: Construct, id: string, props: AutoscalerProps) {
    super(scope, id);
    const templates = new DataOpentelekomcloudCceAddonTemplatesV3(this, 'Templates', {
      addonName: 'autoscaler',
      clusterVersion: props.clusterVersion,
      clusterType: 'VirtualMachine',
    });
    // CCE lists templates by release date, not by version: pick the highest version numerically
    // (each dot-separated part zero-padded, so that 1.31.10 sorts after 1.31.2).
    const keys = new TerraformLocal(
      this,
      'TemplateVersionKeys',
      `\${[for t in ${templates.fqn}.addons : join(".", [for p in split(".", t.addon_version) : try(format("%06d", tonumber(p)), p)])]}`,
    );
    const newest = new TerraformLocal(
      this,
      'NewestTemplate',
      Fn.element(templates.addons, Token.asNumber(Fn.index(keys.asList, Fn.element(Fn.reverse(Fn.sort(keys.asList)), 0)))),
    );
    const template = newest.asAnyMap;
    const project = new DataOpentelekomcloudIdentityProjectV3(this, 'Project', { name: props.project });

    this.addon = new CceAddonV3(this, 'Addon', {
      clusterId: props.clusterId,
      templateName: 'autoscaler',
      templateVersion: Token.asString(Fn.lookup(template, 'addon_version', '')),
      values: {
        basic: {
          cceEndpoint: `https://cce.${props.region}.otc.t-systems.com`,
          ecsEndpoint: `https://ecs.${props.region}.otc.t-systems.com`,
          region: props.region,
          swr_addr: Token.asString(Fn.lookup(template, 'swr_addr', '')),
          swr_user: Token.asString(Fn.lookup(template, 'swr_user', '')),
        },
        custom: {
          cluster_id: props.clusterId,
          tenant_id: project.id,
          maxNodesTotal: String(props.maxNodesTotal),
          // Node count is the bound; cores and memory keep cluster-autoscaler's own defaults.
          coresTotal: '320000',
          memoryTotal: '6400000',
          scaleDownEnabled: 'true',
          scaleUpUnscheduledPodEnabled: 'true',
          scaleUpUtilizationEnabled: 'true',
        },
      },
      dependsOn: [...props.nodePools],
      lifecycle: { ignoreChanges: ['template_version'] },
    });
  }
}

/**
 * The platform layer: Argo CD bootstrapped by Terraform, the generated Secrets, and the
 * Applications of the selected stacks delivered through one raw-chart release per stack.
 *
 * Order on apply: on OTC first the infra layer's `clusterReady` (node pools, add-ons, egress),
 * then namespaces and Secrets, the Argo CD release (which installs the Application CRD), then per
 * stack a release holding its AppProject and Applications (after the releases of the stacks it
 * needs, the Secrets of its namespaces and the DNS records). On destroy the reverse: stack releases first, then Argo CD. Applications
 * carry Argo CD's cascade finalizer, but a helm_release uninstall does not wait for it (helm
 * provider #593): the destroy procedure deletes the Applications and waits first (README).
 */
import { DataTerraformRemoteStateS3, TerraformOutput } from 'cdktf';
import { Release } from '@cdktf/provider-helm/lib/release';
import { Construct } from 'constructs';
import { remoteState } from '../providers/backend';
import { ARGOCD_NAMESPACE, buildApplication, buildAppProject, companionObjects } from './argocd/application';
import { CHARTS } from './catalogue/charts';
import { type Hosts, hostsOf } from './catalogue/ingress';
import { STACKS, type StackSettings } from './catalogue/index';
import type { AppSpec, SsoClient, SsoSecrets, StackContext, StackModule } from './catalogue/types';
import type { StateRef } from '../config/model';
import { Manifest } from '../contracts/manifest';
import { helmValues } from './render';
import { Namespaces, pascal, SecretWriter } from './secrets';
import { dependencyOrder, providedTo } from './stack-order';

/** Stack id, GitOps repository and OTC services (undefined on the local tier) go to every stack unchanged. */
export interface PlatformProps extends Pick<StackContext, 'stackId' | 'gitops' | 'services'> {
  /** Environment domain; every host derives from it. */
  readonly domain: string;
  /** Selected stacks (validated by the config loader). */
  readonly stacks: readonly string[];
  readonly sso: { readonly organisation: string; readonly forgejoUrl: string };
  /**
   * Other environments whose stacks this one's stacks read (their `needsRemote`), by stack name:
   * `observability` is the central environment observability-client reports to.
   */
  readonly remoteStacks?: Readonly<Record<string, { readonly domain: string; readonly state: StateRef }>>;
  /** Each stack's own settings, by stack name: handed to that stack alone (`ctx.settings`). */
  readonly settings?: StackSettings;
}

export class Platform extends Construct {
  /** The Argo CD bootstrap release (ignored by Terraform after the first install). */
  readonly argocd: Release;
  /** One raw-chart release per selected stack, by stack name. */
  readonly deliveries = new Map<string, Release>();
  /** Public URLs of the enabled services, by output name. */
  readonly urls: Readonly<Record<string, string>>;
  /** The same URLs, per stack (for the architecture docs). */
  readonly stackUrls = new Map<string, Readonly<Record<string, string>>>();

  constructor(scope: Construct, id: string, props: PlatformProps) {
    super(scope, id);
    const unknown = props.stacks.filter((s) => !STACKS.some((m) => m.name === s));
    if (unknown.length > 0) throw new Error(`${this.node.path}: unknown stacks ${unknown.join(', ')} (known: ${STACKS.map((s) => s.name).join(', ')})`);
    const modules = dependencyOrder(STACKS.filter((s) => props.stacks.includes(s.name)), this.node.path);

    // Each stack's hosts on the environment domain, by the labels its declaration lists.
    const hostsByStack = new Map(modules.map((m) => [m.name, hostsOf(m, props.domain, this.node.path)]));
    const hostsOfStack = (m: StackModule): Hosts => hostsByStack.get(m.name)!;
    const namespaces = new Namespaces(this, 'Namespaces', props.services?.clusterReady);
    const sso = this.ssoSecrets(modules.flatMap((m) => m.ssoClients?.(hostsOfStack(m)) ?? []), namespaces);
    for (const m of modules) {
      const absent = (m.needsRemote ?? []).filter((n) => !props.remoteStacks?.[n]);
      if (absent.length > 0) throw new Error(`${this.node.path}: stack ${m.name} needs ${absent.join(', ')} of another environment, and none is given`);
    }

    const provided = new Map<string, unknown>();
    const context = (module: StackModule, secrets: SecretWriter, hosts: Hosts): StackContext => ({
      stackId: props.stackId,
      hosts,
      ssoOrganisation: props.sso.organisation,
      ssoForgejoUrl: props.sso.forgejoUrl,
      gitops: props.gitops,
      services: props.services,
      has: (capability) => modules.some((m) => m.capabilities?.includes(capability)),
      sso,
      secrets,
      need: <P>(other: StackModule<P, unknown>): P => providedTo<P>(this.node.path, module, other.name, provided),
      remote: <R>(other: StackModule<unknown, R>): R => {
        const env = props.remoteStacks?.[other.name];
        if (!(module.needsRemote ?? []).includes(other.name) || !env || !other.remote) throw new Error(`${this.node.path}: stack ${module.name} reads stack ${other.name} of another environment, which it does not declare in needsRemote or which provides nothing there`);
        const state = this.stateOf(other.name, env.state);
        return other.remote({ hosts: hostsOf(other, env.domain, this.node.path), consumer: props.stackId, output: (name) => state.get(name) });
      },
      settings: (props.settings as Readonly<Record<string, unknown>> | undefined)?.[module.name],
    });

    const urls: Record<string, string> = {};
    const built = modules.map((module) => {
      const scope = new Construct(this, pascal(module.name));
      const secrets = new SecretWriter(scope, namespaces);
      const hosts = hostsOfStack(module);
      const result = module.build(scope, context(module, secrets, hosts));
      provided.set(module.name, result.provides);
      const stackUrls = Object.fromEntries(module.hosts.map((h) => [`${h || module.name}_url`, hosts.url(h)]));
      Object.assign(urls, stackUrls);
      this.stackUrls.set(module.name, stackUrls);
      return { module, scope, secrets, applications: result.applications, bootstrap: result.bootstrap };
    });
    this.urls = urls;
    // Every Secret a stack writes, by namespace: a release waits for all Secrets in the namespaces
    // it deploys into, whichever stack wrote them (a pod can mount any Secret of its namespace).
    const secretsInto = (names: readonly string[]) => [...new Set(built.flatMap((b) => b.secrets.writtenInto(names)))];

    // Argo CD: installed once by Terraform with the values of the Application a stack declares as
    // its bootstrap, then owned by that Application (same chart, same values): Terraform ignores
    // later changes.
    const bootstraps = built.filter((b) => b.bootstrap);
    const boot = bootstraps.length === 1 ? bootstraps[0].bootstrap : undefined;
    if (!boot?.chart || !boot.values) throw new Error(`${this.node.path}: expected one selected stack that bootstraps Argo CD with a chart and values, got ${bootstraps.map((b) => b.module.name).join(', ') || 'none'} (selected: ${props.stacks.join(', ')})`);
    this.argocd = new Release(this, 'Argocd', {
      name: boot.releaseName ?? boot.name,
      namespace: namespaces.ensure(boot.namespace),
      repository: boot.chart.repoURL,
      chart: boot.chart.chart,
      version: boot.chart.version,
      values: [helmValues(boot.values)],
      // After the nodes and add-ons (its pods need them; `wait` would time out without), and after
      // the Secrets Argo CD reads from its namespace (the Dex client secret).
      dependsOn: [...(props.services?.clusterReady ?? []), ...secretsInto([boot.namespace])],
      wait: true,
      timeout: 900,
      lifecycle: { ignoreChanges: 'all' },
    });

    for (const { module, scope, secrets, applications } of built) {
      const project = new Manifest(scope, 'Project', buildAppProject(module.name, `EDP stack ${module.name}`, applications));
      const apps = applications.map((spec) => this.application(scope, module.name, spec));
      const needed = module.needs.map((n) => this.deliveries.get(n)).filter((r): r is Release => r !== undefined);
      const release = new Release(scope, 'Delivery', {
        name: `edp-stack-${module.name}`,
        namespace: ARGOCD_NAMESPACE,
        repository: CHARTS.raw.repoURL,
        chart: CHARTS.raw.chart,
        version: CHARTS.raw.version,
        values: [helmValues({ resources: [project.object, ...apps.map((a) => a.object)] })],
        // After Argo CD, the Secrets of its namespaces, the stacks it needs and the DNS records
        // (cert-manager orders certificates for the Ingresses as soon as it runs).
        dependsOn: [this.argocd, ...new Set([...secrets.written, ...secretsInto(applications.map((a) => a.namespace))]), ...needed, ...(props.services?.dnsRecords ?? [])],
      });
      this.deliveries.set(module.name, release);
    }

    for (const [name, value] of Object.entries(urls)) {
      new TerraformOutput(this, pascal(name), { value, description: `Public URL (${name.replace(/_url$/, '')})` }).overrideLogicalId(name);
    }
  }

  /** The Application's Manifest, with a Manifest per companion manifest beneath it. */
  private application(scope: Construct, stack: string, spec: AppSpec): Manifest {
    const manifest = new Manifest(scope, `App${pascal(spec.name)}`, buildApplication(stack, spec));
    // Ids by position: object names may be environment names (VMUsers); Manifests are no Terraform
    // resources, so their ids never move state.
    companionObjects(spec).forEach((object, i) => new Manifest(manifest, `${object.kind}${i}`, object));
    return manifest;
  }

  /** One generated secret per Dex client, written by Dex's and the client's stacks. */
  private ssoSecrets(clients: readonly SsoClient[], namespaces: Namespaces): SsoSecrets {
    const scope = new Construct(this, 'Sso');
    const writer = new SecretWriter(scope, namespaces);
    const secrets = new Map(clients.map((c) => [c.id, writer.password(`${pascal(c.id)}Secret`)]));
    return {
      clients,
      secret: (id) => {
        const s = secrets.get(id);
        if (!s) throw new Error(`${scope.node.path}: no Dex client "${id}" (clients: ${[...secrets.keys()].join(', ')})`);
        return s;
      },
    };
  }

  private readonly remoteStates = new Map<string, DataTerraformRemoteStateS3>();

  /** The state of the environment running `stack` for this one (same OBS settings as the backend), read once. */
  private stateOf(stack: string, ref: StateRef): DataTerraformRemoteStateS3 {
    let state = this.remoteStates.get(stack);
    if (!state) {
      state = remoteState(this, `Central${pascal(stack)}State`, ref);
      this.remoteStates.set(stack, state);
    }
    return state;
  }
}

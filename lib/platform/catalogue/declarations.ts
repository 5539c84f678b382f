/**
 * What each stack declares about itself, without building anything: the one place the config
 * loader (through lib/environment-stack/stack-rules.ts) and the stack modules read a stack's name,
 * needs, tier and hosts from. It imports nothing, so that loading and refusing an environment file
 * does not load cdktf and the providers (test/config/light-load.test.ts). The order is the
 * registration order (./index.ts), in which stacks that need nothing of each other are built.
 */

/**
 * What a stack offers the stacks selected with it, without their needing it: `monitored`, a metrics
 * store that scrapes ServiceMonitors (observability, or observability-client sending to a central one).
 */
export type Capability = 'monitored';

export interface StackDeclaration {
  readonly name: string;
  /** Stacks that must be selected too; the platform builds and delivers this one after them. */
  readonly needs: readonly string[];
  /** Stacks of another environment it reads (from that environment's state, `ctx.remote`). */
  readonly needsRemote?: readonly string[];
  /** True when the stack needs OTC resources (refused on the local tier). */
  readonly needsCloud: boolean;
  /**
   * Public hosts of its services, as labels before the environment domain (`argocd` is
   * `argocd.<domain>`; `''` is the domain itself). The loader keeps every host of the tree unique;
   * the platform outputs each as a URL (`argocd_url`; the domain itself as `<stack>_url`).
   */
  readonly hosts: readonly string[];
  /** Ports its Services open on the environment's load balancer besides HTTP and HTTPS (policy). */
  readonly publicPorts?: readonly number[];
  /** True when the stack runs the runners that deploy other environments (`manager:` may name it). */
  readonly runsDeployments?: boolean;
  /** What it offers the other selected stacks (their `ctx.has(capability)`). */
  readonly capabilities?: readonly Capability[];
}

/** Forgejo's SSH port on the load balancer. */
export const FORGEJO_SSH_PORT = 32222;

export const DECLARED = {
  core: { name: 'core', needs: [], needsCloud: false, hosts: ['argocd', 'dex'] },
  otc: { name: 'otc', needs: ['core'], needsCloud: true, hosts: [] },
  forgejo: { name: 'forgejo', needs: ['core', 'otc'], needsCloud: true, runsDeployments: true, hosts: [''], publicPorts: [FORGEJO_SSH_PORT] },
  observability: { name: 'observability', needs: ['core', 'otc'], needsCloud: true, hosts: ['grafana', 'vmauth'], capabilities: ['monitored'] },
  observabilityClient: { name: 'observability-client', needs: ['core', 'otc'], needsRemote: ['observability'], needsCloud: true, hosts: [], capabilities: ['monitored'] },
  coder: { name: 'coder', needs: ['core', 'otc'], needsCloud: true, hosts: ['coder'] },
  terralist: { name: 'terralist', needs: ['core', 'otc'], needsCloud: true, hosts: ['terralist'] },
} as const satisfies Readonly<Record<string, StackDeclaration>>;

/** Every stack's declaration, in registration order. */
export const DECLARATIONS: readonly StackDeclaration[] = Object.values(DECLARED);

/** Ports the selected stacks open on the environment's load balancer, besides HTTP and HTTPS. */
export function publicPorts(stacks: readonly string[]): number[] {
  return DECLARATIONS.filter((s) => stacks.includes(s.name)).flatMap((s) => s.publicPorts ?? []);
}

/**
 * What each stack declares about itself, without building anything: the one place the config
 * loader (through lib/environment-stack/stack-rules.ts) and the stack modules read a stack's name,
 * needs, tier and hosts from. It imports nothing but the loader's rule type, so that loading and
 * refusing an environment file does not load cdktf and the providers (test/config/light-load.test.ts).
 * The order is the registration order (./index.ts), in which stacks that need nothing of each other are built.
 */
import type { StackRule } from '../../config/model';

/**
 * What a stack offers the stacks selected with it, without their needing it: `monitored`, a metrics
 * store that scrapes ServiceMonitors (observability, or observability-client sending to a central one).
 */
export type Capability = 'monitored';

/**
 * The loader's rule (lib/environment-stack/stack-rules.ts maps `needsRemote` to its `central`) and
 * what the platform reads: it builds and delivers a stack after the stacks it `needs`, and outputs
 * each of its `hosts` as a URL (`argocd_url`; the domain itself as `<stack>_url`).
 */
export interface StackDeclaration extends Omit<StackRule, 'central'> {
  /** Stacks of another environment it reads (from that environment's state, `ctx.remote`). */
  readonly needsRemote?: readonly string[];
  /** Ports its Services open on the environment's load balancer besides HTTP and HTTPS (policy). */
  readonly publicPorts?: readonly number[];
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

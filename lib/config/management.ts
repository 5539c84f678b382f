/**
 * Who deploys whom (seed 3.2): every OTC environment names, in `manager:`, the environment whose
 * runners plan, deploy and destroy it. `prod/edp` deploys most environments of both tenants; it
 * cannot deploy itself, so `prod/observability` deploys it, and `prod/edp` deploys
 * `prod/observability` in turn. The local tier has no manager: it is deployed from the workstation
 * that holds its kubeconfig, and it manages nothing (no runners with a public egress address).
 *
 * Checked like the other references between environments: the manager exists, is another OTC
 * environment, runs deployment runners, and the relation has no cycle other than one pair of
 * environments that manage each other (the seed's edp/observability pair, which is bootstrapped
 * once by hand: README "Bootstrap").
 */
import { DEFAULT_MANAGER } from './defaults';
import { ConfigProblem } from './errors';
import { EnvironmentConfig, ManagerRef, StackRule } from './model';
import { stateRefOf } from './naming';

/** Runner label of the deploy runners of a managing environment. */
export function runnerLabel(managerStackId: string): string {
  return `deploy-${managerStackId}`;
}

/** `<tenant>/<env>` of an environment. */
export function environmentRef(env: EnvironmentConfig): string {
  return `${env.tenantName}/${env.name}`;
}

const toId = (ref: string, tenant: string) => (ref.includes('/') ? ref.replace('/', '-') : `${tenant}-${ref}`);

/**
 * The stack id `manager:` names (`env` or `tenant/env`); without `manager:`, the default manager
 * when `ids` (every stack id of the tree) holds it and it is another environment. Undefined on the
 * local tier and for an environment deployed by hand.
 */
export function managerReference(env: EnvironmentConfig, ids: ReadonlySet<string>): string | undefined {
  if (env.kind !== 'otc') return undefined;
  const ref = env.settings.manager;
  if (ref !== undefined) return toId(ref, env.tenantName);
  const fallback = toId(DEFAULT_MANAGER, env.tenantName);
  return ids.has(fallback) && fallback !== env.stackId ? fallback : undefined;
}

/** What the file says, or the default it got, for messages. */
function managerText(env: EnvironmentConfig): string {
  return env.kind === 'otc' && env.settings.manager !== undefined ? `"${env.settings.manager}"` : `"${DEFAULT_MANAGER}" (the default)`;
}

const PATH = 'manager';

function problem(env: EnvironmentConfig, message: string): ConfigProblem {
  return { file: env.file, path: PATH, message };
}

/** Every reference names an existing, other OTC environment with a stack that runs deployments. */
function checkTargets(envs: readonly EnvironmentConfig[], rules: readonly StackRule[]): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const byId = new Map(envs.map((e) => [e.stackId, e]));
  const ids = new Set(byId.keys());
  const runnerStacks = rules.filter((r) => r.runsDeployments).map((r) => r.name);
  for (const env of envs) {
    const id = managerReference(env, ids);
    if (env.kind !== 'otc' || !id) continue;
    const ref = env.settings.manager ?? DEFAULT_MANAGER;
    const target = byId.get(id);
    if (!target) problems.push(problem(env, `expected an existing environment, got "${ref}" (no ${id})`));
    else if (target === env) problems.push(problem(env, `expected another environment (an environment cannot deploy itself: its runners and registry would go down during its own upgrade, seed 3.2), got "${ref}" (this one)`));
    else if (target.kind !== 'otc') problems.push(problem(env, `expected an OTC environment (a local environment has no runners the cluster could trust), got "${ref}" (tier local)`));
    else if (!target.settings.stacks.some((s) => runnerStacks.includes(s))) {
      problems.push(problem(env, `expected an environment that runs deployments (with the ${runnerStacks.join(' or ')} stack, whose runners deploy), got "${ref}" (its stacks: ${target.settings.stacks.join(', ')})`));
    }
  }
  return problems;
}

/**
 * Each OTC environment has exactly one manager, so following `manager:` from any environment ends
 * in a cycle. The only cycle allowed is one pair that manages each other: the seed's pair, the one
 * holding the default manager (`prod/edp`).
 */
function checkCycles(envs: readonly EnvironmentConfig[]): ConfigProblem[] {
  const byId = new Map(envs.map((e) => [e.stackId, e]));
  const ids = new Set(byId.keys());
  const cycles = new Map<string, EnvironmentConfig[]>();
  for (const start of envs) {
    const path: EnvironmentConfig[] = [];
    let current: EnvironmentConfig | undefined = start;
    while (current && !path.includes(current)) {
      path.push(current);
      current = byId.get(managerReference(current, ids) ?? '');
    }
    if (!current) continue;
    const cycle = path.slice(path.indexOf(current));
    // Rotate so that every walk reports a cycle the same way: from its first stack id.
    const first = cycle.reduce((min, e, i) => (e.stackId < cycle[min].stackId ? i : min), 0);
    const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
    cycles.set(rotated.map((e) => e.stackId).join(' '), rotated);
  }
  const problems: ConfigProblem[] = [];
  const pairs = [...cycles.values()].filter((c) => c.length === 2);
  const seedPair = pairs.find((c) => c.some((e) => environmentRef(e) === DEFAULT_MANAGER)) ?? pairs[0];
  for (const cycle of cycles.values()) {
    if (cycle.length < 2) continue; // self-management, reported by checkTargets
    const shown = [...cycle, cycle[0]].map(environmentRef).join(' -> ');
    if (cycle.length > 2) {
      for (const env of cycle) problems.push(problem(env, `expected a manager outside a cycle (only one pair may manage each other, the seed's edp/observability), got ${managerText(env)}, which closes the cycle ${shown}`));
    } else if (cycle !== seedPair) {
      const seed = seedPair.map(environmentRef).join(' <-> ');
      for (const env of cycle) problems.push(problem(env, `expected a manager outside a cycle (the one pair that manages each other is ${seed}), got ${managerText(env)}, which makes a second pair ${cycle.map(environmentRef).join(' <-> ')}`));
    }
  }
  return problems;
}

export function checkManagers(envs: readonly EnvironmentConfig[], rules: readonly StackRule[]): ConfigProblem[] {
  const targets = checkTargets(envs, rules);
  // Cycles are only meaningful once every reference resolves.
  return targets.length > 0 ? targets : checkCycles(envs);
}

/** The resolved manager and managed environments of each environment (after checkManagers). */
export function withManagers<T extends EnvironmentConfig>(envs: readonly T[]): T[] {
  const byId = new Map(envs.map((e) => [e.stackId, e]));
  const ids = new Set(byId.keys());
  return envs.map((env) => {
    const managed = envs.filter((e) => managerReference(e, ids) === env.stackId).map((e) => e.stackId).sort();
    const target = byId.get(managerReference(env, ids) ?? '');
    const manager: ManagerRef | undefined =
      target && target.kind === 'otc'
        ? { stackId: target.stackId, ref: environmentRef(target), runnerLabel: runnerLabel(target.stackId), state: stateRefOf(target) }
        : undefined;
    return { ...env, ...(manager ? { manager } : {}), ...(managed.length > 0 ? { managedEnvironments: managed } : {}) };
  });
}

/**
 * One step of a first deployment of every environment. An environment can be deployed by its
 * manager's runners once the manager runs, has the infra repository (it hosts it, or the Forgejo
 * it mirrors from runs) and the environment's central observability runs (its client password
 * comes from there). Where nothing can go on that way, the next environment is deployed by hand
 * (a workstation or an external runner), preferring one that others wait for. For the seed's
 * pair that is prod/observability (central and manager of prod/edp), then prod/edp (its manager
 * has no repository mirror before edp's Forgejo exists): README "Bootstrap".
 */
export interface BootstrapStep {
  readonly stackId: string;
  /** `bootstrap`: by hand; `managed`: by its manager's runners; `workstation`: local tier. */
  readonly how: 'bootstrap' | 'managed' | 'workstation';
  readonly manager?: string;
}

/** The first-deploy order of environments as `loadEnvironments` returns them (managers resolved). */
export function bootstrapOrder(envs: readonly EnvironmentConfig[]): BootstrapStep[] {
  const otc = envs.filter((e) => e.kind === 'otc');
  const done = new Set<string>();
  const steps: BootstrapStep[] = [];
  const hostOfRepository = (e: EnvironmentConfig) => otc.find((h) => h.domain === new URL(e.tenant.gitops.repoURL).hostname);
  const hasRepository = (m: EnvironmentConfig) => {
    const host = hostOfRepository(m);
    return !host || host === m || done.has(host.stackId);
  };
  const centralDone = (e: EnvironmentConfig) => !e.central || done.has(e.central.stackId);
  const managedNow = (e: EnvironmentConfig) => {
    const m = otc.find((x) => x.stackId === e.manager?.stackId);
    return m !== undefined && done.has(m.stackId) && hasRepository(m) && centralDone(e);
  };
  const waitedFor = (e: EnvironmentConfig) => otc.filter((x) => !done.has(x.stackId) && (x.manager?.stackId === e.stackId || x.central?.stackId === e.stackId)).length;
  while (done.size < otc.length) {
    const next = otc.find((e) => !done.has(e.stackId) && managedNow(e));
    if (next) {
      steps.push({ stackId: next.stackId, how: 'managed', manager: next.manager!.stackId });
      done.add(next.stackId);
      continue;
    }
    const candidates = otc.filter((e) => !done.has(e.stackId));
    const ready = candidates.filter(centralDone);
    const pick = [...(ready.length ? ready : candidates)].sort((a, b) => waitedFor(b) - waitedFor(a) || (a.stackId < b.stackId ? -1 : 1))[0];
    steps.push({ stackId: pick.stackId, how: 'bootstrap', ...(pick.manager ? { manager: pick.manager.stackId } : {}) });
    done.add(pick.stackId);
  }
  return [...steps, ...envs.filter((e) => e.kind === 'local').map((e): BootstrapStep => ({ stackId: e.stackId, how: 'workstation' }))];
}

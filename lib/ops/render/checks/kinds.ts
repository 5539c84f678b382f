/**
 * Every kind exists when its object is applied: it is built in, or defined by a CRD or an
 * APIService that the same environment installs, and that definition is in the cluster in time
 * (sync-order.ts gives the order):
 *
 * - installed by a Terraform release: that release is the object's own delivery release or one
 *   Terraform installs before it; in the object's own Terraform release, only from a chart's
 *   `crds/` folder (Helm installs those before the templates);
 * - installed by an Application: never for an object of a Terraform release (Helm does not wait
 *   for Argo CD); else that Application's delivery release is the object's or one before it, and
 *   - in the same Application: in the same or an earlier (phase, wave);
 *   - in another Application: the object carries SkipDryRunOnMissingResource=true (its
 *     annotation or its Application's sync options) and its Application retries failed syncs.
 *
 * A kind with several installers (Argo CD's CRDs: the bootstrap release and the `argocd`
 * Application) is in time when one of them is.
 */
import type { KubernetesObject } from '../../../contracts/manifest';
import type { StackRender } from '../render';
import { ApiDefinition, apiDefinitions, definitionsOf, placedObjects, Placed } from '../schemas/apis';
import { isBuiltinKind } from '../schemas/builtin';
import { objectName } from './schemas';
import { comparePositions, describePosition, releasesBefore, retries, SKIP_DRY_RUN, skipsDryRun, syncPosition } from './sync-order';
import { where } from './where';

/** Helm installs a chart's `crds/` files before its templates; their `# Source:` has no `templates/`. */
function fromCrdsFolder(template: string): boolean {
  return !template.includes('/templates/');
}

function installer(d: ApiDefinition): string {
  const what = d.kind ? `the CRD of ${d.kind}` : `the APIService of ${d.group}/${d.version}`;
  return `${what} comes from ${d.app.application ? `Application ${d.app.name}` : `Terraform release ${d.app.release}`} (${d.rendered.template})`;
}

/** Why `definition` is not in the cluster when `user` is applied; [] when it is. */
function lateness(user: Placed, d: ApiDefinition, before: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const o = user.rendered.object;
  const userRelease = user.app.release;
  const earlier = (release: string) => release === userRelease || (before.get(userRelease)?.has(release) ?? false);
  if (!d.app.application) {
    if (!earlier(d.app.release)) return [`${installer(d)}, which Terraform does not install before release ${userRelease}`];
    if (d.app === user.app && !fromCrdsFolder(d.rendered.template)) return [`${installer(d)}, a template of the same Helm release: Helm cannot map the kind before it exists (CRDs belong in crds/)`];
    return [];
  }
  if (!user.app.application) return [`${installer(d)}, which Argo CD syncs only after Terraform release ${userRelease} is installed`];
  if (!earlier(d.app.release)) return [`${installer(d)}, delivered by release ${d.app.release}, which Terraform does not install before release ${userRelease}`];
  if (d.app === user.app) {
    const crd = syncPosition(d.rendered.object);
    const own = syncPosition(o);
    if (own && (!crd || comparePositions(crd, own) > 0)) return [`${installer(d)} at ${describePosition(crd)}, later than this object (${describePosition(own)})`];
    return [];
  }
  const problems: string[] = [];
  if (!skipsDryRun(o, user.app)) problems.push(`${installer(d)}, synced in parallel: needs ${SKIP_DRY_RUN} (annotation argocd.argoproj.io/sync-options or the Application's syncPolicy.syncOptions)`);
  if (!retries(user.app)) problems.push(`${installer(d)}, synced in parallel: Application ${user.app.name} must retry failed syncs (syncPolicy.retry)`);
  return problems;
}

export function kindErrors(render: StackRender): string[] {
  const definitions = apiDefinitions(render);
  const before = releasesBefore(render);
  const out: string[] = [];
  for (const user of placedObjects(render)) {
    const o: KubernetesObject = user.rendered.object;
    if (isBuiltinKind(o.apiVersion, o.kind)) continue;
    const head = `${where(render, user.app, user.source, user.rendered.template)}: ${objectName(o)}`;
    const defs = definitionsOf(o, definitions).filter((d) => d.served);
    if (defs.length === 0) {
      out.push(`${head}: ${o.apiVersion} ${o.kind} is neither built in nor defined by a CRD or APIService that ${render.stackId} installs`);
      continue;
    }
    // Never applied during a sync (a Helm test hook, for one): nothing to be in time for.
    if (user.app.application && !syncPosition(o)) continue;
    const reasons = defs.map((d) => lateness(user, d, before));
    if (reasons.some((r) => r.length === 0)) continue;
    const fewest = reasons.reduce((a, b) => (b.length < a.length ? b : a));
    for (const r of fewest) out.push(`${head}: ${r}`);
  }
  return out;
}

/**
 * The checks on a rendered stack (README, "Rendered manifests"). Each returns one line per
 * problem, naming the stack, the Application, the chart and, where there is one, the template.
 */
import type { StackRender } from '../render';
import { alertmanagerConfigProblems } from './alertmanager-config';
import { applySizeProblems } from './apply-size';
import { clusterUrlProblems } from './cluster-urls';
import { exposureProblems } from './exposure';
import { forgejoImageProblems } from './forgejo-image';
import { kindErrors } from './kinds';
import { podRefProblems } from './pod-refs';
import { renderErrors } from './renders';
import { schemaErrors } from './schemas';
import { scrapeTargetProblems } from './scrape-targets';
import { syncJobSourceProblems } from './sync-job-sources';
import { unreadValues } from './values-read';
import { vmauthRouteProblems } from './vmauth-routes';

export type RenderCheck = (render: StackRender) => string[];

export const RENDER_CHECKS: Readonly<Record<string, RenderCheck>> = {
  renders: renderErrors,
  schemas: schemaErrors,
  kinds: kindErrors,
  values: unreadValues,
  exposure: exposureProblems,
  'vmauth-routes': vmauthRouteProblems,
  'cluster-urls': clusterUrlProblems,
  'apply-size': applySizeProblems,
  'forgejo-image': forgejoImageProblems,
  'sync-job-sources': syncJobSourceProblems,
  'alertmanager-config': alertmanagerConfigProblems,
  'pod-refs': podRefProblems,
  'scrape-targets': scrapeTargetProblems,
};

export function checkRender(render: StackRender): string[] {
  return Object.values(RENDER_CHECKS).flatMap((check) => check(render));
}

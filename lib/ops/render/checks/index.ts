/**
 * The checks on a rendered stack (README, "Rendered manifests"). Each returns one line per
 * problem, naming the stack, the Application, the chart and, where there is one, the template.
 */
import type { StackRender } from '../render';
import { exposureProblems } from './exposure';
import { kindErrors } from './kinds';
import { renderErrors } from './renders';
import { schemaErrors } from './schemas';
import { vmauthRouteProblems } from './vmauth-routes';

export type RenderCheck = (render: StackRender) => string[];

export const RENDER_CHECKS: Readonly<Record<string, RenderCheck>> = {
  renders: renderErrors,
  schemas: schemaErrors,
  kinds: kindErrors,
  exposure: exposureProblems,
  'vmauth-routes': vmauthRouteProblems,
};

export function checkRender(render: StackRender): string[] {
  return Object.values(RENDER_CHECKS).flatMap((check) => check(render));
}

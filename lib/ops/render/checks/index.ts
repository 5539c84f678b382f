/**
 * The checks on a rendered stack (README, "Rendered manifests"). Each returns one line per
 * problem, naming the stack, the Application, the chart and, where there is one, the template.
 */
import type { StackRender } from '../render';
import { kindErrors } from './kinds';
import { renderErrors } from './renders';
import { schemaErrors } from './schemas';

export type RenderCheck = (render: StackRender) => string[];

export const RENDER_CHECKS: Readonly<Record<string, RenderCheck>> = {
  renders: renderErrors,
  schemas: schemaErrors,
  kinds: kindErrors,
};

export function checkRender(render: StackRender): string[] {
  return Object.values(RENDER_CHECKS).flatMap((check) => check(render));
}

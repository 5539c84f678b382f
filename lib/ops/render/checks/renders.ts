/** Every chart renders: no template error, no values.schema.json refusal, the chart is in the cache. */
import type { StackRender } from '../render';
import { where } from './where';

export function renderErrors(render: StackRender): string[] {
  return render.applications.flatMap((app) =>
    app.sources.filter((s) => s.error).map((s) => `${where(render, app, s)}: does not render: ${s.error!.replace(/\s+/g, ' ').replace(/ Use --debug flag to render out invalid YAML/, '').trim()}`),
  );
}

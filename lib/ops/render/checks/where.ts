/** How a problem names its place: `<stack> <application> (<chart> <version>)[ <template>]`. */
import type { RenderedApplication, RenderedSource, StackRender } from '../render';

export function where(render: StackRender, app: RenderedApplication, source: RenderedSource, template?: string): string {
  return `${render.stackId} ${app.name} (${source.chart.chart} ${source.chart.version})${template ? ` ${template}` : ''}`;
}

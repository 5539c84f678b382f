/**
 * Every container of a stack that runs the Forgejo server's image repository (the runner
 * registration Jobs: `forgejo forgejo-cli` on the server's app.ini and database) runs the server's
 * exact image. The server migrates its database on start, and a Forgejo CLI of another version
 * expects another schema (an older one refuses a database a newer server migrated). The server's
 * image is what the forgejo chart renders for its Deployment (its appVersion), so a chart move
 * without the Jobs' image, or the reverse, is a problem here.
 */
import type { StackRender } from '../render';
import { PodSpec, repositoryOf, StackObjects } from './stack-objects';
import { where } from './where';

const withoutDigest = (image: string) => image.replace(/@.*$/, '');

const containersOf = (spec: PodSpec) => [...(spec.initContainers ?? []), ...spec.containers];

export function forgejoImageProblems(render: StackRender): string[] {
  const objects = new StackObjects(render);
  const servers = objects.ofKind('Deployment', 'apps').filter((p) => p.source.chart.chart === 'forgejo');
  const problems: string[] = [];
  for (const server of servers) {
    const spec = (server.object as unknown as { spec?: { template?: { spec?: PodSpec } } }).spec?.template?.spec;
    const main = spec?.containers[0]?.image;
    if (!main) continue;
    const repository = repositoryOf(main);
    for (const pods of objects.podsSelectedBy(server.namespace, {})) {
      if (pods.workload === server) continue;
      for (const c of containersOf(pods.spec)) {
        if (!c.image) continue;
        // The same repository by another tag; a digest beside the tag (`:13.0.3-rootless@sha256:...`) is no other version.
        if (repositoryOf(c.image) !== repository || withoutDigest(c.image) === withoutDigest(main)) continue;
        const w = pods.workload;
        problems.push(
          `${where(render, w.app, w.source, w.template)}: ${w.object.kind} ${w.namespace}/${w.object.metadata.name} container ${c.name} runs ${c.image}, ` +
            `the Forgejo server (${server.app.name}, Deployment ${server.namespace}/${server.object.metadata.name}) runs ${main}: ` +
            'the server migrates its database on start and a Forgejo CLI of another version expects another schema (use the chart\'s appVersion)',
        );
      }
    }
  }
  return problems;
}

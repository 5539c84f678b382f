/** `npm run new-env -- <tenant> <name> [options]`: see lib/ops/new-env.ts. */
import { relative } from 'path';
import { UsageError, parseArgv, Command, runCommand, stringFlag } from '../ops/cli';
import { createEnvironment } from '../ops/new-env';
import { currentProject } from '../ops/project';

const usage = `
Usage: npm run new-env -- <tenant> <name> [--stacks a,b] [--node-flavor F] [--az Z] [--central ENV]

Writes environments/<tenant>/<name>.yaml, a new environment with the tier's defaults, after
checking it together with every other environment. Never overwrites a file.

  --stacks a,b        stacks to install (default: the tier's, e.g. core,otc,forgejo)
  --node-flavor F     INITIAL: ECS flavour of the default node pool (e.g. s3.xlarge.4)
  --az Z              INITIAL: availability zone of the default node pool (e.g. eu-de-02)
  --central ENV       central observability environment for observability-client
                      (default: the only environment with the observability stack)

Exit codes: 0 written, 1 refused (exists, invalid), 2 wrong arguments.
`;

export const command: Command = {
  name: 'new-env',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { stacks: 'string', 'node-flavor': 'string', az: 'string', central: 'string' });
    if (args.positionals.length !== 2) throw new UsageError(`expected <tenant> and <name>, got ${args.positionals.length} argument${args.positionals.length === 1 ? '' : 's'}`);
    const [tenant, name] = args.positionals;
    const stacksFlag = stringFlag(args, 'stacks');
    const stacks = stacksFlag?.split(',').map((s) => s.trim());
    if (stacks?.some((s) => s === '')) throw new UsageError(`expected --stacks as a comma-separated list such as core,otc,forgejo, got "${stacksFlag}"`);
    const project = currentProject(io.env);
    const created = createEnvironment(project, {
      tenant,
      name,
      stacks,
      nodeFlavor: stringFlag(args, 'node-flavor'),
      availabilityZone: stringFlag(args, 'az'),
      central: stringFlag(args, 'central'),
    });
    const file = relative(project.root, created.path);
    io.stdout.write(`Created ${file}: stack ${created.stackId}, https://${created.domain}\n`);
    if (created.chosenCentral) io.stdout.write(`observability.central: ${created.chosenCentral} (the only environment with the observability stack)\n`);
    io.stdout.write(`\n${created.content}\nNext: npm run synth (or npm run diff), npm test (adds the stack's snapshot), then commit both.\n`);
    return 0;
  },
};

if (require.main === module) runCommand(command);

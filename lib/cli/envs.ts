/** `npm run envs`: see lib/ops/inventory.ts. */
import { UsageError, parseArgv, Command, runCommand } from '../ops/cli';
import { inventory, inventoryTable } from '../ops/inventory';
import { currentProject, loadProject } from '../ops/project';

const usage = `
Usage: npm run envs [-- --json]

Lists every environment from environments/ (validated, no synth): stack id, domain, stacks,
cluster (HA or single master, CCE flavour, version), node pools (count x flavour, autoscaling
bounds, zone), database, protection (prevent_destroy) and central observability.

  --json    one JSON object per environment, for scripts

Exit codes: 0 listed, 1 the environments have problems, 2 wrong arguments.
`;

export const command: Command = {
  name: 'envs',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { json: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const entries = inventory(loadProject(currentProject(io.env)));
    io.stdout.write(args.flags.has('json') ? `${JSON.stringify(entries, null, 2)}\n` : inventoryTable(entries));
    return 0;
  },
};

if (require.main === module) runCommand(command);

/** `node dist/lib/cli/destroy-preflight.js <tenant> <name>`, run by the destroy workflow: see lib/ops/destroy-preflight.ts. */
import { UsageError, parseArgv, Command, runCommand } from '../ops/cli';
import { checkDestroyable } from '../ops/destroy-preflight';
import { currentProject, loadProject } from '../ops/project';

const usage = `
Usage: node dist/lib/cli/destroy-preflight.js <tenant> <name>

Says whether the destroy workflow may destroy environments/<tenant>/<name>.yaml: only
non-production environments with "protection: false" can be destroyed.

Exit codes: 0 may be destroyed, 1 may not (the message says why), 2 wrong arguments.
`;

export const command: Command = {
  name: 'destroy-preflight',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, {});
    if (args.positionals.length !== 2) throw new UsageError(`expected <tenant> and <name>, got ${args.positionals.length} argument${args.positionals.length === 1 ? '' : 's'}`);
    const [tenant, name] = args.positionals;
    io.stdout.write(`${checkDestroyable(loadProject(currentProject(io.env)), tenant, name)}\n`);
    return 0;
  },
};

if (require.main === module) runCommand(command);

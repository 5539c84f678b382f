/** `npm run diff -- [git-ref]`: see lib/ops/diff/index.ts. */
import { EXIT, UsageError, parseArgv, Command, runCommand, stringFlag } from '../ops/cli';
import { runDiff } from '../ops/diff';
import { hasChanges, renderJson, renderMarkdown, renderText } from '../ops/diff/render';

const usage = `
Usage: npm run diff -- [git-ref] [--merge-base BRANCH] [--exit-code] [--markdown | --json]

Synthesizes git-ref and the working tree (offline, in temporary folders) and prints per stack
the blocks added (+), removed (-) and changed (~), and for changed ones the attributes as key
paths; helm values and the Applications inside them are compared as YAML.

  git-ref              branch, tag or commit to compare with (e.g. HEAD~1, origin/main)
  --merge-base BRANCH  compare with the merge base of HEAD and BRANCH
                       (the default, with main, else origin/main)
  --exit-code          exit 1 when anything changed
  --markdown           Markdown, for a job summary
  --json               JSON, for scripts

Exit codes: 0 compared (no change with --exit-code), 1 changed (with --exit-code),
2 wrong arguments, unknown ref, or a side that does not compile or synthesize.
`;

export const command: Command = {
  name: 'diff',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { 'merge-base': 'string', 'exit-code': 'boolean', markdown: 'boolean', json: 'boolean' });
    if (args.positionals.length > 1) throw new UsageError(`expected at most one git ref, got ${args.positionals.length}`);
    if (args.flags.has('markdown') && args.flags.has('json')) throw new UsageError('choose one of --markdown and --json');
    const mergeBaseWith = stringFlag(args, 'merge-base');
    if (mergeBaseWith !== undefined && args.positionals.length > 0) throw new UsageError('give either a git ref or --merge-base, not both');
    const report = runDiff({
      cwd: io.cwd,
      ref: args.positionals[0],
      mergeBaseWith,
      log: (m) => io.stderr.write(`${m}...\n`),
    });
    const render = args.flags.has('json') ? renderJson : args.flags.has('markdown') ? renderMarkdown : renderText;
    io.stdout.write(render(report));
    return args.flags.has('exit-code') && hasChanges(report) ? EXIT.refused : EXIT.ok;
  },
};

if (require.main === module) runCommand(command);

/** `npm run bench`: see lib/ops/bench/index.ts. */
import { UsageError, parseArgv, Command, runCommand, stringFlag } from '../ops/cli';
import { runBench } from '../ops/bench';
import { renderBench } from '../ops/bench/report';
import { projectRoot } from '../ops/project';

const usage = `
Usage: npm run bench [-- --runs N] [--sizes 1,10,100] [--test-runs N]

Measures, N times each taking turns (median wall time and peak memory), in a scratch copy of
the program: the floor (Node loading cdktf and the four providers), node dist/main.js (synth of
the shipped environments), cdktf.json's app command with nothing changed and after a one-line
change to a source, the type-check, and synth of each number of generated environments; then
npm test in this checkout. Prints a Markdown table and the figures the targets are about. Not a
test; see docs/performance.md.

  --runs N        runs per measurement (default 5)
  --sizes a,b,c   numbers of generated environments (default 1,10,100)
  --test-runs N   runs of npm test (default 1; 0 leaves it out)

Exit codes: 0 measured, 1 a measured command failed, 2 wrong arguments.
`;

function wholeNumber(text: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`expected ${what} as a whole number from ${min} to ${max}, got "${text}"`);
  return Number(text);
}

export const command: Command = {
  name: 'bench',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { runs: 'string', sizes: 'string', 'test-runs': 'string' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const runs = wholeNumber(stringFlag(args, 'runs') ?? '5', '--runs', 1, 50);
    const sizes = (stringFlag(args, 'sizes') ?? '1,10,100').split(',').map((s) => wholeNumber(s.trim(), '--sizes', 1, 999));
    const testRuns = wholeNumber(stringFlag(args, 'test-runs') ?? '1', '--test-runs', 0, 10);
    const result = runBench({ root: projectRoot(), runs, sizes, testRuns, log: (m) => io.stderr.write(`measuring ${m}...\n`) });
    io.stdout.write(renderBench(result));
    return 0;
  },
};

if (require.main === module) runCommand(command);

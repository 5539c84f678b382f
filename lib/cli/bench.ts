/** `npm run bench`: see lib/ops/bench/index.ts. */
import { UsageError, parseArgv, runCommand, stringFlag } from '../ops/cli';
import { runBench } from '../ops/bench';
import { renderBench } from '../ops/bench/report';
import { projectRoot } from '../ops/project';

const usage = `
Usage: npm run bench [-- --runs N] [--sizes 1,10,100]

Measures, N times each (median, wall time and peak memory): a clean build, a build with nothing
changed, the floor (Node loading cdktf and the four providers), synth of the shipped
environments and synth of each number of generated environments. Prints a Markdown table, the
ratio synth/floor and the cost of each further environment. Not a test; see docs/performance.md.

  --runs N        runs per measurement (default 5)
  --sizes a,b,c   numbers of generated environments (default 1,10,100)

Exit codes: 0 measured, 1 a measured command failed, 2 wrong arguments.
`;

function positiveInt(text: string, what: string, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > max) throw new UsageError(`expected ${what} as a whole number from 1 to ${max}, got "${text}"`);
  return Number(text);
}

runCommand({
  name: 'bench',
  usage,
  run(argv) {
    const args = parseArgv(argv, { runs: 'string', sizes: 'string' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const runs = positiveInt(stringFlag(args, 'runs') ?? '5', '--runs', 50);
    const sizes = (stringFlag(args, 'sizes') ?? '1,10,100').split(',').map((s) => positiveInt(s.trim(), '--sizes', 999));
    const result = runBench({ root: projectRoot(), runs, sizes, log: (m) => process.stderr.write(`measuring ${m}...\n`) });
    process.stdout.write(renderBench(result));
    return 0;
  },
});

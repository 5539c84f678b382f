/** `npm run outdated`: see lib/ops/versions/outdated.ts. */
import { UsageError, parseArgv, Command, runCommand } from '../ops/cli';
import { projectRoot } from '../ops/project';
import { chartCache } from '../ops/render/chart-cache';
import { outdatedReport, outdatedTable } from '../ops/versions/outdated';
import { CHARTS } from '../platform/catalogue/charts';

const usage = `
Usage: npm run outdated [-- --json]

Lists every chart pinned in lib/platform/catalogue/charts.ts with its pinned version and the
newest version in the chart cache (EDP_CHART_CACHE, else ../shared/charts and .charts/; version
folders <chart>/<version>/, compared as SemVer, "v5.18.0" = "5.18.0"), and marks the pins older
than that as OUTDATED. It reads only the cache, never a chart repository: refresh the cache to
see newer releases (Renovate, renovate.json, proposes them from the repositories).

This is a report, not a check: it exits 0 whether or not charts are outdated.

  --json    one JSON object per chart (key, chart, repoURL, pinned, newest, cached, pinnedCached,
            status: current | outdated | not cached | newer than cache), for scripts

Exit codes: 0 listed (outdated or not), 2 wrong arguments.
`;

export const command: Command = {
  name: 'outdated',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { json: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const cache = chartCache(projectRoot(), io.env);
    const entries = outdatedReport(CHARTS, cache);
    io.stdout.write(args.flags.has('json') ? `${JSON.stringify(entries, null, 2)}\n` : outdatedTable(entries, cache, io.cwd));
    return 0;
  },
};

if (require.main === module) runCommand(command);

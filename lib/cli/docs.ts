/** `npm run docs`: writes docs/architecture.md from the code (lib/ops/docs). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { OpsError, UsageError, parseArgv, runCommand } from '../ops/cli';
import { architectureModel } from '../ops/docs/model';
import { renderArchitecture } from '../ops/docs/render';
import { projectRoot } from '../ops/project';

const usage = `
Usage: npm run docs [-- --check]

Writes docs/architecture.md (a Mermaid diagram of the layers, the stacks and their dependencies,
and a table of each) from lib/infra and the stack catalogue. Run it after changing either and
commit the result; the tests fail while the file is stale.

  --check   write nothing; exit 1 when docs/architecture.md is not what the code generates

Exit codes: 0 written (or fresh), 1 stale (--check), 2 wrong arguments.
`;

runCommand({
  name: 'docs',
  usage,
  run(argv) {
    const args = parseArgv(argv, { check: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const root = projectRoot();
    const file = join(root, 'docs', 'architecture.md');
    const content = renderArchitecture(architectureModel());
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (args.flags.has('check')) {
      if (current !== content) throw new OpsError(`${relative(root, file)} is stale: run \`npm run docs\` and commit the result`);
      process.stdout.write(`${relative(root, file)} is fresh\n`);
      return 0;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    process.stdout.write(`${current === content ? 'unchanged' : 'wrote'} ${relative(root, file)}\n`);
    return 0;
  },
});

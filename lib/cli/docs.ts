/** `npm run docs`: writes docs/architecture.md and README.md's chart versions from the code (lib/ops/docs). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { OpsError, UsageError, parseArgv, runCommand } from '../ops/cli';
import { architectureModel } from '../ops/docs/model';
import { withGeneratedSection } from '../ops/docs/readme';
import { chartVersionsTable, renderArchitecture } from '../ops/docs/render';
import { projectRoot } from '../ops/project';

const usage = `
Usage: npm run docs [-- --check]

Writes docs/architecture.md (a Mermaid diagram of the layers, the stacks and their dependencies,
a table of each, and every pinned chart with the seed's version and the one shipped) from lib/infra
and the stack catalogue, and the same chart versions table into README.md (between its "BEGIN
chart versions" and "END chart versions" markers). Run it after changing either and commit the
result; the tests fail while a file is stale.

  --check   write nothing; exit 1 when a file is not what the code generates

Exit codes: 0 written (or fresh), 1 stale (--check), 2 wrong arguments.
`;

runCommand({
  name: 'docs',
  usage,
  run(argv) {
    const args = parseArgv(argv, { check: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const root = projectRoot();
    const model = architectureModel();
    const readme = join(root, 'README.md');
    const files = [
      { file: join(root, 'docs', 'architecture.md'), what: '', generate: () => renderArchitecture(model) },
      { file: readme, what: ' (chart versions)', generate: () => withGeneratedSection(readFileSync(readme, 'utf8'), 'chart versions', chartVersionsTable(model)) },
    ];
    const lines: string[] = [];
    for (const { file, what, generate } of files) {
      const content = generate();
      const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      const name = `${relative(root, file)}${what}`;
      if (args.flags.has('check')) {
        if (current !== content) throw new OpsError(`${name} is stale: run \`npm run docs\` and commit the result`);
        lines.push(`${name} is fresh`);
        continue;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
      lines.push(`${current === content ? 'unchanged' : 'wrote'} ${name}`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
});

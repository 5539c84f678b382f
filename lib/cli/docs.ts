/**
 * `npm run docs`: writes docs/architecture.md and README.md's chart versions from the code
 * (lib/ops/docs), and docs/management.md and README.md's management graph from the environment
 * files (lib/ops/docs/management.ts), and the environment files' field tables and JSON Schemas
 * from the zod schemas (lib/ops/docs/config.ts).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { OpsError, UsageError, parseArgv, Command, runCommand } from '../ops/cli';
import { renderManagement, withReadmeGraph } from '../ops/docs/management';
import { architectureModel } from '../ops/docs/model';
import { environmentTable, jsonSchemaFiles, tenantTable } from '../ops/docs/config';
import { withGeneratedSection } from '../ops/docs/readme';
import { chartVersionsTable, renderArchitecture } from '../ops/docs/render';
import { loadProject, projectRoot } from '../ops/project';

const usage = `
Usage: npm run docs [-- --check]

Writes docs/architecture.md (a Mermaid diagram of the layers, the stacks and their dependencies,
a table of each, and every pinned chart with the seed's version and the one shipped) from lib/infra
and the stack catalogue, and the same chart versions table into README.md (between its "BEGIN
chart versions" and "END chart versions" markers); and docs/management.md (who deploys whom, and
the order of a first deployment) from the environment files, whose graph also goes into README.md
between the MANAGEMENT-GRAPH markers; and the README's tables of the environment files' fields
(between the "tenant fields" and "environment fields" markers) and their JSON Schemas in schemas/
from the zod schemas. Run it after changing any of them and commit the result; the
tests fail while a file is stale.

  --check   write nothing; exit 1 when a file is not what the code and environments generate

Exit codes: 0 written (or fresh), 1 stale (--check), 2 wrong arguments.
`;

export const command: Command = {
  name: 'docs',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { check: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const root = projectRoot();
    const model = architectureModel();
    // The shipped environments, never EDP_ENVIRONMENTS_DIR: the docs describe this repository.
    const envs = loadProject({ root, environmentsDir: join(root, 'environments') });
    const readme = join(root, 'README.md');
    const readmeContent = () => {
      let text = withGeneratedSection(readFileSync(readme, 'utf8'), 'chart versions', chartVersionsTable(model));
      text = withGeneratedSection(withGeneratedSection(text, 'tenant fields', tenantTable()), 'environment fields', environmentTable());
      const withGraph = withReadmeGraph(text, envs);
      if (withGraph === undefined) throw new OpsError('README.md has no MANAGEMENT-GRAPH markers: add them where the graph goes');
      return withGraph;
    };
    const files = [
      { file: join(root, 'docs', 'architecture.md'), what: '', generate: () => renderArchitecture(model) },
      { file: join(root, 'docs', 'management.md'), what: '', generate: () => renderManagement(envs) },
      { file: readme, what: ' (chart versions, environment fields, management graph)', generate: readmeContent },
      ...jsonSchemaFiles().map(({ file, content }) => ({ file: join(root, file), what: '', generate: () => content })),
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
    io.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  },
};

if (require.main === module) runCommand(command);

/** `npm run docs`: writes docs/architecture.md from the code (lib/ops/docs). */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import { OpsError, UsageError, parseArgv, runCommand } from '../ops/cli';
import { renderManagement, withReadmeGraph } from '../ops/docs/management';
import { architectureModel } from '../ops/docs/model';
import { renderArchitecture } from '../ops/docs/render';
import { loadProject, projectRoot } from '../ops/project';

const usage = `
Usage: npm run docs [-- --check]

Writes docs/architecture.md (a Mermaid diagram of the layers, the stacks and their dependencies,
and a table of each) from lib/infra and the stack catalogue, and docs/management.md (who deploys
whom, and the order of a first deployment) from the environment files, whose graph also goes
into README.md between the MANAGEMENT-GRAPH markers. Run it after changing any of them and
commit the result; the tests fail while a file is stale.

  --check   write nothing; exit 1 when a file is not what the code and environments generate

Exit codes: 0 written (or fresh), 1 stale (--check), 2 wrong arguments.
`;

runCommand({
  name: 'docs',
  usage,
  run(argv) {
    const args = parseArgv(argv, { check: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const root = projectRoot();
    // The shipped environments, never EDP_ENVIRONMENTS_DIR: the docs describe this repository.
    const envs = loadProject({ root, environmentsDir: join(root, 'environments') });
    const readmeFile = join(root, 'README.md');
    const readme = readFileSync(readmeFile, 'utf8');
    const readmeContent = withReadmeGraph(readme, envs);
    if (readmeContent === undefined) throw new OpsError('README.md has no MANAGEMENT-GRAPH markers: add them where the graph goes');
    const files: [string, string][] = [
      [join(root, 'docs', 'architecture.md'), renderArchitecture(architectureModel())],
      [join(root, 'docs', 'management.md'), renderManagement(envs)],
      [readmeFile, readmeContent],
    ];
    const current = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    if (args.flags.has('check')) {
      const stale = files.filter(([file, content]) => current(file) !== content).map(([file]) => relative(root, file));
      if (stale.length > 0) throw new OpsError(`${stale.join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`npm run docs\` and commit the result`);
      process.stdout.write(`${files.map(([file]) => relative(root, file)).join(', ')} are fresh\n`);
      return 0;
    }
    for (const [file, content] of files) {
      const before = current(file);
      mkdirSync(dirname(file), { recursive: true });
      if (before !== content) writeFileSync(file, content);
      process.stdout.write(`${before === content ? 'unchanged' : 'wrote'} ${relative(root, file)}\n`);
    }
    return 0;
  },
});

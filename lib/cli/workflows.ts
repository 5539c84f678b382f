/** `npm run workflows`: writes the plan, deploy and destroy workflows of every managing environment (lib/ops/workflows.ts). */
import { existsSync, readFileSync, readdirSync, unlinkSync, writeFileSync } from 'fs';
import { join, relative } from 'path';
import { OpsError, UsageError, parseArgv, Command, runCommand } from '../ops/cli';
import { currentProject, loadProject } from '../ops/project';
import { GeneratedWorkflow, WORKFLOW_TEMPLATES, generateWorkflows } from '../ops/workflows';

const usage = `
Usage: npm run workflows [-- --check]

Writes .forgejo/workflows/<plan|deploy|destroy>-<manager>.yaml from .forgejo/templates/ and the
environment files: one set per environment that others name in manager:, running on its runner
label and accepting only the environments it deploys. Removes generated workflows of managers
that are gone. Run it after changing a template or a manager: and commit the result; the tests
fail while the files are stale.

  --check   write nothing; exit 1 when a workflow is not what the files generate

Exit codes: 0 written (or fresh), 1 stale (--check) or a broken environment tree, 2 wrong arguments.
`;

/** Generated files are recognised by name: `<template>-<stack id>.yaml`. */
const GENERATED = new RegExp(`^(${WORKFLOW_TEMPLATES.join('|')})-[a-z0-9-]+\\.yaml$`);

export const command: Command = {
  name: 'workflows',
  usage,
  run(argv, io) {
    const args = parseArgv(argv, { check: 'boolean' });
    if (args.positionals.length > 0) throw new UsageError(`expected no arguments, got "${args.positionals.join(' ')}"`);
    const project = currentProject(io.env);
    const root = project.root;
    const dir = join(root, '.forgejo', 'workflows');
    const generated: GeneratedWorkflow[] = generateWorkflows(loadProject(project), (t) => readFileSync(join(root, '.forgejo', 'templates', `${t}.yaml`), 'utf8'));
    const wanted = new Map(generated.map((w) => [w.file, w.content]));
    const present = readdirSync(dir).filter((f) => GENERATED.test(f));
    const stale = [...present.filter((f) => !wanted.has(f)), ...[...wanted].filter(([f, c]) => !existsSync(join(dir, f)) || readFileSync(join(dir, f), 'utf8') !== c).map(([f]) => f)];
    const rel = (f: string) => relative(root, join(dir, f));
    if (args.flags.has('check')) {
      if (stale.length > 0) throw new OpsError(`${stale.map(rel).join(', ')} ${stale.length === 1 ? 'is' : 'are'} stale: run \`npm run workflows\` and commit the result`);
      io.stdout.write(`${wanted.size} workflows are fresh\n`);
      return 0;
    }
    for (const f of present.filter((f) => !wanted.has(f))) {
      unlinkSync(join(dir, f));
      io.stdout.write(`removed ${rel(f)}\n`);
    }
    for (const [f, c] of wanted) {
      const changed = stale.includes(f);
      if (changed) writeFileSync(join(dir, f), c);
      io.stdout.write(`${changed ? 'wrote' : 'unchanged'} ${rel(f)}\n`);
    }
    return 0;
  },
};

if (require.main === module) runCommand(command);

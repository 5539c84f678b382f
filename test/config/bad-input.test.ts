/**
 * The bad-input corpus (test/bad-input/README.md): every case is a broken environments/ tree and
 * the exact lines it must produce, from the loader or, for mistakes only synth can see, from the
 * policy. UPDATE_BAD_INPUT=1 writes what each case produces into its expected.txt (review the diff).
 */
import { App } from 'cdktf';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, relative } from 'path';
import { ConfigError } from '../../lib/config/errors';
import { loadEnvironments } from '../../lib/config/load';
import { EnvironmentStack } from '../../lib/environment-stack';
import { STACK_RULES } from '../../lib/platform/catalogue/rules';
import { checkPolicy, errorLines } from '../../lib/policy/report';
import { envTree } from '../support/env-tree';
import { ROOT } from '../support/synth';

const CORPUS = join(ROOT, 'test', 'bad-input');
const EXPECTED = 'expected.txt';
const cases = readdirSync(CORPUS).filter((name) => statSync(join(CORPUS, name)).isDirectory()).sort();

function filesOf(dir: string, base = dir): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) Object.assign(files, filesOf(full, base));
    else if (full !== join(base, EXPECTED)) files[relative(base, full).split('\\').join('/')] = readFileSync(full, 'utf8');
  }
  return files;
}

/** The case's tree; tenant folders named like a shipped tenant borrow its tenant.yaml. */
function treeOf(name: string): Record<string, string> {
  const files = filesOf(join(CORPUS, name));
  for (const tenant of new Set(Object.keys(files).filter((p) => p.includes('/')).map((p) => p.split('/')[0]))) {
    const shipped = join(ROOT, 'environments', tenant, 'tenant.yaml');
    if (!files[`${tenant}/tenant.yaml`] && existsSync(shipped)) files[`${tenant}/tenant.yaml`] = readFileSync(shipped, 'utf8');
  }
  return files;
}

/** What a synth of the tree prints: the loader's problems, else the policy's errors. */
function run(files: Record<string, string>): string[] {
  const root = envTree(files);
  try {
    const envs = loadEnvironments({ root, stacks: STACK_RULES });
    const app = new App({ outdir: tmpdir(), stackTraces: false });
    for (const env of envs) new EnvironmentStack(app, env);
    checkPolicy(app);
    return errorLines(app);
  } catch (e) {
    if (e instanceof ConfigError) return e.message.split('\n');
    throw e;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function expected(name: string): { comments: string[]; lines: string[] } {
  const text = readFileSync(join(CORPUS, name, EXPECTED), 'utf8').split('\n').filter((l) => l !== '');
  return { comments: text.filter((l) => l.startsWith('#')), lines: text.filter((l) => !l.startsWith('#')) };
}

it('holds at least 30 cases, each with a comment and at least one expected line', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const name of cases) {
    const { comments, lines } = expected(name);
    expect([name, comments.length > 0, lines.length > 0]).toEqual([name, true, true]);
  }
});

it.each(cases)('%s', (name) => {
  const produced = run(treeOf(name));
  if (process.env.UPDATE_BAD_INPUT) {
    writeFileSync(join(CORPUS, name, EXPECTED), [...expected(name).comments, ...produced, ''].join('\n'));
  }
  expect(produced).toEqual(expected(name).lines);
});

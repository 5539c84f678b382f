/**
 * `npm run plan-guard -- <plan.json>` (or `-` for stdin): reads `terraform show -json <planfile>`
 * and refuses plans that delete or replace protected state.
 *   exit 0: the plan may be applied (prints a one-line summary)
 *   exit 1: the plan deletes or replaces a protected resource, or changes a cluster's API trust
 *           list (prints each one); `--accept-trust-list-change` lets the latter pass, named
 *   exit 2: the input is no readable plan (missing file, not JSON, not a plan)
 */
import { readFileSync } from 'fs';
import { parseArgs } from 'node:util';
import { resolve } from 'path';
import { guardPlan } from '../policy/plan/guard';
import { PlanInputError, readPlan } from '../policy/plan/read-plan';
import { PROTECTED_RESOURCE_TYPES } from '../contracts/protected';
import type { CommandIo } from '../ops/cli';

/** The plan guard's io: a command's, and where "-" reads from (default: the process's stdin). */
export interface PlanGuardIo extends CommandIo {
  readonly stdin?: () => string;
}

const USAGE = 'usage: npm run plan-guard -- <plan.json> [--accept-trust-list-change]   (terraform show -json <planfile> > plan.json; "-" reads stdin)';
const ACCEPT = '--accept-trust-list-change';

function read(path: string, io: PlanGuardIo): string {
  try {
    if (path === '-') return io.stdin ? io.stdin() : readFileSync(0, 'utf8');
    // `npm run` starts scripts in the project root; relative paths mean the caller's folder.
    return readFileSync(resolve(io.env.INIT_CWD ?? io.cwd, path), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : (e as Error).message;
    throw new PlanInputError(`cannot read ${path}: ${why}`);
  }
}

const HELP = `${USAGE}

Reads the JSON plan and refuses any deletion or replacement of a protected resource
(${PROTECTED_RESOURCE_TYPES.join(', ')}), naming the attributes that force it, and any change of a
cluster's API trust list (CCE sets it only when a cluster is created; ${ACCEPT} lets that pass).

Exit codes: 0 the plan may be applied, 1 it deletes or replaces protected state or changes a trust
list, 2 no readable plan (missing file, not JSON, the binary plan file, a state, an errored plan)
or wrong arguments.`;

/** One run of the guard; returns the exit code. */
export function main(argv: readonly string[], io: PlanGuardIo): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${HELP}
`);
    return 0;
  }
  // Node's parser reads the options; a short option (`-x`) is a file name, "-" is stdin.
  const { tokens } = parseArgs({ args: [...argv], options: { [ACCEPT.slice(2)]: { type: 'boolean' } }, strict: false, allowPositionals: true, tokens: true });
  let accept = false;
  const args: string[] = [];
  const seen = new Set<number>();
  for (const token of tokens) {
    if (token.kind === 'option-terminator' || seen.has(token.index)) continue;
    seen.add(token.index);
    if (token.kind === 'positional' || !token.rawName.startsWith('--')) args.push(argv[token.index]);
    else if (token.rawName === ACCEPT && !token.inlineValue) accept = true;
    else {
      io.stderr.write(`plan-guard: unknown option ${argv[token.index]}\n${USAGE}\n`);
      return 2;
    }
  }
  if (args.length !== 1 || args[0] === '') {
    io.stderr.write(`plan-guard: expected one plan file, got ${args.length}\n${USAGE}\n`);
    return 2;
  }
  const [path] = args;
  let result;
  try {
    result = guardPlan(readPlan(read(path, io), path === '-' ? 'stdin' : path));
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw e;
    io.stderr.write(`plan-guard: ${e.message}\n${USAGE}\n`);
    return 2;
  }
  io.stdout.write(`plan-guard: ${result.summary}\n`);
  const trust = result.trustList.length > 0 && !accept;
  if (result.trustList.length > 0 && accept) {
    io.stdout.write(result.trustList.map((line) => `plan-guard: accepted (${ACCEPT}): ${line}; the cluster keeps its old list\n`).join(''));
  }
  if (trust) {
    const t = result.trustList.length;
    io.stderr.write(
      `plan-guard: refusing the plan: it changes the Kubernetes API trust list of ${t} cluster${t === 1 ? '' : 's'}, which CCE sets only when a cluster is created:\n` +
        result.trustList.map((line) => `  ${line}\n`).join('') +
        'The cluster ignores the change (it is never replaced for it) and keeps its old list, so a new address cannot reach its API. ' +
        'Keep the manager\'s egress address (it carries prevent_destroy) or undo the change of cluster.publicApiCidrs; README "API trust list" says what to do when the change is real.\n',
    );
  }
  if (result.blocked.length === 0) return trust ? 1 : 0;
  const n = result.blocked.length;
  io.stderr.write(
    `plan-guard: refusing the plan: it deletes or replaces ${n} protected resource${n === 1 ? '' : 's'}, whose data would be lost:\n` +
      result.blocked.map((line) => `  ${line}\n`).join('') +
      `Protected types: ${PROTECTED_RESOURCE_TYPES.join(', ')}.\n` +
      'Undo the change that forces it (an INITIAL field of the environment file, see README), or see README "Plan guard" for a replacement you really want.\n',
  );
  return 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2), { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });

/**
 * Plumbing shared by the operations commands (`new-env`, `envs`, `diff`, `bench`): exit codes,
 * argument parsing, and printing mistakes as one clear message instead of a stack trace.
 *
 * Exit codes, the same for every command:
 *   0  done (for `diff --exit-code`: no change)
 *   1  refused: the input is understood but not acceptable (an existing name, an invalid value,
 *      a broken environment tree), or `diff --exit-code` found a change
 *   2  usage: unknown option, missing argument, unknown git ref; for `diff` also a side that
 *      does not compile or synthesize (so that it never reads as "changed")
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/errors';

export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

/** A mistake the user can fix. The command prints the message and exits with `exitCode`. */
export class OpsError extends Error {
  constructor(
    message: string,
    public readonly exitCode: number = EXIT.refused,
  ) {
    super(message);
    this.name = 'OpsError';
  }
}

/** Wrong arguments: printed with the command's usage, exit 2. */
export class UsageError extends OpsError {
  constructor(message: string) {
    super(message, EXIT.usage);
    this.name = 'UsageError';
  }
}

export type FlagKind = 'string' | 'boolean';

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** Flag name (without `--`) -> its value; `true` for boolean flags. */
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Parses `--flag value`, `--flag=value`, boolean `--flag`, positionals and `--` (end of options)
 * with Node's `util.parseArgs` (its tokens), and turns what it lets through into usage errors in
 * our words: unknown flags, short options, missing values and repeated flags.
 */
export function parseArgv(argv: readonly string[], spec: Readonly<Record<string, FlagKind>>): ParsedArgs {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const { name, rawName, inlineValue, value } = token;
    if (!rawName.startsWith('--')) throw new UsageError(`unknown option "${argv[token.index]}" (options are spelled --name)`);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option "--${name}"`);
    if (flags.has(name)) throw new UsageError(`option "--${name}" given twice`);
    if (kind === 'boolean') {
      if (inlineValue) throw new UsageError(`option "--${name}" takes no value`);
      flags.set(name, true);
      continue;
    }
    if (value === undefined || (!inlineValue && value.startsWith('--'))) throw new UsageError(`option "--${name}" needs a value`);
    flags.set(name, value);
  }
  return { positionals, flags };
}

/** The string value of a flag, or undefined; an empty value is a usage error. */
export function stringFlag(args: ParsedArgs, name: string): string | undefined {
  const value = args.flags.get(name);
  if (value === undefined) return undefined;
  if (value === true || value.trim() === '') throw new UsageError(`option "--${name}" needs a value`);
  return value.trim();
}

/** Where a command reads its settings and writes its messages: the process's, or a test's. */
export interface CommandIo {
  readonly env: NodeJS.ProcessEnv;
  /** The caller's folder (relative paths in messages). */
  readonly cwd: string;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

export interface Command {
  /** e.g. `new-env`; prefixes every error message. */
  readonly name: string;
  /** Printed for `--help` and after usage errors. */
  readonly usage: string;
  /** Does the work, writing through `io`; returns the exit code (or a promise of it). */
  readonly run: (argv: readonly string[], io: CommandIo) => number | Promise<number>;
}

/**
 * Runs a command: `--help`, error messages without stack traces; returns the exit code
 * (synchronously when the command's run does). Errors that are no user mistake are thrown.
 */
export function execute(command: Command, argv: readonly string[], io: CommandIo): number | Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout.write(`${command.usage.trim()}\n`);
    return EXIT.ok;
  }
  try {
    const code = command.run(argv, io);
    return typeof code === 'number' ? code : code.catch((e: unknown) => report(command, e, io));
  } catch (e) {
    return report(command, e, io);
  }
}

/** Runs a command as the process (the last line of each lib/cli/ file): sets its exit code. */
export function runCommand(command: Command, argv: readonly string[] = process.argv.slice(2)): void {
  const code = execute(command, argv, { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr });
  if (typeof code === 'number') process.exitCode = code;
  else void code.then((c) => (process.exitCode = c));
}

/** Prints a command's error as one message (no stack trace); returns its exit code. */
function report(command: Command, e: unknown, io: CommandIo): number {
  if (e instanceof UsageError) {
    io.stderr.write(`${command.name}: ${e.message}\n\n${command.usage.trim()}\n`);
    return e.exitCode;
  } else if (e instanceof OpsError) {
    io.stderr.write(`${command.name}: ${e.message}\n`);
    return e.exitCode;
  } else if (e instanceof ConfigError) {
    const n = e.problems.length;
    io.stderr.write(`${command.name}: ${n} problem${n === 1 ? '' : 's'} in environments/:\n${e.message}\n`);
    return EXIT.refused;
  }
  throw e;
}

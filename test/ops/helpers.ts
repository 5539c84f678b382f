/** Helpers for the operations tests: throw-away copies of environments/ and the compiled commands. */
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import type { Command } from '../../lib/ops/cli';
import { execute } from '../../lib/ops/cli';
import { ROOT } from '../support/synth';

const temporary: string[] = [];

/** A folder removed after all tests of the file (call `cleanUp` in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

export function cleanUp(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes `files` (path relative to `root` -> text), each with a fresh, distinct modification time, as an editor saving a second later would give. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
    const t = new Date(Date.now() + Math.floor(Math.random() * 1e6));
    utimesSync(join(root, file), t, t);
  }
}

/** A copy of the shipped environments/ in a new folder; returns the copy's environments folder. */
export function copyOfEnvironments(): string {
  const dir = join(tempDir('edp-ops-'), 'environments');
  cpSync(join(ROOT, 'environments'), dir, { recursive: true });
  return dir;
}

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `node dist/lib/cli/<command>.js` (built by `npm test`'s build step): the end-to-end run,
 * one per command (bin wiring, exit code); the other cases use `inProcess`.
 */
export function cli(command: string, args: readonly string[], options: { env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'lib', 'cli', `${command}.js`), ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: '1', ...options.env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** No stack trace in a message meant for people. */
export const NO_STACK_TRACE = /\bat .*\.js:\d+/;

type InProcessOptions = { env?: Record<string, string>; cwd?: string };

function inProcessRun(command: string, args: readonly string[], options: InProcessOptions): { code: number | Promise<number>; out: { stdout: string; stderr: string } } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { command: cmd } = require(join(ROOT, 'lib', 'cli', command)) as { command: Command };
  const out = { stdout: '', stderr: '' };
  const code = execute(cmd, args, {
    env: { ...process.env, ...options.env },
    cwd: options.cwd ?? ROOT,
    stdout: { write: (text: string) => (out.stdout += text) },
    stderr: { write: (text: string) => (out.stderr += text) },
  });
  return { code, out };
}

/**
 * The command's `run` in this process, as `cli` would run it (same environment, on top of this
 * process's; messages collected): for the cases that check messages, exit codes and files.
 */
export function inProcess(command: string, args: readonly string[], options: InProcessOptions = {}): CliResult {
  const { code, out } = inProcessRun(command, args, options);
  if (typeof code !== 'number') throw new Error(`${command} runs asynchronously: use inProcessAsync`);
  return { status: code, ...out };
}

export async function inProcessAsync(command: string, args: readonly string[], options: InProcessOptions = {}): Promise<CliResult> {
  const { code, out } = inProcessRun(command, args, options);
  return { status: await code, ...out };
}

/**
 * What a user types first: `--help` of every command (each entry point in lib/cli/ and the synth
 * itself, in process), and `--json` output that pipes into another program as the README shows.
 */
import { spawn } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { Command, execute } from '../../lib/ops/cli';
import { ROOT } from '../support/synth';

function node(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** `<command> --help` through the command's own entry (main.ts's main, a Command, plan-guard's main). */
async function helpOf(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const io = { env: process.env, cwd: ROOT, root: ROOT, stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entry = require(join(ROOT, command.replace(/^dist\//, '').replace(/\.js$/, ''))) as { command?: Command; main?: (argv: string[], io: never) => number | Promise<number> };
  const code = entry.command ? await execute(entry.command, ['--help'], io) : await entry.main!(['--help'], io as never);
  return { code, ...out };
}

// Every command there is: one entry point per file in lib/cli/, plus main.ts (npm run synth).
const COMMANDS = [...readdirSync(join(ROOT, 'lib', 'cli')).filter((f) => f.endsWith('.ts')).map((f) => `dist/lib/cli/${f.replace(/\.ts$/, '.js')}`), 'dist/main.js'];

describe('--help', () => {
  it('covers the commands', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['dist/lib/cli/plan-guard.js', 'dist/lib/cli/envs.js', 'dist/main.js']));
  });

  // In process: every command's own tests run its compiled program once (the bin wiring).
  it.each(COMMANDS)('%s --help prints its usage and exits 0', async (command) => {
    const r = await helpOf(command);
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: /i);
    expect(r.stdout).toMatch(/npm run |node dist\//);
  }, 120_000);
});

describe('--json', () => {
  it('envs --json writes nothing but JSON to stdout', async () => {
    const r = await node(['dist/lib/cli/envs.js', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { stackId: string }[]).map((e) => e.stackId)).toContain('prod-edp');
  }, 120_000);

  it('every README command that pipes --json output keeps npm quiet (npm prints "> script" lines to stdout)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const piped = readme.split('\n').filter((l) => /^npm run .*--json\s*\|/.test(l.trim()));
    expect(piped.length).toBeGreaterThan(0);
    for (const line of piped) expect(line.trim()).toMatch(/^npm run (--silent|-s) /);
  });
});

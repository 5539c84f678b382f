/**
 * What a user types first: `--help` of every command (each compiled entry point in dist/lib/cli/
 * and the synth itself), and `--json` output that pipes into another program as the README shows.
 */
import { spawn } from 'child_process';
import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
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

// Every command there is: one entry point per file in lib/cli/, plus main.ts (npm run synth).
const COMMANDS = [...readdirSync(join(ROOT, 'lib', 'cli')).filter((f) => f.endsWith('.ts')).map((f) => `dist/lib/cli/${f.replace(/\.ts$/, '.js')}`), 'dist/main.js'];

describe('--help', () => {
  it('covers the commands', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['dist/lib/cli/plan-guard.js', 'dist/lib/cli/envs.js', 'dist/main.js']));
  });

  it.concurrent.each(COMMANDS)('%s --help prints its usage and exits 0', async (command) => {
    const r = await node([command, '--help']);
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

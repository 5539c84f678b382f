/**
 * The output folder of `npm run synth` (node dist/main.js): Terraform's working files in a stack
 * folder survive a new synth; Ctrl-C and SIGTERM during a synth leave no staging folder and the
 * previous output as it was; a later synth removes the staging folder of a killed run, never the
 * one of a run still going.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { main } from '../../main';
import { generateEnvironments } from '../../lib/ops/bench/generate';
import { TERRAFORM_WORKING_FILES, publish } from '../../lib/ops/synth-output';
import { NONPROD_TENANT, envTree } from '../support/env-tree';
import { ROOT } from '../support/synth';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'edp-out-'));
  temporary.push(dir);
  return dir;
}

const MAIN = join(ROOT, 'dist', 'main.js');

function env(outdir: string, environments: string): NodeJS.ProcessEnv {
  return { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_OUTDIR: outdir, EDP_ENVIRONMENTS_DIR: environments };
}

/** A small tree (one OTC environment) to synthesize. */
function smallTree(): string {
  const root = envTree({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' });
  temporary.push(root);
  return join(root, 'environments');
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

function stagingIn(outdir: string): string[] {
  return existsSync(outdir) ? readdirSync(outdir).filter((n) => n.startsWith('.staging-')) : [];
}

describe('publish', () => {
  it("keeps Terraform's working files in a stack folder and replaces everything else", () => {
    const dir = scratch();
    const [staging, out] = [join(dir, 'staging'), join(dir, 'out')];
    write(join(staging, 'manifest.json'), 'new');
    write(join(staging, 'stacks', 'a', 'cdk.tf.json'), 'new a');
    write(join(out, 'manifest.json'), 'old');
    write(join(out, 'stacks', 'a', 'cdk.tf.json'), 'old a');
    write(join(out, 'stacks', 'a', '.terraform', 'providers', 'p'), 'provider');
    write(join(out, 'stacks', 'a', '.terraform.lock.hcl'), 'lock');
    write(join(out, 'stacks', 'a', 'plan.tfplan'), 'a plan of the old configuration');
    write(join(out, 'stacks', 'gone', 'cdk.tf.json'), 'an environment that no longer exists');

    expect(publish(staging, out)).toEqual(['a']);
    expect(readdirSync(join(out, 'stacks'))).toEqual(['a']);
    expect(readdirSync(join(out, 'stacks', 'a')).sort()).toEqual(['.terraform', '.terraform.lock.hcl', 'cdk.tf.json']);
    expect(readFileSync(join(out, 'stacks', 'a', 'cdk.tf.json'), 'utf8')).toBe('new a');
    expect(readFileSync(join(out, 'stacks', 'a', '.terraform', 'providers', 'p'), 'utf8')).toBe('provider');
    expect(readFileSync(join(out, 'stacks', 'a', '.terraform.lock.hcl'), 'utf8')).toBe('lock');
    expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('new');
    expect(TERRAFORM_WORKING_FILES).toEqual(['.terraform', '.terraform.lock.hcl']);
  });
});

/** The program's main in this process; the interrupted runs below are node dist/main.js. */
async function synth(environment: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  const r = { status: -1, stdout: '', stderr: '' };
  r.status = await main([], { env: environment, root: ROOT, stdout: { write: (t: string) => (r.stdout += t) }, stderr: { write: (t: string) => (r.stderr += t) } });
  return r;
}

describe('the program (main) and its output folder', () => {
  it('keeps .terraform/ and .terraform.lock.hcl of a stack across synths, and says what it wrote', async () => {
    const out = join(scratch(), 'cdktf.out');
    const environments = smallTree();
    expect((await synth(env(out, environments))).status).toBe(0);
    const stack = join(out, 'stacks', 'nonprod-x');
    // What `terraform init` leaves there.
    write(join(stack, '.terraform', 'providers', 'registry.terraform.io', 'x'), 'plugin');
    write(join(stack, '.terraform.lock.hcl'), '# provider checksums\n');
    writeFileSync(join(stack, 'cdk.tf.json'), '{"stale": true}');

    const again = await synth(env(out, environments));
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(`Wrote 1 stack to ${out}/stacks/: nonprod-x\n`);
    expect(readFileSync(join(stack, '.terraform', 'providers', 'registry.terraform.io', 'x'), 'utf8')).toBe('plugin');
    expect(readFileSync(join(stack, '.terraform.lock.hcl'), 'utf8')).toBe('# provider checksums\n');
    expect(JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8'))).toHaveProperty('resource');
  });

  it('removes staging folders of runs that are gone, never the one of a live run', async () => {
    const out = join(scratch(), 'cdktf.out');
    // A process id far above Linux's pid_max: no such process. The test runner's parent is alive.
    const live = `.staging-${process.ppid}-live`;
    for (const name of ['.staging-999999999-aBcDeF', '.staging-Xy12Ab', live]) write(join(out, name, 'stacks', 'half-written', 'cdk.tf.json'), '{');
    const r = await synth(env(out, smallTree()));
    expect(r.status).toBe(0);
    expect(stagingIn(out)).toEqual([live]);
  });
});

describe('node dist/main.js and its output folder', () => {
  describe('interrupted', () => {
    let environments: string;
    beforeAll(() => {
      // Enough environments for a synth of several seconds.
      environments = scratch();
      generateEnvironments(environments, 12);
    });

    /** Starts a synth over a previous output; resolves once it created its staging folder. */
    async function started(out: string): Promise<{ child: ChildProcess; exit: Promise<{ code: number | null; signal: string | null; stderr: string }> }> {
      write(join(out, 'manifest.json'), 'previous');
      write(join(out, 'stacks', 'bench-env-001', 'cdk.tf.json'), 'previous');
      const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: env(out, environments) });
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      const exit = new Promise<{ code: number | null; signal: string | null; stderr: string }>((done) => child.on('close', (code, signal) => done({ code, signal, stderr })));
      const deadline = Date.now() + 30_000;
      while (!stagingIn(out).some((n) => n.startsWith(`.staging-${child.pid}-`))) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error('the synth never created its staging folder');
        await new Promise((r) => setTimeout(r, 5));
      }
      return { child, exit };
    }

    it.each([
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const)('by %s: exit %i, no staging folder, the previous output as it was', async (signal, code) => {
      const out = join(scratch(), 'cdktf.out');
      const { child, exit } = await started(out);
      child.kill(signal);
      const r = await exit;
      expect(r).toEqual({ code, signal: null, stderr: `synth: interrupted (${signal}); nothing was written, the output folder is as it was\n` });
      expect(stagingIn(out)).toEqual([]);
      expect(readFileSync(join(out, 'manifest.json'), 'utf8')).toBe('previous');
      expect(readdirSync(join(out, 'stacks'))).toEqual(['bench-env-001']);
      expect(readFileSync(join(out, 'stacks', 'bench-env-001', 'cdk.tf.json'), 'utf8')).toBe('previous');
    }, 60_000);

    it('by SIGKILL: the next synth removes the staging folder it left', async () => {
      const out = join(scratch(), 'cdktf.out');
      const { child, exit } = await started(out);
      child.kill('SIGKILL');
      expect((await exit).signal).toBe('SIGKILL');
      expect(stagingIn(out)).toHaveLength(1);
      const next = spawnSync(process.execPath, [MAIN], { cwd: ROOT, encoding: 'utf8', env: env(out, smallTree()) });
      expect(next.status).toBe(0);
      expect(stagingIn(out)).toEqual([]);
    }, 60_000);
  });
});

/**
 * cdktf's archiver loads only when something uses it (lib/environment-stack/deferred-archiver.ts):
 * a synth without assets never loads it, a use of it gets the real package. Child processes,
 * because jest's module registry is not Node's module cache.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { dirname, join } from 'path';
import { NONPROD_TENANT, envTree } from '../support/env-tree';
import { ROOT } from '../support/synth';

const MODULE = join(ROOT, 'dist', 'lib', 'environment-stack', 'deferred-archiver.js');

/** Files of the archiver packages (not the stand-in's own entry) in Node's module cache. */
const LOADED = `const loaded = () => Object.keys(require.cache).filter((f) => /[\\\\/]node_modules[\\\\/](archiver|archiver-utils|zip-stream)[\\\\/]/.test(f) && f !== file).length;`;

/** Runs `script` in a child Node in the project root and returns its last stdout line as JSON. */
function child(script: string, args: readonly string[] = []) {
  const r = spawnSync(process.execPath, ['-e', script, ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

it('keeps the archiver unloaded when cdktf loads, and gives the real package at its first use', () => {
  const out = child(`
    const { deferArchiver, archiverFile } = require(${JSON.stringify(MODULE)});
    const file = archiverFile();
    ${LOADED}
    const installed = deferArchiver();
    require(require.resolve('cdktf', { paths: [process.cwd()] }));
    const afterCdktf = loaded();
    const standIn = require(file);
    const archive = standIn('zip', { zlib: { level: 9 } });
    const real = require(file);
    console.log(JSON.stringify({
      installed, afterCdktf, afterUse: loaded() > 0,
      api: [typeof archive.directory, typeof archive.finalize, typeof archive.pipe],
      replaced: real !== standIn, isArchiver: typeof real === 'function' && typeof real.create === 'function',
      again: deferArchiver(),
    }));
  `);
  expect(out).toEqual({ installed: true, afterCdktf: 0, afterUse: true, api: ['function', 'function', 'function'], replaced: true, isArchiver: true, again: false });
});

it('fails if cdktf loads the archiver itself (planted: no stand-in, so the check sees a real load)', () => {
  const out = child(`
    const { archiverFile } = require(${JSON.stringify(MODULE)});
    const file = archiverFile();
    ${LOADED}
    require(require.resolve('cdktf', { paths: [process.cwd()] }));
    console.log(JSON.stringify({ loaded: loaded() }));
  `);
  expect(out.loaded).toBeGreaterThan(0);
});

it('node dist/main.js synthesizes without loading the archiver', () => {
  const root = envTree({ 'nonprod/tenant.yaml': NONPROD_TENANT, 'nonprod/x.yaml': 'stacks: [core, otc]\n' });
  const preload = join(mkdtempSync(join(tmpdir(), 'edp-archiver-')), 'report.js');
  try {
    writeFileSync(preload, `process.on('exit', () => { const file = require(${JSON.stringify(MODULE)}).archiverFile(); ${LOADED} process.stderr.write('archiver files: ' + loaded() + '\\n'); });`);
    const r = spawnSync(process.execPath, ['-r', preload, join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, CHECKPOINT_DISABLE: '1', EDP_ENVIRONMENTS_DIR: join(root, 'environments'), CDKTF_OUTDIR: join(root, 'out') },
    });
    expect(r.stdout).toContain('Wrote 1 stack');
    expect(r.stderr).toBe('archiver files: 0\n');
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(dirname(preload), { recursive: true, force: true });
  }
});

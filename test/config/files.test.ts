/**
 * The loader's file-system side (lib/config/files.ts) accepts what is harmless: symbolic links to
 * a tenant folder or to an environment file are followed. Its refusals are the bad-input corpus.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { inspect, readText } from '../../lib/config/files';
import { LIMITS } from '../../lib/config/limits';
import { loadEnvironments } from '../../lib/config/load';
import { STACK_RULES } from '../../lib/environment-stack/stack-rules';
import { NONPROD_TENANT, envTree } from '../support/env-tree';

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

it('follows a symbolic link to a tenant folder and to an environment file', () => {
  const root = envTree({});
  temporary.push(root);
  for (const [path, text] of [['shared/tenant.yaml', NONPROD_TENANT], ['shared/x.yaml', 'stacks: [core, otc]\n'], ['elsewhere/y.yaml', 'stacks: [core]\n']]) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(join(root, 'shared'), join(root, 'environments', 'nonprod'));
  symlinkSync(join(root, 'elsewhere', 'y.yaml'), join(root, 'shared', 'y.yaml'));
  const envs = loadEnvironments({ root, stacks: STACK_RULES });
  expect(envs.map((e) => [e.stackId, e.file])).toEqual([
    ['nonprod-x', 'environments/nonprod/x.yaml'],
    ['nonprod-y', 'environments/nonprod/y.yaml'],
  ]);
});

it('reads a file of exactly the size limit, and refuses one byte more unread', () => {
  const root = envTree({});
  temporary.push(root);
  mkdirSync(join(root, 'f'));
  const at = join(root, 'f', 'a.yaml');
  writeFileSync(at, 'a'.repeat(LIMITS.fileBytes));
  expect(readText(at)).toEqual({ ok: true, text: 'a'.repeat(LIMITS.fileBytes) });
  writeFileSync(at, 'a'.repeat(LIMITS.fileBytes + 1));
  expect(readText(at)).toEqual({ ok: false, message: 'expected a file of at most 64 KiB, got 65 KiB (not read)' });
  expect(inspect(at)).toEqual({ kind: 'file', size: LIMITS.fileBytes + 1 });
});

/**
 * cdktf's check of the local Terraform version runs once per process, and not at all at synth
 * when the background run found a version that satisfies it (lib/environment-stack/binary-versions.ts).
 * A fake `terraform` (TERRAFORM_BINARY_NAME, read by cdktf when it loads) counts its runs.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const dir = mkdtempSync(join(tmpdir(), 'edp-tf-version-'));
const runs = join(dir, 'runs');
const fake = join(dir, 'terraform');
process.env.TERRAFORM_BINARY_NAME = fake;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeTerraform(version: string): void {
  writeFileSync(runs, '');
  writeFileSync(fake, `#!/bin/sh\necho run >> ${JSON.stringify(runs)}\necho "Terraform v${version}"\necho "on linux_amd64"\n`);
  chmodSync(fake, 0o755);
}
const runCount = () => readFileSync(runs, 'utf8').split('\n').filter((l) => l).length;

/** Two stacks with a terraform_data record each (cdktf checks >= 1.4 for each), synthesized. */
function synth(): string[] {
  const { App, DataResource, TerraformStack } = require('cdktf') as typeof import('cdktf');
  const { checkBinaryVersionsOnce } = require('../../lib/environment-stack/binary-versions') as typeof import('../../lib/environment-stack/binary-versions');
  checkBinaryVersionsOnce();
  const outdir = mkdtempSync(join(dir, 'out-'));
  const app = new App({ outdir, stackTraces: false });
  for (const id of ['a', 'b']) new DataResource(new TerraformStack(app, id), 'Record', { input: { id } });
  try {
    app.synth();
    return [];
  } catch (e) {
    return (e as Error).message.split('\n').filter((l) => l.includes('[')).map((l) => l.trim());
  }
}

beforeEach(() => jest.resetModules());

it('runs the version command once for all constructs of a process', () => {
  fakeTerraform('1.11.4');
  expect(synth()).toEqual([]);
  expect(runCount()).toBe(1);
});

it('runs it not at all at synth after a prefetch that found a version satisfying the check', async () => {
  fakeTerraform('1.11.4');
  const { prefetchTerraformVersion } = require('../../lib/environment-stack/binary-versions') as typeof import('../../lib/environment-stack/binary-versions');
  await prefetchTerraformVersion();
  expect(runCount()).toBe(1);
  expect(synth()).toEqual([]);
  expect(runCount()).toBe(1);
});

it('fails as cdktf does, with its message, if the version is too old (prefetched or not)', async () => {
  const message = `[a/Record] ${fake} version 1.3.0 is lower than the required version >=1.4 for this construct. The built-in Terraform data resource is only supported for Terraform >=1.4. Please upgrade your Terraform version.`;
  fakeTerraform('1.3.0');
  expect(synth()).toEqual([message]);
  jest.resetModules();
  const { prefetchTerraformVersion } = require('../../lib/environment-stack/binary-versions') as typeof import('../../lib/environment-stack/binary-versions');
  await prefetchTerraformVersion();
  expect(synth()).toEqual([message]);
});

it('fails as cdktf does if there is no terraform to ask', async () => {
  rmSync(fake, { force: true });
  const { prefetchTerraformVersion } = require('../../lib/environment-stack/binary-versions') as typeof import('../../lib/environment-stack/binary-versions');
  await prefetchTerraformVersion();
  const [line] = synth();
  expect(line).toMatch(/^\[a\/Record\] Could not determine version of .*terraform, .*terraform version failed: Error: Command failed: /);
});

describe('atLeast, which lets a prefetched version pass without asking cdktf', () => {
  const { atLeast } = require('../../lib/environment-stack/binary-versions') as typeof import('../../lib/environment-stack/binary-versions');
  it.each([
    ['1.11.0', '>=1.4', true],
    ['1.4.0', '>=1.4', true],
    ['1.10.0', '>=1.5', true],
    ['2.0.0', '>= 1.5.1', true],
    ['1.5.1', '>=1.5.1', true],
    ['1.3.9', '>=1.4', false],
    ['1.5.0', '>=1.5.1', false],
    ['0.15.5', '>=1.1', false],
  ])('%s meets %s: %s', (version, constraint, expected) => {
    expect(atLeast(version, constraint)).toBe(expected);
  });

  it.each([['1.11.0', '^1.4'], ['1.11.0', '>=1.4 <2'], ['1.11.0', '~1.4'], ['1.11', '>=1.4'], ['1.11.0-beta1', '>=1.4']])('leaves %s against %s to cdktf (false: a form it does not read)', (version, constraint) => {
    expect(atLeast(version, constraint)).toBe(false);
  });
});

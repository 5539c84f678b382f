/**
 * The shared render's cache (test/support/rendered.ts) is keyed on every module the renderer
 * runs: a change to any of them renders again instead of reading a stale result.
 */
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import { join } from 'path';
import { plantable, rendererFiles, shippedRenders, thaw } from '../support/rendered';
import { ROOT } from '../support/synth';

it('covers every program module that rendering loads', () => {
  // What the renderer loads, seen from Node's module cache in a fresh process (session.ts left
  // out: it loads the whole program, for `npm run render`'s synth, which the key covers as output).
  const modules = ['render', 'chart-cache', 'helm', 'capabilities', 'pool', 'zip'].map((m) => join(ROOT, 'dist', 'lib', 'ops', 'render', `${m}.js`));
  const script = `for (const m of ${JSON.stringify(modules)}) require(m); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  const loaded = (JSON.parse(r.stdout) as string[]).filter((f) => !f.includes('/node_modules/')).map((f) => f.replace(/^.*?\/\.dist-[^/]+\//, '').replace(/\.js$/, '.ts'));
  expect(loaded).toContain('lib/platform/render.ts');
  expect(loaded.filter((f) => !rendererFiles().includes(f))).toEqual([]);
});

it('covers the renderer folder itself', () => {
  const files = rendererFiles();
  for (const f of readdirSync(join(ROOT, 'lib', 'ops', 'render')).filter((f) => f.endsWith('.ts'))) expect(files).toContain(`lib/ops/render/${f}`);
  // Not the program that synthesizes (that is in the key as the synthesized stacks).
  expect(files.filter((f) => f.startsWith('lib/environment-stack/'))).toEqual([]);
});

describe('the stored render', () => {
  it('is frozen, objects rendered alike are one object, and a copy is a test\'s own to change', async () => {
    const renders = await shippedRenders();
    const objectsOf = (id: string) => renders.find((r) => r.stackId === id)!.applications.flatMap((a) => a.sources.flatMap((s) => s.objects));
    const crd = (id: string) => objectsOf(id).find((o) => o.object.kind === 'CustomResourceDefinition' && o.object.metadata?.name === 'applications.argoproj.io')!;
    expect(crd('local-kind')).toBe(crd('prod-edp'));
    expect(() => (crd('prod-edp').object.metadata as unknown as Record<string, unknown>).name = 'planted').toThrow(TypeError);
    expect(() => (renders[0].applications as unknown[]).push({})).toThrow(TypeError);
    const copy = structuredClone(renders[0]);
    (copy.applications as unknown[]).push({});
    expect(copy.applications.length).toBe(renders[0].applications.length + 1);
    // The manifest stays readable through the freeze.
    expect(renders[0].applications[0].sources[0].manifest).toMatch(/^---|apiVersion:/m);
  });

  it('gives plantable copies: lists and entries of their own, the stored objects frozen until thawed', async () => {
    const stored = (await shippedRenders()).find((r) => r.stackId === 'prod-edp')!;
    const copy = plantable(stored);
    (copy.applications as unknown[]).push({});
    const source = copy.applications.find((a) => a.name === 'argocd')!.sources[0];
    (source.objects as unknown[]).push({ object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'planted' } }, template: 'planted.yaml' });
    expect([copy.applications.length, source.objects.length]).toEqual([stored.applications.length + 1, stored.applications.find((a) => a.name === 'argocd')!.sources[0].objects.length + 1]);
    expect(source.manifest).toBe(stored.applications.find((a) => a.name === 'argocd')!.sources[0].manifest);
    const isCrd = (o: { kind?: string; metadata?: { name?: string } }) => o.kind === 'CustomResourceDefinition' && o.metadata?.name === 'applications.argoproj.io';
    const entry = () => source.objects.find((o) => isCrd(o.object))!;
    expect(() => ((entry().object.metadata as unknown as Record<string, unknown>).name = 'planted')).toThrow(TypeError);
    const [crd] = thaw(copy, 'argocd', isCrd);
    crd.metadata.labels = { planted: 'yes' };
    expect(entry().object).toBe(crd);
    expect(stored.applications.find((a) => a.name === 'argocd')!.sources[0].objects.find((o) => isCrd(o.object))!.object.metadata?.labels?.planted).toBeUndefined();
  });
});

/**
 * Helm's output kept on disk (lib/ops/render/output-cache.ts): read again only while Helm, the
 * chart's files, the arguments and the values are the same; otherwise Helm runs.
 */
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { findHelm } from '../../lib/ops/render/helm';
import { chartCache, chartDigest } from '../../lib/ops/render/chart-cache';
import { OutputCache, outputCache, outputKey, readOutput, writeOutput } from '../../lib/ops/render/output-cache';
import { Pool } from '../../lib/ops/render/pool';
import { RenderContext, renderStack, TerraformJson } from '../../lib/ops/render/render';
import { ROOT } from '../support/synth';

const scratch = mkdtempSync(join(tmpdir(), 'edp-output-cache-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const helm = findHelm(ROOT);

/** A copy of the cached raw chart in a chart cache of its own, which the test may edit. */
function rawChartCache(): { dir: string; chart: string } {
  const source = chartCache(ROOT);
  const raw = source.dirs.map((d) => join(d, 'raw')).find((d) => existsSync(d))!;
  const version = readdirSync(raw).sort().pop()!;
  const dir = mkdtempSync(join(scratch, 'charts-'));
  cpSync(join(raw, version), join(dir, 'raw', version), { recursive: true });
  return { dir, chart: join(dir, 'raw', version) };
}

function release(version: string, values: unknown): TerraformJson {
  return { resource: { helm_release: { r: { name: 'r', namespace: 'n', repository: 'https://bedag.github.io/helm-charts', chart: 'raw', version, values: [JSON.stringify(values)] } } } } as TerraformJson;
}

describe('the output cache', () => {
  it('renders once with Helm, then reads the same text while nothing Helm reads changed; a changed chart file, values or Helm runs Helm again', async () => {
    const charts = rawChartCache();
    const version = charts.chart.split('/').pop()!;
    // A Helm that counts its runs, then is the real one.
    const bin = mkdtempSync(join(scratch, 'bin-'));
    const log = join(bin, 'runs');
    writeFileSync(log, '');
    writeFileSync(join(bin, 'helm'), `#!/bin/sh\necho "$1" >> ${log}\nexec ${helm.path} "$@"\n`);
    chmodSync(join(bin, 'helm'), 0o755);
    const output: OutputCache = { dir: join(scratch, 'output'), suffix: '.json', maxBytes: 1e9 };
    // A new context per run, as each command has: no in-memory sharing between runs.
    const ctx = (version_ = helm.version): RenderContext => ({ helm: { ...helm, path: join(bin, 'helm'), version: version_ }, cache: { dirs: [charts.dir], pullTo: charts.dir }, pool: new Pool(1), output });
    const runs = () => readFileSync(log, 'utf8').split('\n').filter((l) => l === 'template').length;
    const values = { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' } }] };
    const source = async (c: RenderContext, v: unknown = values) => (await renderStack(c, 's', release(version, v))).applications[0].sources[0];
    const text = async (c: RenderContext, v: unknown = values) => (await source(c, v)).manifest;

    const rendered = await source(ctx());
    const first = rendered.manifest;
    expect(first).toMatch(/name: one/);
    expect(runs()).toBe(1);
    // The same text and the same parsed objects, without Helm.
    expect(await source(ctx())).toEqual(rendered);
    expect(runs()).toBe(1);
    // Other values.
    expect(await text(ctx(), { resources: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'two' } }] })).toMatch(/name: two/);
    expect(runs()).toBe(2);
    // Another Helm.
    await text(ctx('3.17.4'));
    expect(runs()).toBe(3);
    // The same chart in another folder reads the same; with one template changed, Helm runs.
    const copy = rawChartCache();
    expect(await text({ ...ctx(), cache: { dirs: [copy.dir], pullTo: copy.dir } })).toBe(first);
    expect(runs()).toBe(3);
    const template = join(copy.chart, 'templates', readdirSync(join(copy.chart, 'templates')).find((f) => f.endsWith('.yaml'))!);
    writeFileSync(template, `${readFileSync(template, 'utf8')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: planted\n`);
    const changed = rawChartCache();
    cpSync(copy.chart, changed.chart, { recursive: true });
    expect(await text({ ...ctx(), cache: { dirs: [changed.dir], pullTo: changed.dir } })).toMatch(/name: planted/);
    expect(runs()).toBe(4);
  });

  it('keys on Helm, every file of the chart, the arguments and the values', () => {
    const { chart } = rawChartCache();
    const key = outputKey(helm, chart, ['template', 'r', chart], '{}');
    expect(outputKey(helm, chart, ['template', 'r', chart], '{"a":1}')).not.toBe(key);
    expect(outputKey(helm, chart, ['template', 'other', chart], '{}')).not.toBe(key);
    expect(outputKey({ ...helm, version: '3.18.0' }, chart, ['template', 'r', chart], '{}')).not.toBe(key);
    // A copy of the chart with one file changed: another digest, whatever the folder's name.
    const same = rawChartCache().chart;
    expect(chartDigest(same)).toBe(chartDigest(chart));
    const changed = rawChartCache().chart;
    writeFileSync(join(changed, 'values.yaml'), `${readFileSync(join(changed, 'values.yaml'), 'utf8')}\nplanted: true\n`);
    expect(chartDigest(changed)).not.toBe(chartDigest(chart));
  });

  it('keeps only what fits, removing the renders read least recently', () => {
    const cache: OutputCache = { dir: join(scratch, 'small'), suffix: '.json', maxBytes: 100 };
    const output = { manifest: '0123456789', objects: [] };
    writeOutput(cache, 'a', output);
    writeOutput(cache, 'b', output);
    // `a` is read, `b` not: the next write pushes out `b`.
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(cache.dir, 'a.json'), past, past);
    utimesSync(join(cache.dir, 'b.json'), past, past);
    expect(readOutput(cache, 'a')).toEqual(output);
    writeOutput(cache, 'c', output);
    expect([readOutput(cache, 'a'), readOutput(cache, 'b'), readOutput(cache, 'c')]).toEqual([output, undefined, output]);
  });

  it('keeps no render whose objects JSON cannot carry exactly (a YAML .nan): Helm runs for it again', () => {
    const cache: OutputCache = { dir: join(scratch, 'nan'), suffix: '.json', maxBytes: 1e6 };
    writeOutput(cache, 'n', { manifest: 'x: .nan\n', objects: [{ x: Number.NaN }] });
    expect(readOutput(cache, 'n')).toBeUndefined();
  });

  it('is off with EDP_RENDER_CACHE=off, else under node_modules/.cache', () => {
    expect(outputCache(ROOT, { EDP_RENDER_CACHE: 'off' })).toBeUndefined();
    expect(outputCache(ROOT, {})?.dir).toBe(join(ROOT, 'node_modules', '.cache', 'edp-helm-output'));
  });
});

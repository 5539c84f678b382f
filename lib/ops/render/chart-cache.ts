/**
 * The chart cache: unpacked charts as `<cache>/<chart>/<version>/` (the layout of
 * `helm pull --untar`). Looked up in `EDP_CHART_CACHE` when set, else in `../shared/charts`
 * beside the project where it exists (the team's offline cache, what CI uses), and in the
 * project's own `.charts/`. A version missing from every cache is pulled with `helm pull` into
 * `EDP_CHART_CACHE` or `.charts/` where the chart repository is reachable; where nothing is
 * reachable the error names the chart, the version and the command that would fetch it.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'fs';
import { join, relative, resolve } from 'path';
import { OpsError } from '../cli';
import { Helm, runHelm } from './helm';

export interface ChartSource {
  /** `https://...` for a Helm repository, `<registry>/<path>` (no scheme) for OCI. */
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
}

export interface ChartCache {
  /** Folders searched, in order. */
  readonly dirs: readonly string[];
  /** Where missing charts are pulled to. */
  readonly pullTo: string;
}

export function chartCache(root: string, env: NodeJS.ProcessEnv = process.env): ChartCache {
  if (env.EDP_CHART_CACHE) {
    const dir = resolve(env.EDP_CHART_CACHE);
    return { dirs: [dir], pullTo: dir };
  }
  const own = join(root, '.charts');
  const shared = resolve(root, '..', 'shared', 'charts');
  return { dirs: existsSync(shared) ? [shared, own] : [own], pullTo: own };
}

/** OCI registries are given without scheme (as Argo CD takes them). */
function isOci(repoURL: string): boolean {
  return !/^https?:\/\//.test(repoURL);
}

/** The `helm pull` arguments for a chart, untarred into `dir`. */
export function pullArgs(source: ChartSource, dir: string): string[] {
  const ref = isOci(source.repoURL) ? [`oci://${source.repoURL.replace(/\/$/, '')}/${source.chart}`] : [source.chart, '--repo', source.repoURL];
  return ['pull', ...ref, '--version', source.version, '--untar', '--untardir', dir];
}

/**
 * The folder of one chart version, if cached. Some charts are published with a `v` in the version
 * (grafana-operator `v5.18.0`) while the pin, a semver constraint to Argo CD, has none.
 */
export function cachedChart(cache: ChartCache, source: ChartSource): string | undefined {
  const names = [source.version, source.version.startsWith('v') ? source.version.slice(1) : `v${source.version}`];
  for (const dir of cache.dirs) {
    for (const version of names) {
      const path = join(dir, source.chart, version);
      if (existsSync(join(path, 'Chart.yaml'))) return path;
    }
  }
  return undefined;
}

const pulls = new Map<string, Promise<string>>();

/** The chart's folder: from the cache, else pulled into it (once per process per chart version). */
export function chartDir(helm: Helm, cache: ChartCache, source: ChartSource): Promise<string> {
  const cached = cachedChart(cache, source);
  if (cached) return Promise.resolve(cached);
  const key = `${source.repoURL} ${source.chart} ${source.version}`;
  let pull = pulls.get(key);
  if (!pull) {
    pull = pullChart(helm, cache, source);
    pulls.set(key, pull);
  }
  return pull;
}

async function pullChart(helm: Helm, cache: ChartCache, source: ChartSource): Promise<string> {
  const target = join(cache.pullTo, source.chart, source.version);
  mkdirSync(join(cache.pullTo, source.chart), { recursive: true });
  const scratch = mkdtempSync(join(cache.pullTo, source.chart, '.pull-'));
  try {
    const result = await runHelm(helm, pullArgs(source, scratch));
    if (!result.ok || !existsSync(join(scratch, source.chart, 'Chart.yaml'))) {
      const why = result.stderr.trim().split('\n').pop() ?? 'no chart';
      const command = `helm ${pullArgs(source, join(cache.pullTo, source.chart)).join(' ')} && mv ${join(cache.pullTo, source.chart, source.chart)} ${target}`;
      throw new OpsError(`chart ${source.chart} ${source.version} is not in the chart cache (${cache.dirs.join(', ')}) and cannot be pulled (${why}); fetch it with: ${command}`);
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(join(scratch, source.chart), target);
    return target;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function filesBelow(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const path = join(dir, e.name);
      return statSync(path).isDirectory() ? filesBelow(path) : [path];
    })
    .sort();
}

const digests = new Map<string, string>();

/**
 * sha256 of every file below a chart folder, path and content (once per process and folder: a
 * cached chart never changes): what the renderer's caches key a chart by.
 */
export function chartDigest(chartDir: string): string {
  let digest = digests.get(chartDir);
  if (!digest) {
    const hash = createHash('sha256');
    for (const file of filesBelow(chartDir)) hash.update(relative(chartDir, file)).update('\0').update(readFileSync(file)).update('\0');
    digest = hash.digest('hex');
    digests.set(chartDir, digest);
  }
  return digest;
}

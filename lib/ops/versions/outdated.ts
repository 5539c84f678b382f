/**
 * `npm run outdated`: every pinned chart of CHARTS against the versions present in the chart
 * cache (`<cache>/<chart>/<version>/Chart.yaml`). A report, never a failure: a newer chart is
 * work to plan (docs/upgrades.md), not a broken build.
 */
import { existsSync, readdirSync } from 'fs';
import { join, relative } from 'path';
import type { ChartRef } from '../../platform/catalogue/charts';
import type { ChartCache } from '../render/chart-cache';
import { textTable } from '../table';
import { compareSemver, parseSemver } from './semver';

export type OutdatedStatus = 'current' | 'outdated' | 'not cached' | 'newer than cache';

export interface OutdatedEntry {
  /** Key in CHARTS (`argocd`, `forgejo`, ...). */
  readonly key: string;
  readonly chart: string;
  readonly repoURL: string;
  readonly pinned: string;
  /** Newest SemVer version folder in any cache dir, as spelled on disk (`v5.18.0`); null if none. */
  readonly newest: string | null;
  /** Every cached version of the chart, oldest first. */
  readonly cached: readonly string[];
  /** Whether the pinned version itself is in the cache (with or without a leading `v`). */
  readonly pinnedCached: boolean;
  readonly status: OutdatedStatus;
}

/** The SemVer version folders of one chart across the cache dirs (a folder counts with a Chart.yaml). */
export function cachedVersions(cache: ChartCache, chart: string): string[] {
  const versions = new Set<string>();
  for (const dir of cache.dirs) {
    const folder = join(dir, chart);
    if (!existsSync(folder)) continue;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory() && parseSemver(entry.name) && existsSync(join(folder, entry.name, 'Chart.yaml'))) versions.add(entry.name);
    }
  }
  return [...versions].sort((a, b) => compareSemver(parseSemver(a)!, parseSemver(b)!) || a.localeCompare(b));
}

export function outdatedEntry(key: string, ref: ChartRef, cache: ChartCache): OutdatedEntry {
  const cached = cachedVersions(cache, ref.chart);
  const newest = cached.length > 0 ? cached[cached.length - 1] : null;
  const pin = parseSemver(ref.version);
  const pinnedCached = pin !== undefined && cached.some((v) => compareSemver(parseSemver(v)!, pin) === 0);
  let status: OutdatedStatus = 'not cached';
  if (newest !== null && pin !== undefined) {
    const order = compareSemver(parseSemver(newest)!, pin);
    status = order > 0 ? 'outdated' : order === 0 ? 'current' : 'newer than cache';
  }
  return { key, chart: ref.chart, repoURL: ref.repoURL, pinned: ref.version, newest, cached, pinnedCached, status };
}

export function outdatedReport(charts: Readonly<Record<string, ChartRef>>, cache: ChartCache): OutdatedEntry[] {
  return Object.entries(charts).map(([key, ref]) => outdatedEntry(key, ref, cache));
}

/** A cache dir as the user would type it from `cwd`: relative when beside or under it, else absolute. */
function shown(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  return rel === '' ? '.' : rel.startsWith('../..') || rel.startsWith('..\\..') ? dir : rel;
}

export function outdatedTable(entries: readonly OutdatedEntry[], cache: ChartCache, cwd: string = process.cwd()): string {
  const rows = entries.map((e) => [e.chart, e.pinned, e.newest ?? '-', e.status === 'outdated' ? 'OUTDATED' : e.status, e.repoURL]);
  const older = entries.filter((e) => e.status === 'outdated').length;
  const missing = entries.filter((e) => !e.pinnedCached).map((e) => e.chart);
  const lines = [`${older} of ${entries.length} pinned charts are older than the newest version in the chart cache (${cache.dirs.map((d) => shown(d, cwd)).join(', ')}).`];
  if (missing.length > 0) lines.push(`Pinned version not in the cache: ${missing.join(', ')}.`);
  return textTable(['CHART', 'PINNED', 'NEWEST CACHED', 'STATUS', 'REPOSITORY'], rows) + lines.join('\n') + '\n';
}

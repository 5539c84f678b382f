/**
 * What a chart reads (chart-reads.ts), kept on disk: parsing a chart's templates costs more than
 * rendering it (about 1.3 s of CPU for the charts of the shipped environments), and the answer
 * depends only on the chart's files and on this folder's code. Kept in
 * `node_modules/.cache/edp-chart-reads/<key>.json` (at most 64 MB, the least recently read go
 * first); the key is the sha256 of every file of the chart folder (output-cache's chartDigest)
 * and of every source file of this folder, so a change to either analyses the chart again.
 */
import { createHash } from 'crypto';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { chartDigest } from '../chart-cache';
import { cacheDir, DiskCache, keep, keptFileOf, readKept } from '../disk-cache';
import type { ChartNode } from './chart-reads';
import { PathTrie } from './path-trie';

const KEPT: DiskCache = { dir: cacheDir('edp-chart-reads'), suffix: '.json', maxBytes: 64 * 1024 * 1024 };

/** A trie as JSON: [whole, end, [segment, child]...]. */
type KeptTrie = [boolean, boolean, ...[string, KeptTrie][]];
type KeptNode = Omit<ChartNode, 'defaults' | 'helmReads' | 'templates' | 'subcharts'> & {
  readonly defaults: KeptTrie;
  readonly helmReads: KeptTrie;
  readonly templates: KeptTrie;
  readonly subcharts: [string, KeptNode][];
};

const trieOut = (t: PathTrie): KeptTrie => [t.whole, t.end, ...[...t.children].map(([seg, c]): [string, KeptTrie] => [seg, trieOut(c)])];

function trieIn([whole, end, ...children]: KeptTrie): PathTrie {
  const t = new PathTrie();
  t.whole = whole;
  t.end = end;
  for (const [seg, c] of children) t.children.set(seg, trieIn(c));
  return t;
}

const nodeOut = (n: ChartNode): KeptNode => ({ ...n, defaults: trieOut(n.defaults), helmReads: trieOut(n.helmReads), templates: trieOut(n.templates), subcharts: [...n.subcharts].map(([alias, s]) => [alias, nodeOut(s)]) });

const nodeIn = (n: KeptNode): ChartNode => ({ ...n, defaults: trieIn(n.defaults), helmReads: trieIn(n.helmReads), templates: trieIn(n.templates), subcharts: new Map(n.subcharts.map(([alias, s]) => [alias, nodeIn(s)])) });

let readerDigest: string | undefined;

/** sha256 of this folder's source files (compiled or not), once per process. */
function readerSources(): string {
  if (!readerDigest) {
    const hash = createHash('sha256');
    for (const f of readdirSync(__dirname).sort()) hash.update(f).update('\0').update(readFileSync(join(__dirname, f))).update('\0');
    readerDigest = hash.digest('hex');
  }
  return readerDigest;
}

const keyOf = (dir: string) => createHash('sha256').update(`${chartDigest(dir)}\0${readerSources()}`).digest('hex');

/** Where a chart folder's reads are kept under the current key. */
export function keptFile(dir: string): string {
  return keptFileOf(KEPT, keyOf(dir));
}

/** The chart's reads from disk when kept under the current key, else `analyse(dir)`, kept. */
export function keptChartReads(dir: string, analyse: (dir: string) => ChartNode): ChartNode {
  const key = keyOf(dir);
  const text = readKept(KEPT, key);
  if (text !== undefined) return nodeIn(JSON.parse(text) as KeptNode);
  const node = analyse(dir);
  keep(KEPT, key, JSON.stringify(nodeOut(node)));
  return node;
}

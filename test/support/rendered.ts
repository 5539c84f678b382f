/**
 * The shipped environments rendered with real Helm, once for the whole test run: the first test
 * file that asks renders (one Helm process per core) and stores the result under
 * node_modules/.cache/edp-render/<key>/, the others wait for it and read it. The key covers
 * everything the result depends on (each stack's synthesized JSON, the renderer's code and every
 * program module it runs, Helm, the chart cache), so a stale result is never read.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { chartCache } from '../../lib/ops/render/chart-cache';
import { findHelm } from '../../lib/ops/render/helm';
import type { RenderedObject, StackRender, TerraformJson } from '../../lib/ops/render/render';
import { shared } from './shared';
import { ROOT, shippedStacks } from './synth';

const RENDERER = join(ROOT, 'lib', 'ops', 'render');
const CACHE = join(ROOT, 'node_modules', '.cache', 'edp-render');
/** Longer than a render of every stack on a slow machine; a lock older than this is a crashed run's. */
const STALE_LOCK_MS = 5 * 60_000;

/** `./x` or `../y/z` imported or re-exported at run time (not `import type`) by a TypeScript source. */
const RUNTIME_IMPORT = /^(?:import|export)\s+(?!type\b)(?:[^'";]*?from\s+)?'(\.[^']+)'|\brequire\('(\.[^']+)'\)/gm;

function sourceOf(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts'), base].find((f) => f.endsWith('.ts') && existsSync(f));
}

/**
 * The renderer's sources (lib/ops/render/*.ts) and, transitively, every program module they
 * import at run time (lib/platform/render.ts unescapes the values handed to Helm, for one), as
 * paths relative to the project. session.ts's own imports (the program, for `npm run render`'s
 * synth) are left out: what the program synthesizes is in the key as the stacks themselves.
 */
export function rendererFiles(): string[] {
  const found = new Set<string>();
  const visit = (file: string, follow: boolean) => {
    if (found.has(file)) return;
    found.add(file);
    if (!follow) return;
    for (const m of readFileSync(file, 'utf8').matchAll(RUNTIME_IMPORT)) {
      const dep = sourceOf(file, m[1] ?? m[2]);
      if (dep) visit(dep, true);
    }
  };
  for (const f of readdirSync(RENDERER).filter((f) => f.endsWith('.ts')).sort()) visit(join(RENDERER, f), f !== 'session.ts');
  return [...found].map((f) => relative(ROOT, f)).sort();
}

function rendererSources(): string[] {
  return rendererFiles().flatMap((f) => [f, readFileSync(join(ROOT, f), 'utf8')]);
}

/** How the cache stores a render; change it when the stored form changes. */
const FORMAT = 'renders.json: distinct objects once, sources by index, without manifests; manifests/<stack>.json';

function cacheKey(stacks: ReadonlyMap<string, string>, helm: string, charts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of [FORMAT, ...rendererSources(), helm, ...charts, ...[...stacks].flat()]) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 24);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let memo: Promise<StackRender[]> | undefined;

/** Every shipped environment, rendered (shared by all test files of a run, and by later runs). */
export function shippedRenders(): Promise<StackRender[]> {
  memo ??= load();
  return memo;
}

/**
 * Helm's output text is two thirds of a render (33 of 48 MB) and only a few tests read it: it is
 * stored per stack apart from the rest, and read when a test first reads a `manifest` of that
 * stack (a getter, enumerable: copies made with structuredClone or spread keep it). The rendered
 * objects are stored once each (the four environments render many alike: 14 MB of objects, 4 MB
 * distinct), and sources name them by index.
 */
function store(dir: string, renders: readonly StackRender[]): void {
  const partial = `${dir}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(join(partial, 'manifests'), { recursive: true });
  for (const r of renders) writeFileSync(join(partial, 'manifests', `${r.stackId}.json`), JSON.stringify(r.applications.map((a) => a.sources.map((s) => s.manifest))));
  const index = new Map<string, number>();
  const objects: RenderedObject[] = [];
  const indexOf = (o: RenderedObject) => {
    const text = JSON.stringify(o);
    let i = index.get(text);
    if (i === undefined) index.set(text, (i = objects.push(o) - 1));
    return i;
  };
  const stored = JSON.stringify(renders, (key, value: unknown) => (key === 'manifest' ? undefined : key === 'objects' ? (value as RenderedObject[]).map(indexOf) : value));
  writeFileSync(join(partial, 'renders.json'), `{"objects":${JSON.stringify(objects)},"renders":${stored}}`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
}

/** Freezes a read render (never a `manifest` getter: reading it would load the stack's manifests). */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  for (const key of Object.keys(value)) if (key !== 'manifest') deepFreeze((value as Record<string, unknown>)[key]);
  Object.freeze(value);
}

/**
 * The stored renders. An object rendered alike in several places is one object here, as in the
 * renderer's own result, so the result is frozen: a test plants its mistakes in a copy
 * (structuredClone or spread), never in what other tests read.
 */
function read(dir: string): StackRender[] {
  const stored = JSON.parse(readFileSync(join(dir, 'renders.json'), 'utf8')) as { objects: RenderedObject[]; renders: StackRender[] };
  const renders = stored.renders;
  for (const r of renders) {
    let manifests: string[][] | undefined;
    const of = () => (manifests ??= JSON.parse(readFileSync(join(dir, 'manifests', `${r.stackId}.json`), 'utf8')) as string[][]);
    r.applications.forEach((a, i) =>
      a.sources.forEach((s, j) => {
        (s as { objects: readonly RenderedObject[] }).objects = (s.objects as unknown as number[]).map((k) => stored.objects[k]);
        Object.defineProperty(s, 'manifest', { enumerable: true, configurable: true, get: () => of()[i][j] });
      }),
    );
  }
  deepFreeze(renders);
  return renders;
}

/**
 * The cache key, computed by the first file of a jest run that asks and shared with the others
 * (./shared.ts): its inputs (the shipped stacks, themselves synthesized once per run, the
 * renderer's sources, Helm, the chart cache) are those of the run, as for the shared synth. A
 * later file then parses no stacks, runs no `helm version` and hashes no sources.
 */
function renderKey(): string {
  return shared('render-key', () => {
    const helm = findHelm(ROOT);
    return new Map([['key', cacheKey(shippedStacks(), `${helm.path} ${helm.version}`, chartCache(ROOT).dirs)]]);
  }).get('key')!;
}

async function load(): Promise<StackRender[]> {
  const dir = join(CACHE, renderKey());
  const file = join(dir, 'renders.json');
  const lock = `${dir}.lock`;
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    if (existsSync(file)) return read(dir);
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    // Only now the renderer's session, which loads the whole program (cdktf, the providers) for
    // `npm run render`'s synth: a file that reads a stored render needs none of it.
    const { renderContext, renderStacks } = require('../../lib/ops/render/session') as typeof import('../../lib/ops/render/session');
    const tf = new Map([...shippedStacks()].map(([id, json]) => [id, JSON.parse(json) as TerraformJson]));
    const renders = await renderStacks(renderContext(ROOT), tf);
    store(dir, renders);
    // What every other file reads: the stored form, frozen.
    return read(dir);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A copy of a frozen value's own properties, writable, a getter kept as a getter; `replace` sets some anew. */
function thawedCopy<T extends object>(value: T, replace: Record<string, unknown> = {}): T {
  const descriptors = Object.getOwnPropertyDescriptors(value) as Record<string, PropertyDescriptor>;
  for (const [key, d] of Object.entries(descriptors)) {
    d.configurable = true;
    if ('value' in d) {
      d.writable = true;
      if (key in replace) d.value = replace[key];
    }
  }
  return Object.defineProperties({}, descriptors) as T;
}

/**
 * A copy of a stored render to plant a mistake in, copying its structure only: the stack, its
 * lists, its applications, their sources and each source's list of object entries are new, so a
 * test may assign, filter and push freely (a source's `manifest` stays the lazy getter); the
 * rendered objects are the stored, frozen ones. To change an object, `thaw` it first (a frozen
 * one throws when changed). A structuredClone of a stack copies 3 to 4 MB of objects, and its
 * manifests, for each planted case.
 */
export function plantable(r: StackRender): StackRender {
  const applications = r.applications.map((a) => thawedCopy(a, { sources: a.sources.map((s) => thawedCopy(s, { objects: s.objects.map((o) => ({ ...o })) })) }));
  return thawedCopy(r, { applications, apiVersions: [...r.apiVersions] });
}

/**
 * In a `plantable` copy, the objects of Application `app` that `pick` selects, each replaced in
 * its entry by a deep copy of its own (structuredClone), to change: the copies, in render order.
 */
export function thaw(r: StackRender, app: string, pick: (o: Record<string, any>) => boolean): Record<string, any>[] {
  const application = r.applications.find((a) => a.name === app);
  if (!application) throw new Error(`${r.stackId} renders no Application ${app}`);
  const out: Record<string, any>[] = [];
  for (const s of application.sources) {
    for (const entry of s.objects as unknown as { object: RenderedObject['object'] }[]) {
      if (!pick(entry.object as Record<string, any>)) continue;
      entry.object = structuredClone(entry.object);
      out.push(entry.object as Record<string, any>);
    }
  }
  return out;
}

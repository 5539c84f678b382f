/**
 * Renders a config diff as text (terminal), Markdown (the PR job summary) or JSON (scripts).
 * Markers: `+` added, `-` removed, `~` changed. Changes inside a Kubernetes object (an
 * Application in the raw chart's values) are grouped under that object, so each reads as a
 * key path inside it: `spec.source.helm.valuesObject.server.replicas: 1 -> 2`.
 */
import { markdownTable } from '../table';
import { BlockDiff, StackDiff } from './stacks';
import { Json, Segment, ValueChange, formatPath, formatValue } from './values';

export interface DiffReport {
  /** What the working tree was compared with, e.g. `main (merge base 1a2b3c4)`. */
  readonly base: string;
  readonly head: string;
  readonly stacks: readonly StackDiff[];
}

interface Line {
  readonly depth: number;
  readonly marker: '+' | '-' | '~' | ' ';
  readonly text: string;
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

export function hasChanges(report: DiffReport): boolean {
  return report.stacks.some((s) => s.kind !== 'unchanged');
}

function count(blocks: readonly BlockDiff[]): string {
  const n = (k: BlockDiff['kind']) => blocks.filter((b) => b.kind === k).length;
  return (['added', 'removed', 'changed'] as const)
    .filter((k) => n(k) > 0)
    .map((k) => `${n(k)} ${k}`)
    .join(', ');
}

export function stackSummary(s: StackDiff): string {
  if (s.kind === 'added') return `new stack, ${s.blocks.length} blocks`;
  if (s.kind === 'removed') return `stack removed, ${s.blocks.length} blocks`;
  if (s.kind === 'unchanged') return 'unchanged';
  return count(s.blocks);
}

/** Line-by-line difference of two texts (longest common subsequence), changed lines only. */
function textLines(before: string, after: string): { marker: '+' | '-'; text: string }[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > 250_000) return [{ marker: '-', text: `(${a.length} lines)` }, { marker: '+', text: `(${b.length} lines)` }];
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const out: { marker: '+' | '-'; text: string }[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])) out.push({ marker: '+', text: b[j++] });
    else out.push({ marker: '-', text: a[i++] });
  }
  return out;
}

const isText = (v: Json | undefined): v is string => typeof v === 'string' && v.includes('\n');

function changeLines(c: ValueChange, path: readonly Segment[], depth: number): Line[] {
  const where = formatPath(path) || '(value)';
  // A whole Kubernetes object added or removed: its kind and name say enough.
  const last = path[path.length - 1];
  const whole = last?.kind === 'item' && last.object;
  if (c.kind === 'added') return [{ depth, marker: '+', text: whole ? where : `${where}: ${formatValue(c.after)}` }];
  if (c.kind === 'removed') return [{ depth, marker: '-', text: whole ? where : `${where}: ${formatValue(c.before)}` }];
  if (isText(c.before) && isText(c.after)) {
    return [{ depth, marker: '~', text: `${where}:` }, ...textLines(c.before, c.after).map((l) => ({ depth: depth + 1, ...l }))];
  }
  return [{ depth, marker: '~', text: `${where}: ${formatValue(c.before)} -> ${formatValue(c.after)}` }];
}

/** The path up to the innermost Kubernetes object the change lies inside, if any. */
function objectPrefix(path: readonly Segment[]): number {
  for (let i = path.length - 2; i >= 0; i--) {
    const s = path[i];
    if (s.kind === 'item' && s.object) return i + 1;
  }
  return 0;
}

function blockLines(b: BlockDiff, depth: number): Line[] {
  const lines: Line[] = [{ depth, marker: MARK[b.kind], text: b.address }];
  let group = '';
  for (const c of b.changes) {
    const cut = objectPrefix(c.path);
    const prefix = formatPath(c.path.slice(0, cut));
    if (cut > 0 && prefix !== group) lines.push({ depth: depth + 1, marker: ' ', text: `${prefix}:` });
    group = cut > 0 ? prefix : '';
    lines.push(...changeLines(c, c.path.slice(cut), depth + (cut > 0 ? 2 : 1)));
  }
  return lines;
}

function stackLines(s: StackDiff): Line[] {
  return [{ depth: 0, marker: MARK[s.kind as keyof typeof MARK], text: `${s.id}: ${stackSummary(s)}` }, ...s.blocks.flatMap((b) => blockLines(b, 1))];
}

function totals(report: DiffReport): string {
  const n = (k: StackDiff['kind']) => report.stacks.filter((s) => s.kind === k).length;
  const parts = [`${n('changed')} changed`, `${n('added')} added`, `${n('removed')} removed`, `${n('unchanged')} unchanged`];
  return `Stacks: ${parts.join(', ')}.`;
}

export function renderText(report: DiffReport): string {
  const out = [`Config diff: ${report.base} -> ${report.head}`, ''];
  const changed = report.stacks.filter((s) => s.kind !== 'unchanged');
  for (const s of changed) out.push(...stackLines(s).map((l) => `${'    '.repeat(l.depth)}${l.marker} ${l.text}`.trimEnd()), '');
  const unchanged = report.stacks.filter((s) => s.kind === 'unchanged').map((s) => s.id);
  if (unchanged.length > 0) out.push(`Unchanged: ${unchanged.join(', ')}`);
  if (report.stacks.length === 0) out.push('No stacks on either side.');
  out.push(totals(report));
  return `${out.join('\n')}\n`;
}

export function renderMarkdown(report: DiffReport): string {
  const out = [`### Config diff: ${report.base} -> ${report.head}`, ''];
  out.push(markdownTable(['stack', 'result'], report.stacks.map((s) => [`\`${s.id}\``, stackSummary(s)])));
  for (const s of report.stacks.filter((x) => x.kind !== 'unchanged')) {
    const body = stackLines(s)
      .slice(1)
      .map((l) => `${l.marker}${'   '.repeat(l.depth - 1)} ${l.text}`.trimEnd().replace(/```/g, "'''"));
    out.push(`<details open><summary><code>${s.id}</code>: ${stackSummary(s)}</summary>`, '', '```diff', ...body, '```', '', '</details>', '');
  }
  out.push(totals(report));
  return `${out.join('\n')}\n`;
}

export function renderJson(report: DiffReport): string {
  const stacks = report.stacks.map((s) => ({
    id: s.id,
    kind: s.kind,
    blocks: s.blocks.map((b) => ({
      address: b.address,
      kind: b.kind,
      changes: b.changes.map((c) => ({ path: formatPath(c.path), kind: c.kind, before: c.before, after: c.after })),
    })),
  }));
  return `${JSON.stringify({ base: report.base, head: report.head, changed: hasChanges(report), stacks }, null, 2)}\n`;
}

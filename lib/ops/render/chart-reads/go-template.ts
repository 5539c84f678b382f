/**
 * A small parser of Go templates (text/template as Helm uses it), enough to follow where `.Values`
 * flows: actions (`{{ ... }}`) as tokens, grouped into pipelines and commands. Text between
 * actions is ignored; comments are dropped. It never fails: what it does not understand becomes
 * an opaque token, so an odd template makes the analysis less precise, never the check crash.
 */

export type Token =
  | { readonly t: 'field'; readonly names: readonly string[]; readonly chained: boolean }
  | { readonly t: 'dot' }
  | { readonly t: 'var'; readonly name: string; readonly names: readonly string[] }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'num'; readonly v: string }
  | { readonly t: 'ident'; readonly v: string }
  | { readonly t: 'punct'; readonly v: '(' | ')' | '|' | ',' | ':=' | '=' };

/** One `{{ ... }}` action's tokens. */
export type Action = readonly Token[];

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?(?:0[xX][0-9a-fA-F_]+|[0-9][0-9_]*(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)/y;

function match(re: RegExp, s: string, at: number): string | undefined {
  re.lastIndex = at;
  return re.exec(s)?.[0];
}

/** Every action of a template file, in order (comments and text dropped). */
export function actions(text: string): Action[] {
  const out: Action[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) return out;
    i = open + 2;
    if (text[i] === '-' && /\s/.test(text[i + 1] ?? '')) i += 1;
    const tokens: Token[] = [];
    let closed = false;
    while (i < text.length && !closed) {
      const c = text[i];
      if (/\s/.test(c)) {
        i += 1;
      } else if (c === '-' && text.startsWith('}}', i + 1) && /\s/.test(text[i - 1] ?? '')) {
        i += 3;
        closed = true;
      } else if (text.startsWith('}}', i)) {
        i += 2;
        closed = true;
      } else if (text.startsWith('/*', i)) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 2;
      } else if (c === '"') {
        let j = i + 1;
        let v = '';
        while (j < text.length && text[j] !== '"') {
          if (text[j] === '\\') {
            const e = text[j + 1];
            v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
            j += 2;
          } else {
            v += text[j];
            j += 1;
          }
        }
        tokens.push({ t: 'str', v });
        i = j + 1;
      } else if (c === '`') {
        const end = text.indexOf('`', i + 1);
        tokens.push({ t: 'str', v: text.slice(i + 1, end < 0 ? text.length : end) });
        i = end < 0 ? text.length : end + 1;
      } else if (c === "'") {
        const end = text.indexOf("'", text[i + 1] === '\\' ? i + 3 : i + 2);
        tokens.push({ t: 'num', v: text.slice(i, end + 1) });
        i = end < 0 ? text.length : end + 1;
      } else if (c === '.' || c === '$') {
        const chained = c === '.' && text[i - 1] === ')';
        let name: string | undefined;
        let j = i;
        if (c === '$') {
          name = `$${match(IDENT, text, i + 1) ?? ''}`;
          j = i + name.length;
        }
        const names: string[] = [];
        for (;;) {
          if (text[j] !== '.') break;
          const id = match(IDENT, text, j + 1);
          if (!id) break;
          names.push(id);
          j += 1 + id.length;
        }
        if (name !== undefined) tokens.push({ t: 'var', name, names });
        else if (names.length > 0) tokens.push({ t: 'field', names, chained });
        else {
          tokens.push({ t: 'dot' });
          j = i + 1;
        }
        i = j;
      } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
        const n = match(NUMBER, text, i) ?? c;
        tokens.push({ t: 'num', v: n });
        i += n.length;
      } else if (/[A-Za-z_]/.test(c)) {
        const id = match(IDENT, text, i)!;
        tokens.push({ t: 'ident', v: id });
        i += id.length;
      } else if (text.startsWith(':=', i)) {
        tokens.push({ t: 'punct', v: ':=' });
        i += 2;
      } else if (c === '(' || c === ')' || c === '|' || c === ',' || c === '=') {
        tokens.push({ t: 'punct', v: c });
        i += 1;
      } else {
        i += 1; // anything else (an operator Go templates do not have): skipped
      }
    }
    if (tokens.length > 0) out.push(tokens);
  }
}

/** An operand of a command: a term, possibly followed by a field chain (`(index .x "a").b`). */
export type Operand =
  | { readonly k: 'field'; readonly names: readonly string[] }
  | { readonly k: 'dot' }
  | { readonly k: 'var'; readonly name: string; readonly names: readonly string[] }
  | { readonly k: 'lit'; readonly v: string; readonly str: boolean }
  | { readonly k: 'ident'; readonly v: string }
  | { readonly k: 'sub'; readonly pipe: Pipeline; readonly names: readonly string[] };

export type Command = readonly Operand[];

export interface Pipeline {
  /** Variables declared (`:=`) or assigned (`=`) by the pipeline. */
  readonly decl: readonly string[];
  readonly assign: boolean;
  readonly commands: readonly Command[];
}

/** Parses tokens (from `at`) into a pipeline; stops at an unmatched `)`. */
export function parsePipeline(tokens: readonly Token[], at = 0): { pipe: Pipeline; next: number } {
  let i = at;
  const decl: string[] = [];
  let assign = false;
  // `$x :=`, `$k, $v :=`, `$x =`
  let j = i;
  const names: string[] = [];
  for (let tok = tokens[j]; tok?.t === 'var' && tok.names.length === 0; tok = tokens[j]) {
    names.push(tok.name);
    const p = tokens[j + 1];
    if (p?.t === 'punct' && p.v === ',') j += 2;
    else {
      j += 1;
      break;
    }
  }
  const op = tokens[j];
  if (names.length > 0 && op?.t === 'punct' && (op.v === ':=' || op.v === '=')) {
    decl.push(...names);
    assign = op.v === '=';
    i = j + 1;
  }
  const commands: Operand[][] = [[]];
  while (i < tokens.length) {
    const tok = tokens[i];
    if (tok.t === 'punct' && tok.v === ')') break;
    if (tok.t === 'punct' && tok.v === '|') {
      commands.push([]);
      i += 1;
      continue;
    }
    const cmd = commands[commands.length - 1];
    if (tok.t === 'punct' && tok.v === '(') {
      const inner = parsePipeline(tokens, i + 1);
      i = inner.next + 1;
      const after = tokens[i];
      const chain = after?.t === 'field' && after.chained ? after.names : [];
      if (chain.length > 0) i += 1;
      cmd.push({ k: 'sub', pipe: inner.pipe, names: chain });
      continue;
    }
    i += 1;
    if (tok.t === 'field') cmd.push({ k: 'field', names: tok.names });
    else if (tok.t === 'dot') cmd.push({ k: 'dot' });
    else if (tok.t === 'var') cmd.push({ k: 'var', name: tok.name, names: tok.names });
    else if (tok.t === 'str') cmd.push({ k: 'lit', v: tok.v, str: true });
    else if (tok.t === 'num') cmd.push({ k: 'lit', v: tok.v, str: false });
    else if (tok.t === 'ident') cmd.push(tok.v === 'true' || tok.v === 'false' || tok.v === 'nil' ? { k: 'lit', v: tok.v, str: false } : { k: 'ident', v: tok.v });
    // a stray `,` `:=` `=` outside a declaration: skipped
  }
  return { pipe: { decl, assign, commands: commands.filter((c) => c.length > 0) }, next: i };
}

/** A template as a tree of blocks: `define`s collected apart, control structures nested. */
export type Node =
  | { readonly n: 'action'; readonly pipe: Pipeline }
  | { readonly n: 'template'; readonly name?: string; readonly pipe?: Pipeline }
  | { readonly n: 'if' | 'with' | 'range'; readonly pipe: Pipeline; readonly body: Node[]; readonly elses: { readonly kind: 'if' | 'with' | 'else'; readonly pipe?: Pipeline; readonly body: Node[] }[] };

export interface ParsedTemplate {
  readonly body: Node[];
  readonly defines: ReadonlyMap<string, Node[][]>;
}

/** Parses a template file into its top-level nodes and its `define`s. */
export function parseTemplate(text: string): ParsedTemplate {
  const acts = actions(text);
  const defines = new Map<string, Node[][]>();
  let i = 0;
  const rest = (a: Action, from: number) => parsePipeline(a, from).pipe;

  function block(): Node[] {
    const nodes: Node[] = [];
    while (i < acts.length) {
      const a = acts[i];
      const head = a[0];
      const kw = head.t === 'ident' ? head.v : undefined;
      if (kw === 'end' || kw === 'else') return nodes;
      i += 1;
      if (kw === 'define' || kw === 'block') {
        const name = a[1]?.t === 'str' ? a[1].v : '';
        const body = block();
        if (acts[i]?.[0]?.t === 'ident' && (acts[i][0] as { v: string }).v === 'end') i += 1;
        defines.set(name, [...(defines.get(name) ?? []), body]);
        if (kw === 'block') nodes.push({ n: 'template', name, pipe: rest(a, 2) });
      } else if (kw === 'if' || kw === 'with' || kw === 'range') {
        const node = { n: kw as 'if' | 'with' | 'range', pipe: rest(a, 1), body: block(), elses: [] as { kind: 'if' | 'with' | 'else'; pipe?: Pipeline; body: Node[] }[] };
        while (i < acts.length && acts[i][0].t === 'ident' && (acts[i][0] as { v: string }).v === 'else') {
          const e = acts[i];
          i += 1;
          const sub = e[1]?.t === 'ident' && (e[1].v === 'if' || e[1].v === 'with') ? e[1].v : undefined;
          node.elses.push(sub ? { kind: sub, pipe: rest(e, 2), body: block() } : { kind: 'else', body: block() });
        }
        if (acts[i]?.[0]?.t === 'ident' && (acts[i][0] as { v: string }).v === 'end') i += 1;
        nodes.push(node);
      } else if (kw === 'template') {
        nodes.push({ n: 'template', name: a[1]?.t === 'str' ? a[1].v : undefined, pipe: a.length > 2 ? rest(a, 2) : undefined });
      } else if (kw === 'break' || kw === 'continue') {
        // control flow only
      } else {
        nodes.push({ n: 'action', pipe: rest(a, 0) });
      }
    }
    return nodes;
  }

  const body: Node[] = [];
  while (i < acts.length) {
    body.push(...block());
    if (i < acts.length) i += 1; // an unmatched `end` or `else`: skipped
  }
  return { body, defines };
}

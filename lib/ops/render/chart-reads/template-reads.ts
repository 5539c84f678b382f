/**
 * Which `.Values` paths a chart's templates read, by following values through its Go templates:
 * an abstract evaluation that tracks, for every expression, the value paths it may hold.
 *
 * What counts as read (README, "Rendered manifests"):
 * - a field chain from `.Values`, `$.Values`, a variable or a `with`/`range` scope bound to a
 *   value path: `.Values.a.b`, `$v.b`, `.b` under `with .Values.a`; `range` reads every item
 *   (`a.*`); `index`, `dig`, `get`, `hasKey`, `pluck` with literal keys read those keys (a key
 *   that is no literal reads any key, `*`);
 * - a value printed into the manifest, directly or through string functions, toYaml, toJson,
 *   tpl, merge and friends, is read as a whole: everything below it is read;
 * - a helper (`include`/`template` of a `define`) is followed with its argument bound: what it
 *   prints is its result, so `include "x" .Values.a | fromYaml` then `.b` reads `a.b` only,
 *   while printing the include's result reads `a` as a whole;
 * - tests (`if`, `eq`, `empty`, `hasKey`, `len`, ...) read a path, not what is below it; a hash
 *   (`sha256sum`) reads nothing as a whole; `.Values` as a whole never counts (a chart that
 *   hashes or dumps all its values does not read every key).
 */
import type { Node, Operand, ParsedTemplate, Pipeline } from './go-template';
import { PathTrie } from './path-trie';

/** A value path inside one chart's values (`chart` names the chart, `segs` the path, `node` its trie node). */
interface Path {
  readonly chart: string;
  readonly segs: readonly string[];
  readonly node: PathTrie;
}

const MAX_PATHS = 64;

/** What an expression may hold: value paths, and the fields of a dict (or the root context). */
class Value {
  /** By trie node: one node per chart and path. */
  readonly paths = new Map<PathTrie, Path>();
  readonly fields = new Map<string, Value>();
  root = false;
  /** The string literals it may be (`list "vmsingle" "spec"` ranged over): keys for `index`. */
  readonly lits = new Set<string>();
  /** Set on a literal operand itself (the name of an `include`). */
  lit?: string;
  litString = false;

  static of(...parts: (Value | undefined)[]): Value {
    const v = new Value();
    for (const p of parts) if (p) v.add(p);
    return v;
  }

  add(other: Value): void {
    for (const [k, p] of other.paths) if (this.paths.size < MAX_PATHS) this.paths.set(k, p);
    for (const [k, f] of other.fields) {
      const mine = this.fields.get(k);
      if (!mine) this.fields.set(k, f);
      else if (mine !== f) this.fields.set(k, Value.of(mine, f));
    }
    if (other.root) this.root = true;
    for (const l of other.lits) this.lits.add(l);
  }

  addPath(p: Path): void {
    if (this.paths.size < MAX_PATHS) this.paths.set(p.node, p);
  }

  signature(depth = 0): string {
    const paths = [...this.paths.keys()].map((n) => n.id).sort((a, b) => a - b).join(',');
    const fields = depth > 3 ? '…' : [...this.fields].map(([k, f]) => `${k}:${f.signature(depth + 1)}`).sort().join(',');
    return `${this.root ? 'R' : ''}[${paths}]{${fields}}${[...this.lits].sort().join(',')}`;
  }
}

const EMPTY = new Value();

/** Functions whose result is no data taken from their arguments (tests, lengths, hashes). */
const OPAQUE = new Set([
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'not', 'empty', 'len', 'kindIs', 'kindOf', 'typeIs', 'typeIsLike', 'typeOf', 'deepEqual',
  'semverCompare', 'semver', 'contains', 'hasPrefix', 'hasSuffix', 'regexMatch', 'mustRegexMatch', 'lookup', 'fail', 'now', 'until',
  'untilStep', 'seq', 'sha256sum', 'sha1sum', 'adler32sum', 'uuidv4', 'randAlphaNum', 'randAlpha', 'randNumeric', 'randAscii',
  'genCA', 'genSelfSignedCert', 'genSignedCert', 'genPrivateKey', 'derivePassword', 'htpasswd', 'isAbs', 'has', 'mustHas',
]);

/**
 * Functions that format a scalar (`printf "%v" $password`, `.Values.x | quote`): they read the
 * value, but a map handed to them is no map read as a whole (bitnami looks values up by computed
 * keys and prints what it finds: that reads those values, not everything below any key).
 */
const SCALAR = new Set([
  'printf', 'print', 'println', 'quote', 'squote', 'b64enc', 'b64dec', 'upper', 'lower', 'title', 'untitle', 'trunc', 'int', 'int64',
  'float64', 'atoi', 'toString', 'toStrings', 'urlquery', 'urlJoin', 'sha256sum', 'replace', 'trimPrefix', 'trimSuffix', 'trimAll',
  'substr', 'abbrev', 'snakecase', 'camelcase', 'kebabcase', 'cat', 'join', 'add', 'add1', 'sub', 'mul', 'div', 'mod', 'max', 'min',
]);

/** Functions that build or take apart data: what they return is used (or not) later. */
const STRUCTURAL = new Set([
  'include', 'template', 'tpl', 'index', 'dig', 'get', 'hasKey', 'pluck', 'pick', 'omit', 'keys', 'values', 'first', 'last', 'mustFirst',
  'mustLast', 'dict', 'list', 'tuple', 'set', 'unset', 'merge', 'mergeOverwrite', 'mustMerge', 'mustMergeOverwrite', 'mustDeepCopy',
  'concat', 'append', 'mustAppend', 'prepend', 'fromYaml', 'fromJson', 'fromYamlArray', 'fromJsonArray',
]);

/** Functions that return one of their arguments as it is (so a literal argument stays a key). */
const CHOOSE = new Set(['default', 'coalesce', 'ternary', 'or', 'and', 'required', 'trim', 'deepCopy']);

interface Scope {
  readonly dot: Value;
  readonly root: Value;
  readonly frames: Map<string, Value>[];
  /** Where printed values go: the define's result, or (top level) the manifest. */
  readonly print: (v: Value) => void;
}

/** The template-read paths of every chart of a chart tree, one trie per chart. */
export class TemplateReads {
  private readonly tries = new Map<string, PathTrie>();
  private readonly memo = new Map<string, Value>();
  private readonly active = new Set<string>();
  private readonly defines = new Map<string, Node[][]>();

  /** `templates` are the parsed files of the whole chart tree (Helm's defines are global). */
  constructor(
    templates: readonly ParsedTemplate[],
    private readonly defaults: (chart: string) => unknown,
  ) {
    for (const t of templates) for (const [name, bodies] of t.defines) this.defines.set(name, [...(this.defines.get(name) ?? []), ...bodies]);
  }

  /** The trie of one chart (created empty). */
  trie(chart: string): PathTrie {
    let t = this.tries.get(chart);
    if (!t) this.tries.set(chart, (t = new PathTrie()));
    return t;
  }

  /** Follows one rendered (top-level) template of `chart`: `.Values` are that chart's values. */
  analyze(chart: string, template: ParsedTemplate): void {
    const root = new Value();
    root.root = true;
    const values = new Value();
    values.addPath({ chart, segs: [], node: this.trie(chart) });
    root.fields.set('Values', values);
    this.run(template.body, { dot: root, root, frames: [new Map()], print: (v) => this.whole(v) });
  }

  /** A path on the way (`end` false), used where it ends (`end`), or read as a whole. */
  private record(p: Path, end: boolean, whole = false): void {
    // `.Values` as a whole is never "every key read" (checksums, debug dumps).
    if (whole && p.segs.length === 0) return;
    if (end || whole) p.node.end = true;
    if (whole) p.node.whole = true;
  }

  /** The value is used here (tested, compared, printed, handed to a function). */
  private use(v: Value): void {
    for (const p of v.paths.values()) this.record(p, true);
  }

  private whole(v: Value, seen = new Set<Value>()): void {
    if (seen.has(v)) return;
    seen.add(v);
    for (const p of v.paths.values()) this.record(p, true, true);
    for (const [k, f] of v.fields) if (!(v.root && k === 'Values')) this.whole(f, seen);
  }

  private field(v: Value, name: string): Value {
    const out = new Value();
    for (const p of v.paths.values()) {
      out.addPath({ chart: p.chart, segs: [...p.segs, name], node: p.node.child(name) });
    }
    const f = v.fields.get(name);
    if (f) out.add(f);
    const any = name === '*' ? undefined : v.fields.get('*');
    if (any && !v.root) out.add(any);
    if (name === '*') for (const g of v.fields.values()) out.add(g);
    return out;
  }

  private elements(v: Value): Value {
    return this.field(v, '*');
  }

  private run(nodes: readonly Node[], scope: Scope): void {
    for (const node of nodes) {
      if (node.n === 'action') {
        const v = this.pipe(node.pipe, scope);
        if (node.pipe.decl.length > 0) this.bind(scope, node.pipe, v);
        else scope.print(v);
      } else if (node.n === 'template') {
        const arg = node.pipe ? this.pipe(node.pipe, scope) : EMPTY;
        scope.print(node.name !== undefined && this.defines.has(node.name) ? this.invoke(node.name, arg) : arg);
      } else {
        const v = this.pipe(node.pipe, scope);
        this.use(v);
        const inner = (dot: Value) => ({ ...scope, dot, frames: [...scope.frames, new Map<string, Value>()] });
        if (node.n === 'range') {
          const items = this.elements(v);
          const s = inner(items);
          const names = node.pipe.decl;
          if (names.length > 0) s.frames[s.frames.length - 1].set(names[names.length - 1], items);
          this.run(node.body, s);
        } else {
          const s = inner(node.n === 'with' ? v : scope.dot);
          if (node.pipe.decl.length > 0) s.frames[s.frames.length - 1].set(node.pipe.decl[0], v);
          this.run(node.body, s);
        }
        for (const e of node.elses) {
          if (e.kind === 'else') this.run(e.body, inner(scope.dot));
          else {
            const ev = this.pipe(e.pipe!, scope);
            this.use(ev);
            this.run(e.body, inner(e.kind === 'with' ? ev : scope.dot));
          }
        }
      }
    }
  }

  private bind(scope: Scope, pipe: Pipeline, v: Value): void {
    for (const name of pipe.decl) {
      const frame = pipe.assign ? ([...scope.frames].reverse().find((f) => f.has(name)) ?? scope.frames[scope.frames.length - 1]) : scope.frames[scope.frames.length - 1];
      const old = pipe.assign ? frame.get(name) : undefined;
      frame.set(name, old ? Value.of(old, v) : v);
    }
  }

  private variable(scope: Scope, name: string): Value {
    if (name === '$') return scope.root;
    for (let i = scope.frames.length - 1; i >= 0; i -= 1) {
      const v = scope.frames[i].get(name);
      if (v) return v;
    }
    return EMPTY;
  }

  private pipe(pipe: Pipeline, scope: Scope): Value {
    let v: Value | undefined;
    for (const cmd of pipe.commands) {
      const [head, ...rest] = cmd;
      if (head.k === 'ident') {
        const args = rest.map((o) => this.operand(o, scope));
        if (v) args.push(v);
        v = this.call(head.v, args);
      } else {
        v = this.operand(head, scope);
        for (const o of rest) this.operand(o, scope);
      }
    }
    return v ?? EMPTY;
  }

  private chain(v: Value, names: readonly string[]): Value {
    return names.reduce((acc, n) => this.field(acc, n), v);
  }

  private operand(o: Operand, scope: Scope): Value {
    switch (o.k) {
      case 'field':
        return this.chain(scope.dot, o.names);
      case 'dot':
        return scope.dot;
      case 'var':
        return this.chain(this.variable(scope, o.name), o.names);
      case 'lit': {
        const v = new Value();
        v.lit = o.v;
        v.litString = o.str;
        if (o.str) v.lits.add(o.v);
        return v;
      }
      case 'ident':
        return this.call(o.v, []);
      case 'sub':
        return this.chain(this.pipe(o.pipe, scope), o.names);
    }
  }

  /**
   * The keys a key argument may be: the string literals it may hold (a literal, or a variable
   * ranging over a list of literals), the default of a value it is read from; anything else
   * (a number, a computed string) any key.
   */
  private keys(k: Value | undefined): string[] {
    if (!k || (k.lits.size === 0 && k.paths.size === 0)) return ['*'];
    const out = new Set(k.lits);
    // A key taken from the values (`index $app $app.mode`): the chart's default names it.
    for (const p of k.paths.values()) {
      let d: unknown = this.defaults(p.chart);
      for (const seg of p.segs) d = typeof d === 'object' && d !== null && !Array.isArray(d) ? (d as Record<string, unknown>)[seg] : undefined;
      out.add(typeof d === 'string' && d !== '' ? d : '*');
    }
    return [...out];
  }

  private fieldAny(v: Value, k: Value | undefined): Value {
    return Value.of(...this.keys(k).map((name) => this.field(v, name)));
  }

  private invoke(name: string, arg: Value): Value {
    const id = `${name}\0${arg.signature()}`;
    const known = this.memo.get(id);
    if (known) return known;
    if (this.active.has(id) || this.active.size > 40) return EMPTY;
    this.active.add(id);
    const out = new Value();
    for (const body of this.defines.get(name) ?? []) this.run(body, { dot: arg, root: arg, frames: [new Map()], print: (v) => out.add(v) });
    this.active.delete(id);
    this.memo.set(id, out);
    return out;
  }

  private call(fn: string, args: Value[]): Value {
    if (!STRUCTURAL.has(fn) && !CHOOSE.has(fn)) for (const a of args) this.use(a);
    switch (fn) {
      case 'include':
      case 'template': {
        const name = args[0]?.lit;
        const arg = args[1] ?? EMPTY;
        return name !== undefined && args[0].litString && this.defines.has(name) ? this.invoke(name, arg) : Value.of(...args.slice(1));
      }
      case 'tpl':
        return args[0] ?? EMPTY;
      case 'index':
        return args.slice(1).reduce((acc, k) => this.fieldAny(acc, k), args[0] ?? EMPTY);
      case 'dig': {
        if (args.length < 3) return EMPTY;
        const map = args[args.length - 1];
        return Value.of(args.slice(0, -2).reduce((acc, k) => this.fieldAny(acc, k), map), args[args.length - 2]);
      }
      case 'get':
        return this.fieldAny(args[0] ?? EMPTY, args[1]);
      case 'hasKey':
        this.use(this.fieldAny(args[0] ?? EMPTY, args[1]));
        return EMPTY;
      case 'pluck':
        return Value.of(...args.slice(1).map((a) => this.fieldAny(a, args[0])));
      case 'pick':
        return Value.of(...args.slice(1).map((k) => this.fieldAny(args[0] ?? EMPTY, k)));
      case 'keys':
        for (const a of args) this.use(this.elements(a));
        return EMPTY;
      case 'values':
      case 'first':
      case 'last':
      case 'mustFirst':
      case 'mustLast':
        return Value.of(...args.map((a) => this.elements(a)));
      case 'dict': {
        const v = new Value();
        for (let i = 0; i + 1 < args.length; i += 2) for (const k of this.keys(args[i])) v.fields.set(k, Value.of(v.fields.get(k), args[i + 1]));
        return v;
      }
      case 'list':
      case 'tuple': {
        const v = new Value();
        v.fields.set('*', Value.of(...args));
        return v;
      }
      case 'set': {
        const [target, k, val] = args;
        // Stored into the values themselves (`set .Values.gitea.config.metrics "ENABLED" ...`):
        // read wherever that place is read, so counted as used here.
        if (val && target && target.paths.size > 0) this.use(val);
        if (target && target !== EMPTY && k?.lit !== undefined && val) {
          const old = target.fields.get(k.lit);
          target.fields.set(k.lit, old ? Value.of(old, val) : val);
        }
        return target ?? EMPTY;
      }
      default: {
        if (OPAQUE.has(fn) || SCALAR.has(fn)) return EMPTY;
        // Anything else passes its arguments' data on (string functions, toYaml, merge, default, ...);
        // literals only through the functions that return one of their arguments.
        const out = new Value();
        for (const a of args) if (a.lit === undefined || CHOOSE.has(fn)) out.add(a);
        return out;
      }
    }
  }
}

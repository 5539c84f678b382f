/**
 * Value paths as a trie: `*` stands for any key or list position. A node marked `whole` is read
 * as a whole (handed to toYaml, printed, ...): everything below it counts as read.
 */

export type Reach = 'whole' | 'known' | 'unknown';

/** `whole` beats `known` beats `unknown`. */
export function best(a: Reach, b: Reach): Reach {
  return a === 'whole' || b === 'whole' ? 'whole' : a === 'known' || b === 'known' ? 'known' : 'unknown';
}

let ids = 0;

export class PathTrie {
  readonly children = new Map<string, PathTrie>();
  /** A number of its own (for signatures). */
  readonly id = ids++;
  whole = false;
  /** A read ends here (not only passes through on the way to a key below). */
  end = false;

  /** The child for `seg`, created when missing. */
  child(seg: string): PathTrie {
    let next = this.children.get(seg);
    if (!next) this.children.set(seg, (next = new PathTrie()));
    return next;
  }

  /** Adds a path; `end` when a read ends there, `whole` when it reads everything below. */
  insert(segs: readonly string[], end: boolean, whole = false): void {
    let node: PathTrie = this;
    for (const s of segs) {
      let next = node.children.get(s);
      if (!next) {
        next = new PathTrie();
        node.children.set(s, next);
      }
      node = next;
    }
    if (end || whole) node.end = true;
    if (whole) node.whole = true;
  }

  /**
   * How far `segs` reaches: `whole` when the path or one of its prefixes is read as a whole,
   * `known` when the path is in the trie, else `unknown`. A list position (`*` in `segs`) meets
   * only `*`; a key meets itself or `*` (at the top only with `topWildcard`). A `leaf` (a
   * value that is no map or list) must be where a read ends, not only on the way to a key below.
   */
  reach(segs: readonly string[], topWildcard = true, leaf = false): Reach {
    let nodes: PathTrie[] = [this];
    for (const [i, s] of segs.entries()) {
      if (nodes.some((n) => n.whole)) return 'whole';
      const next: PathTrie[] = [];
      for (const n of nodes) {
        const exact = n.children.get(s);
        if (exact) next.push(exact);
        const any = s === '*' || (i === 0 && !topWildcard) ? undefined : n.children.get('*');
        if (any) next.push(any);
      }
      if (next.length === 0) return 'unknown';
      nodes = next;
    }
    return nodes.some((n) => n.whole) ? 'whole' : !leaf || nodes.some((n) => n.end) ? 'known' : 'unknown';
  }
}

/**
 * A chart's values.yaml as a trie: maps by key, list items under `*`; an empty map or list, or
 * null, is a place for the user's own content (`annotations: {}`, `extraVolumes: []`), so whole.
 */
export function defaultsTrie(values: unknown): PathTrie {
  const trie = new PathTrie();
  const walk = (v: unknown, node: PathTrie) => {
    node.end = true;
    if (v === null || v === undefined) {
      node.whole = true;
    } else if (Array.isArray(v)) {
      if (v.length === 0) node.whole = true;
      for (const item of v) {
        let next = node.children.get('*');
        if (!next) node.children.set('*', (next = new PathTrie()));
        walk(item, next);
      }
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) node.whole = true;
      for (const [k, child] of entries) {
        let next = node.children.get(k);
        if (!next) node.children.set(k, (next = new PathTrie()));
        walk(child, next);
      }
    }
  };
  walk(values, trie);
  trie.whole = false; // an empty or missing values.yaml says nothing
  return trie;
}

/** Trees of arrays (nested plain objects and arrays), as in MLX and JAX: flatten, unflatten, map. */

/** A tree: a leaf, or a plain array/object of trees. */
export type Tree<T> = T | readonly Tree<T>[] | { readonly [k: string]: Tree<T> };

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Leaves of a tree in order, selected by `isLeaf`. */
export function treeFlatten<T>(tree: unknown, isLeaf: (x: unknown) => x is T): T[] {
  const out: T[] = [];
  const walk = (t: unknown) => {
    if (isLeaf(t)) out.push(t);
    else if (Array.isArray(t)) t.forEach(walk);
    else if (isPlainObject(t)) for (const k of Object.keys(t)) walk(t[k]);
  };
  walk(tree);
  return out;
}

/** Applies `fn` to every leaf. */
export function treeMap<T>(tree: unknown, fn: (x: T) => unknown, isLeaf: (x: unknown) => x is T): unknown {
  const walk = (t: unknown): unknown => {
    if (isLeaf(t)) return fn(t);
    if (Array.isArray(t)) return t.map(walk);
    if (isPlainObject(t)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(t)) o[k] = walk(t[k]);
      return o;
    }
    return t;
  };
  return walk(tree);
}

/** Rebuilds `tree`'s structure with `leaves` (in flatten order) in place of its leaves. */
export function treeUnflatten<T>(tree: unknown, leaves: readonly T[], isLeaf: (x: unknown) => x is unknown): unknown {
  let i = 0;
  return treeMap(tree, () => leaves[i++], isLeaf);
}

/**
 * `mx.tree`: trees of arrays (nested plain objects and arrays) as in MLX's mlx.utils:
 * map(fn, tree, ...rest), flatten(tree) -> [dotted path, leaf][] and unflatten(pairs).
 */
import { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Default leaf test: arrays and anything that is not a plain array/object. */
const defaultIsLeaf = (x: unknown): boolean => !Array.isArray(x) && !isPlainObject(x);

/** Applies fn to each leaf of `tree` (and the matching leaves of `rest`, which share its structure). */
export function map(fn: (...leaves: any[]) => unknown, tree: unknown, ...rest: unknown[]): any {
  const walk = (t: unknown, rs: unknown[]): unknown => {
    if (Array.isArray(t)) return t.map((v, i) => walk(v, rs.map((r) => (r as unknown[])[i])));
    if (isPlainObject(t)) {
      const o: Record<string, unknown> = {};
      for (const k of Object.keys(t)) o[k] = walk(t[k], rs.map((r) => (r as Record<string, unknown>)[k]));
      return o;
    }
    return fn(t, ...rs);
  };
  return walk(tree, rest);
}

/** The leaves of `tree` with their dotted paths ("layers.0.weight"), in order. */
export function flatten(tree: unknown, isLeaf: (x: unknown) => boolean = defaultIsLeaf): [string, any][] {
  const out: [string, unknown][] = [];
  const walk = (t: unknown, path: string) => {
    if (!isLeaf(t) && Array.isArray(t)) t.forEach((v, i) => walk(v, path ? `${path}.${i}` : String(i)));
    else if (!isLeaf(t) && isPlainObject(t)) for (const k of Object.keys(t)) walk(t[k], path ? `${path}.${k}` : k);
    else out.push([path, t]);
  };
  walk(tree, "");
  return out;
}

/** Rebuilds a tree from flatten's [path, leaf] pairs (all-integer keys make lists). */
export function unflatten(pairs: readonly (readonly [string, unknown])[]): any {
  if (pairs.length === 1 && pairs[0]![0] === "") return pairs[0]![1];
  const groups = new Map<string, [string, unknown][]>();
  for (const [path, v] of pairs) {
    const dot = path.indexOf(".");
    const head = dot < 0 ? path : path.slice(0, dot);
    const tail = dot < 0 ? "" : path.slice(dot + 1);
    if (!groups.has(head)) groups.set(head, []);
    groups.get(head)!.push([tail, v]);
  }
  const keys = [...groups.keys()];
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const arr: unknown[] = [];
    for (const k of keys) arr[Number(k)] = unflatten(groups.get(k)!);
    if (arr.length !== keys.length) fail("tree.unflatten", `List indices must be 0..${keys.length - 1}, got ${keys.join(", ")}.`);
    return arr;
  }
  const o: Record<string, unknown> = {};
  for (const k of keys) o[k] = unflatten(groups.get(k)!);
  return o;
}

/** The array leaves of a tree, in order. */
export function leaves(tree: unknown): MxArray[] {
  return flatten(tree).map(([, v]) => v).filter((v): v is MxArray => v instanceof MxArray);
}

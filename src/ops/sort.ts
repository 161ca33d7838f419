/**
 * Sort ops: sort, argsort (stable, uint32 indices as MLX), partition, argpartition, topk.
 * Sorting is along one axis (default -1); `axis: null` sorts the flattened array. float32
 * NaN sorts last (NumPy). partition/argpartition are full sorts (a valid partition).
 */
import { MxArray } from "../core/array.ts";
import { uint32 } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { normalizeAxis, stridesOf } from "../core/shape.ts";
import type { AsStridedParams } from "../primitives/copy.ts";
import type { SortParams } from "../primitives/sort.ts";
import { reshape } from "./shape.ts";
import { asArray, checkInt, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

/** Options of the sort ops: the axis (null = flattened array). */
export interface SortOptions extends StreamOptions {
  axis?: number | null;
}

function prepare(op: string, x: ArrayLike, opts: SortOptions): { a: MxArray; axis: number } {
  let a = asArray(op, x);
  const s = streamOf(op, opts);
  if (opts.axis === null) {
    a = reshape(a, [a.size], { stream: s });
    return { a, axis: 0 };
  }
  if (a.ndim === 0) fail(op, `Cannot sort along axis ${opts.axis ?? -1} of an array with shape () (use axis: null).`);
  return { a, axis: normalizeAxis(op, opts.axis ?? -1, a.ndim) };
}

/** Returns a sorted copy of `x` along `axis` (default -1; null sorts the flattened array). */
export function sort(x: ArrayLike, opts: SortOptions = {}): MxArray {
  const { a, axis } = prepare("sort", x, opts);
  return record("sort", [a], { axis } satisfies SortParams, [...a.shape], a.dtype, streamOf("sort", opts));
}

/** Returns the uint32 indices that sort `x` along `axis` (stable: ties keep their order). */
export function argsort(x: ArrayLike, opts: SortOptions = {}): MxArray {
  const { a, axis } = prepare("argsort", x, opts);
  return record("argsort", [a], { axis } satisfies SortParams, [...a.shape], uint32, streamOf("argsort", opts));
}

function checkKth(op: string, a: MxArray, axis: number, kth: number): void {
  checkInt(op, "kth", kth);
  const n = a.shape[axis]!;
  if (kth < -n || kth >= n) fail(op, `kth ${kth} is out of bounds for axis ${axis} of size ${n} (shape ${fmtShape(a.shape)}).`);
}

/** Reorders `x` so the element at `kth` is where it would be sorted, smaller ones before it, larger after. */
export function partition(x: ArrayLike, kth: number, opts: SortOptions = {}): MxArray {
  const { a, axis } = prepare("partition", x, opts);
  checkKth("partition", a, axis, kth);
  return record("sort", [a], { axis } satisfies SortParams, [...a.shape], a.dtype, streamOf("partition", opts));
}

/** The uint32 indices that partition `x` around `kth` along `axis`. */
export function argpartition(x: ArrayLike, kth: number, opts: SortOptions = {}): MxArray {
  const { a, axis } = prepare("argpartition", x, opts);
  checkKth("argpartition", a, axis, kth);
  return record("argsort", [a], { axis } satisfies SortParams, [...a.shape], uint32, streamOf("argpartition", opts));
}

/** The `k` largest elements of `x` along `axis` (default -1), in ascending order. */
export function topk(x: ArrayLike, k: number, opts: SortOptions = {}): MxArray {
  const { a, axis } = prepare("topk", x, opts);
  checkInt("topk", "k", k);
  const n = a.shape[axis]!;
  if (k < 0 || k > n) fail("topk", `k ${k} must be between 0 and ${n}, the size of axis ${axis} of shape ${fmtShape(a.shape)}.`);
  const s = streamOf("topk", opts);
  const sorted = record("sort", [a], { axis } satisfies SortParams, [...a.shape], a.dtype, s);
  // the last k entries along `axis` of the (contiguous) sorted array, as a strided view
  const strides = stridesOf(a.shape);
  const shape = [...a.shape];
  shape[axis] = k;
  const p: AsStridedParams = { strides, offset: (n - k) * strides[axis]! };
  return record("asStrided", [sorted], p, shape, a.dtype, s);
}

// ---- methods on MxArray ----
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.sort(x, opts). */
    sort(opts?: SortOptions): MxArray;
    /** Same as mx.argsort(x, opts). */
    argsort(opts?: SortOptions): MxArray;
  }
}
MxArray.prototype.sort = function (opts) {
  return sort(this, opts);
};
MxArray.prototype.argsort = function (opts) {
  return argsort(this, opts);
};

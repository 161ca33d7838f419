/**
 * Indexing ops with NumPy semantics: `x.get(...)` (basic indexing -> one asStrided copy;
 * integer index arrays -> gather), `x.set(..., value)` (MLX in-place semantics: the handle
 * takes the updated value, arrays computed earlier keep the old one), take, takeAlongAxis,
 * putAlongAxis. Boolean masks are not supported (as in MLX).
 */
import { MxArray } from "../core/array.ts";
import { int32, type DType } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { broadcastShapes, broadcastStrides, normalizeAxis, sameShape, sizeOf, stridesOf } from "../core/shape.ts";
import type { Stream } from "../core/device.ts";
import type { AsStridedParams } from "../primitives/copy.ts";
import type { AlongAxisParams, GatherParams, ScatterParams, SliceUpdateParams } from "../primitives/indexing.ts";
import { jsIndexArray, resolveIndex, type IndexItem } from "./index_parse.ts";
import { astype, broadcastTo, reshape } from "./shape.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

export type { IndexItem };

/** Options of take/takeAlongAxis/putAlongAxis: the axis (omitted or null = flattened array). */
export interface AxisOptions extends StreamOptions {
  axis?: number | null;
}

function indexArray(op: string, idx: ArrayLike): MxArray {
  const a = idx instanceof MxArray || typeof idx !== "object" ? asArray(op, idx) : jsIndexArray(op, idx);
  if (a.dtype.name === "bool") fail(op, "Boolean indices are not supported; use integer indices.");
  if (a.dtype.isFloat) fail(op, `Indices must have an integer dtype, got ${a.dtype.name}.`);
  return a;
}

function toIndexDtype(a: MxArray, s: Stream): MxArray {
  return a.dtype === int32 || a.dtype.name === "uint32" ? a : astype(a, int32, { stream: s });
}

/** Value cast to `dtype` and shaped to broadcast onto `shape` (leading size-1 dims dropped). */
function prepareValue(op: string, value: ArrayLike, dtype: DType, shape: number[], s: Stream): MxArray {
  let v = asArray(op, value);
  if (v.dtype !== dtype) v = astype(v, dtype, { stream: s });
  let vs = v.shape;
  while (vs.length > shape.length && vs[0] === 1) vs = vs.slice(1);
  const ok = vs.length <= shape.length && vs.every((d, i) => d === 1 || d === shape[shape.length - vs.length + i]);
  if (!ok) fail(op, `Cannot broadcast value of shape ${fmtShape(v.shape)} to the indexed shape ${fmtShape(shape)}.`);
  if (vs.length !== v.ndim) v = reshape(v, vs, { stream: s });
  return v;
}

/** Indexes `x` with NumPy semantics (integers, slice strings, null/"None", "...", integer arrays). */
export function getItem(x: ArrayLike, items: readonly IndexItem[], opts: StreamOptions = {}): MxArray {
  const a = asArray("get", x);
  const s = streamOf("get", opts);
  const ix = resolveIndex("get", a.shape, items, s);
  if (ix.kind === "basic") {
    if (ix.offset === 0 && sameShape(ix.shape, a.shape) && sameShape(ix.strides, stridesOf(a.shape))) {
      return record("reshape", [a], undefined, ix.shape, a.dtype, s);
    }
    return record("asStrided", [a], { offset: ix.offset, strides: ix.strides } satisfies AsStridedParams, ix.shape, a.dtype, s);
  }
  const p: GatherParams = {
    op: "get", offset: ix.offset, srcStrides: ix.srcStrides, bStrides: ix.bStrides,
    axisStrides: ix.axisStrides, axisSizes: ix.axisSizes, axes: ix.axes,
  };
  return record("gather", [a, ...ix.arrays], p, ix.shape, a.dtype, s);
}

/** A copy of `x` with the indexed region set to `value` (broadcast, cast to x's dtype). */
export function setItem(x: ArrayLike, items: readonly IndexItem[], value: ArrayLike, opts: StreamOptions = {}): MxArray {
  const a = asArray("set", x);
  const s = streamOf("set", opts);
  const ix = resolveIndex("set", a.shape, items, s);
  const v = prepareValue("set", value, a.dtype, ix.shape, s);
  if (ix.kind === "basic") {
    const p: SliceUpdateParams = { offset: ix.offset, strides: ix.strides, shape: ix.shape };
    return record("sliceUpdate", [a, v], p, a.shape, a.dtype, s);
  }
  const p: ScatterParams = {
    op: "set", offset: ix.offset, srcStrides: ix.srcStrides, bStrides: ix.bStrides,
    axisStrides: ix.axisStrides, axisSizes: ix.axisSizes, axes: ix.axes,
    shape: ix.shape, valStrides: broadcastStrides(v.shape, ix.shape),
  };
  return record("scatter", [a, v, ...ix.arrays], p, a.shape, a.dtype, s);
}

/** Takes elements of `x` at `indices` along `axis` (flattened x when axis is omitted or null). */
export function take(x: ArrayLike, indices: ArrayLike, opts: AxisOptions = {}): MxArray {
  let a = asArray("take", x);
  const s = streamOf("take", opts);
  const idx = toIndexDtype(indexArray("take", indices), s);
  let axis: number;
  if (opts.axis === undefined || opts.axis === null) {
    a = reshape(a, [a.size], { stream: s });
    axis = 0;
  } else {
    if (a.ndim === 0) fail("take", `Cannot take along axis ${opts.axis} of an array with shape ().`);
    axis = normalizeAxis("take", opts.axis, a.ndim);
  }
  const xs = stridesOf(a.shape);
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const ni = idx.ndim;
  const pre = a.shape.slice(0, axis);
  const post = a.shape.slice(axis + 1);
  const p: GatherParams = {
    op: "take",
    offset: 0,
    srcStrides: [...xs.slice(0, axis), ...zeros(ni), ...xs.slice(axis + 1)],
    bStrides: [...zeros(axis), ...stridesOf(idx.shape), ...zeros(post.length)],
    axisStrides: [xs[axis]!],
    axisSizes: [a.shape[axis]!],
    axes: [axis],
  };
  return record("gather", [a, idx], p, [...pre, ...idx.shape, ...post], a.dtype, s);
}

interface Along {
  a: MxArray;
  idx: MxArray;
  axis: number;
  bshape: number[];
}

function alongSetup(op: string, x: ArrayLike, indices: ArrayLike, opts: AxisOptions, s: Stream, keepX: boolean): Along {
  let a = asArray(op, x);
  let idx = toIndexDtype(indexArray(op, indices), s);
  let axis: number;
  if (opts.axis === undefined || opts.axis === null) {
    a = reshape(a, [a.size], { stream: s });
    idx = reshape(idx, [idx.size], { stream: s });
    axis = 0;
  } else {
    if (a.ndim === 0) fail(op, `Cannot index along axis ${opts.axis} of an array with shape ().`);
    axis = normalizeAxis(op, opts.axis, a.ndim);
  }
  if (idx.ndim !== a.ndim) {
    fail(op, `Indices of shape ${fmtShape(idx.shape)} must have the same number of dimensions as the array of shape ${fmtShape(a.shape)}.`);
  }
  const one = (sh: number[]) => sh.map((d, i) => (i === axis ? 1 : d));
  const bshape = broadcastShapes(op, one(a.shape), one(idx.shape));
  if (keepX && !sameShape(bshape, one(a.shape))) {
    fail(op, `Indices of shape ${fmtShape(idx.shape)} cannot be broadcast to the array of shape ${fmtShape(a.shape)} outside axis ${axis}.`);
  }
  const xt = bshape.map((d, i) => (i === axis ? a.shape[axis]! : d));
  const it = bshape.map((d, i) => (i === axis ? idx.shape[axis]! : d));
  if (!sameShape(a.shape, xt)) a = broadcastTo(a, xt, { stream: s });
  if (!sameShape(idx.shape, it)) idx = broadcastTo(idx, it, { stream: s });
  return { a, idx, axis, bshape };
}

function alongParams(op: string, a: MxArray, idx: MxArray, axis: number): AlongAxisParams {
  return {
    op, axis,
    pre: sizeOf(a.shape.slice(0, axis)),
    n: a.shape[axis]!,
    m: idx.shape[axis]!,
    post: sizeOf(a.shape.slice(axis + 1)),
  };
}

/** NumPy take_along_axis: out[..., j, ...] = x[..., indices[..., j, ...], ...] (indices broadcast). */
export function takeAlongAxis(x: ArrayLike, indices: ArrayLike, opts: AxisOptions = {}): MxArray {
  const s = streamOf("takeAlongAxis", opts);
  const { a, idx, axis } = alongSetup("takeAlongAxis", x, indices, opts, s, false);
  return record("takeAlongAxis", [a, idx], alongParams("takeAlongAxis", a, idx, axis), idx.shape, a.dtype, s);
}

/** NumPy put_along_axis as a new array: a copy of x with x[..., indices[..., j, ...], ...] = values. */
export function putAlongAxis(x: ArrayLike, indices: ArrayLike, values: ArrayLike, opts: AxisOptions = {}): MxArray {
  const s = streamOf("putAlongAxis", opts);
  const orig = asArray("putAlongAxis", x);
  const { a, idx, axis } = alongSetup("putAlongAxis", orig, indices, opts, s, true);
  let v = prepareValue("putAlongAxis", values, a.dtype, idx.shape, s);
  if (!sameShape(v.shape, idx.shape)) v = broadcastTo(v, idx.shape, { stream: s });
  const out = record("putAlongAxis", [a, idx, v], alongParams("putAlongAxis", a, idx, axis), a.shape, a.dtype, s);
  return sameShape(out.shape, orig.shape) ? out : reshape(out, orig.shape, { stream: s });
}

/** Axes and start offsets of a fixed-size slice, validated against x's shape. */
function sliceRegion(op: string, shape: number[], start: readonly number[], axes: readonly number[] | null | undefined, size: readonly number[]): SliceUpdateParams {
  if (!Array.isArray(start)) fail(op, `start must be a list of integers, got ${String(start)}.`);
  const ax = axes === undefined || axes === null ? start.map((_, i) => i) : axes.map((a) => normalizeAxis(op, a, shape.length));
  if (ax.length !== start.length || new Set(ax).size !== ax.length) fail(op, `Expected ${ax.length} distinct axes for ${start.length} start indices.`);
  const st = stridesOf(shape);
  const out = [...size];
  if (out.length !== shape.length) fail(op, `Slice size ${fmtShape(size)} must have one entry per dimension of the array of shape ${fmtShape(shape)}.`);
  const begin = new Array<number>(shape.length).fill(0);
  ax.forEach((a, i) => {
    const v = start[i]!;
    if (!Number.isInteger(v)) fail(op, `Start indices must be integers, got ${String(v)}.`);
    begin[a] = v < 0 ? v + shape[a]! : v;
  });
  for (let d = 0; d < shape.length; d++) {
    if (!Number.isInteger(out[d]) || out[d]! < 0 || begin[d]! < 0 || begin[d]! + out[d]! > shape[d]!) {
      fail(op, `Slice of size ${fmtShape(size)} starting at (${begin.join(",")}) does not fit in the array of shape ${fmtShape(shape)}.`);
    }
  }
  const empty = out.some((d) => d === 0);
  return { offset: empty ? 0 : begin.reduce((acc, b, d) => acc + b * st[d]!, 0), strides: st, shape: out };
}

/** The block of `x` of shape `sliceSize` starting at `start` along `axes` (default: the leading axes); other axes start at 0. */
export function slice(x: ArrayLike, start: readonly number[], axes: readonly number[] | null | undefined, sliceSize: readonly number[], opts: StreamOptions = {}): MxArray {
  const a = asArray("slice", x);
  const r = sliceRegion("slice", a.shape, start, axes, sliceSize);
  return record("asStrided", [a], { offset: r.offset, strides: r.strides } satisfies AsStridedParams, r.shape, a.dtype, streamOf("slice", opts));
}

/** A copy of `x` with the block starting at `start` (along `axes`, default the leading axes) replaced by `update`. */
export function sliceUpdate(x: ArrayLike, update: ArrayLike, start: readonly number[], axes?: readonly number[] | null, opts: StreamOptions = {}): MxArray {
  const a = asArray("sliceUpdate", x);
  const s = streamOf("sliceUpdate", opts);
  let u = asArray("sliceUpdate", update);
  if (u.ndim !== a.ndim) fail("sliceUpdate", `Update of shape ${fmtShape(u.shape)} must have as many dimensions as the array of shape ${fmtShape(a.shape)}.`);
  if (u.dtype !== a.dtype) u = astype(u, a.dtype, { stream: s });
  const r = sliceRegion("sliceUpdate", a.shape, start, axes, u.shape);
  return record("sliceUpdate", [a, u], r, a.shape, a.dtype, s);
}

// ---- methods on MxArray ----
declare module "../core/array.ts" {
  interface MxArray {
    /** NumPy indexing: x.get(0, "1:3", null, "...", [0, 2]) or x.get(":, ::-1"). */
    get(...index: IndexItem[]): MxArray;
    /** MLX in-place update: x.set(...index, value); x now holds the updated array. */
    set(...indexAndValue: (IndexItem | ArrayLike)[]): void;
    /** Same as mx.take(x, indices, opts). */
    take(indices: ArrayLike, opts?: AxisOptions): MxArray;
    /** Same as mx.takeAlongAxis(x, indices, opts). */
    takeAlongAxis(indices: ArrayLike, opts?: AxisOptions): MxArray;
  }
}
MxArray.prototype.get = function (...index) {
  return getItem(this, index);
};
MxArray.prototype.set = function (...args) {
  if (args.length < 2) fail("set", "Expected x.set(...index, value) with at least one index and a value.");
  const value = args[args.length - 1] as ArrayLike;
  const updated = setItem(this, args.slice(0, -1) as IndexItem[], value);
  this._node = updated._node;
};
MxArray.prototype.take = function (indices, opts) {
  return take(this, indices, opts);
};
MxArray.prototype.takeAlongAxis = function (indices, opts) {
  return takeAlongAxis(this, indices, opts);
};


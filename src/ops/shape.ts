/**
 * Shape ops: reshape, transpose, broadcastTo, astype (core set), plus squeeze, expandDims,
 * flatten, concatenate, stack, split, pad, repeat, tile.
 * Views that keep the bytes in order (reshape, squeeze, expandDims, flatten) share storage;
 * transpose and broadcastTo are strided copies (asStrided).
 */
import { MxArray } from "../core/array.ts";
import { DType } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { broadcastStrides, checkShape, normalizeAxis, sameShape, sizeOf, stridesOf } from "../core/shape.ts";
import type { AsStridedParams } from "../primitives/copy.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

/** Converts to `dtype` (returns a copy even when the dtype is unchanged when `copy` is set). */
export function astype(x: ArrayLike, dtype: DType, opts: StreamOptions & { copy?: boolean } = {}): MxArray {
  const a = asArray("astype", x);
  if (!(dtype instanceof DType)) fail("astype", `Expected a dtype, got ${String(dtype)}.`);
  const s = streamOf("astype", opts);
  if (a.dtype === dtype) {
    if (opts.copy) return record("asStrided", [a], { strides: stridesOf(a.shape), offset: 0 } satisfies AsStridedParams, a.shape, dtype, s);
    return record("reshape", [a], undefined, a.shape, dtype, s);
  }
  return record("astype", [a], undefined, a.shape, dtype, s);
}

/** Gives `x` a new shape with the same number of elements; one dimension may be -1. */
export function reshape(x: ArrayLike, shape: readonly number[], opts: StreamOptions = {}): MxArray {
  const a = asArray("reshape", x);
  if (!Array.isArray(shape)) fail("reshape", `Shape must be an array of integers, got ${String(shape)}.`);
  const out = [...shape];
  const infer = out.indexOf(-1);
  if (out.filter((d) => d === -1).length > 1) fail("reshape", `Can only infer one dimension in ${fmtShape(shape)}.`);
  if (infer >= 0) {
    const known = out.reduce((p, d, i) => (i === infer ? p : p * d), 1);
    if (known === 0 || a.size % known !== 0) fail("reshape", `Cannot reshape array of shape ${fmtShape(a.shape)} into shape ${fmtShape(shape)}.`);
    out[infer] = a.size / known;
  }
  checkShape("reshape", out);
  if (sizeOf(out) !== a.size) fail("reshape", `Cannot reshape array of size ${a.size} into shape ${fmtShape(shape)}.`);
  return record("reshape", [a], undefined, out, a.dtype, streamOf("reshape", opts));
}

/** Permutes the axes (reverses them when `axes` is omitted). */
export function transpose(x: ArrayLike, axes?: readonly number[] | StreamOptions, opts: StreamOptions = {}): MxArray {
  if (axes !== undefined && !Array.isArray(axes)) {
    opts = axes as StreamOptions;
    axes = undefined;
  }
  const a = asArray("transpose", x);
  const nd = a.ndim;
  const perm = axes === undefined ? Array.from({ length: nd }, (_, i) => nd - 1 - i) : (axes as number[]).map((ax) => normalizeAxis("transpose", ax, nd));
  if (perm.length !== nd || new Set(perm).size !== nd) {
    fail("transpose", `Received ${perm.length} axes [${(axes as number[] | undefined)?.join(", ")}] for array with ${nd} dimensions.`);
  }
  const st = stridesOf(a.shape);
  const shape = perm.map((p) => a.shape[p]!);
  const strides = perm.map((p) => st[p]!);
  return record("asStrided", [a], { strides, offset: 0 } satisfies AsStridedParams, shape, a.dtype, streamOf("transpose", opts));
}

/** Broadcasts `x` to `shape` (NumPy rules). */
export function broadcastTo(x: ArrayLike, shape: readonly number[], opts: StreamOptions = {}): MxArray {
  const a = asArray("broadcastTo", x);
  const out = checkShape("broadcastTo", shape as number[]);
  const ok = a.ndim <= out.length && a.shape.every((d, i) => d === 1 || d === out[out.length - a.ndim + i]);
  if (!ok) fail("broadcastTo", `Cannot broadcast array of shape ${fmtShape(a.shape)} to shape ${fmtShape(out)}.`);
  const s = streamOf("broadcastTo", opts);
  if (sameShape(a.shape, out)) return record("reshape", [a], undefined, out, a.dtype, s);
  return record("asStrided", [a], { strides: broadcastStrides(a.shape, out), offset: 0 } satisfies AsStridedParams, out, a.dtype, s);
}

// ---- methods on MxArray (each ops file installs the methods of its own ops) ----
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.reshape(x, shape). */
    reshape(shape: readonly number[], opts?: StreamOptions): MxArray;
    /** Same as mx.transpose(x, axes). */
    transpose(axes?: readonly number[], opts?: StreamOptions): MxArray;
    /** Same as mx.broadcastTo(x, shape). */
    broadcastTo(shape: readonly number[], opts?: StreamOptions): MxArray;
    /** Same as mx.astype(x, dtype). */
    astype(dtype: DType, opts?: StreamOptions): MxArray;
    /** The transpose (axes reversed). */
    readonly T: MxArray;
  }
}
MxArray.prototype.reshape = function (shape, opts) {
  return reshape(this, shape, opts);
};
MxArray.prototype.transpose = function (axes, opts) {
  return transpose(this, axes, opts);
};
MxArray.prototype.broadcastTo = function (shape, opts) {
  return broadcastTo(this, shape, opts);
};
MxArray.prototype.astype = function (dtype, opts) {
  return astype(this, dtype, opts);
};
Object.defineProperty(MxArray.prototype, "T", {
  get(this: MxArray) {
    return transpose(this);
  },
});

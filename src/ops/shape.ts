/**
 * Shape ops: reshape, transpose, broadcastTo, astype (core set), plus squeeze, expandDims,
 * flatten, concatenate, stack, split, pad, repeat, tile, moveaxis, swapaxes.
 * Views that keep the bytes in order (reshape, squeeze, expandDims, flatten) share storage;
 * transpose and broadcastTo are strided copies (asStrided).
 */
import { MxArray } from "../core/array.ts";
import { DType, promoteTypes } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { broadcastStrides, checkShape, normalizeAxes, normalizeAxis, sameShape, sizeOf, stridesOf } from "../core/shape.ts";
import { concatenateShape, type AsStridedParams, type ConcatenateParams, type FullParams } from "../primitives/copy.ts";
import type { SliceUpdateParams } from "../primitives/indexing.ts";
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

/** Removes size-1 dimensions (all of them, or the given axes, which must have size 1). */
export function squeeze(x: ArrayLike, axis?: number | readonly number[] | null | StreamOptions, opts: StreamOptions = {}): MxArray {
  if (axis !== undefined && axis !== null && typeof axis === "object" && !Array.isArray(axis)) {
    opts = axis as StreamOptions;
    axis = undefined;
  }
  const a = asArray("squeeze", x);
  const ax = axis as number | readonly number[] | null | undefined;
  let drop: number[];
  if (ax === undefined || ax === null) drop = a.shape.flatMap((d, i) => (d === 1 ? [i] : []));
  else {
    drop = normalizeAxes("squeeze", ax, a.ndim);
    for (const i of drop) {
      if (a.shape[i] !== 1) fail("squeeze", `Cannot squeeze axis ${i} with size ${a.shape[i]} of array with shape ${fmtShape(a.shape)} (it must be 1).`);
    }
  }
  const out = a.shape.filter((_, i) => !drop.includes(i));
  return record("reshape", [a], undefined, out, a.dtype, streamOf("squeeze", opts));
}

/** Inserts size-1 dimensions at `axis` (positions in the output; negative counts from the end). */
export function expandDims(x: ArrayLike, axis: number | readonly number[], opts: StreamOptions = {}): MxArray {
  const a = asArray("expandDims", x);
  const list = typeof axis === "number" ? [axis] : Array.isArray(axis) ? [...axis] : fail("expandDims", `Expected an axis or a list of axes, got ${String(axis)}.`);
  const nd = a.ndim + list.length;
  const axes = normalizeAxes("expandDims", list, nd);
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) out.push(axes.includes(i) ? 1 : a.shape[k++]!);
  return record("reshape", [a], undefined, out, a.dtype, streamOf("expandDims", opts));
}

/** Options of flatten: the range of axes merged into one (default: all). */
export interface FlattenOptions extends StreamOptions {
  startAxis?: number;
  endAxis?: number;
}

/** Merges axes startAxis..endAxis (inclusive) into one; a scalar becomes shape (1). */
export function flatten(x: ArrayLike, opts: FlattenOptions = {}): MxArray {
  const a = asArray("flatten", x);
  const s = streamOf("flatten", opts);
  if (a.ndim === 0) return record("reshape", [a], undefined, [1], a.dtype, s);
  const st = normalizeAxis("flatten", opts.startAxis ?? 0, a.ndim);
  const en = normalizeAxis("flatten", opts.endAxis ?? -1, a.ndim);
  if (st > en) fail("flatten", `startAxis (${opts.startAxis ?? 0}) must not come after endAxis (${opts.endAxis ?? -1}) for shape ${fmtShape(a.shape)}.`);
  const out = [...a.shape.slice(0, st), sizeOf(a.shape.slice(st, en + 1)), ...a.shape.slice(en + 1)];
  return record("reshape", [a], undefined, out, a.dtype, s);
}

/** Options with an axis that may be null (flattened input). */
export interface ConcatOptions extends StreamOptions {
  axis?: number | null;
}

/** Joins arrays along an existing axis (default 0; null joins the flattened arrays); dtypes promote. */
export function concatenate(arrays: readonly ArrayLike[], opts: ConcatOptions = {}): MxArray {
  if (!Array.isArray(arrays) || arrays.length === 0) fail("concatenate", "No arrays provided for concatenation.");
  const s = streamOf("concatenate", opts);
  let xs = arrays.map((x) => asArray("concatenate", x));
  let axis = 0;
  if (opts.axis === null) xs = xs.map((a) => reshape(a, [a.size], { stream: s }));
  const dtype = xs.reduce((d, a) => promoteTypes(d, a.dtype), xs[0]!.dtype);
  xs = xs.map((a) => (a.dtype === dtype ? a : astype(a, dtype, { stream: s })));
  const nd = xs[0]!.ndim;
  if (nd === 0) fail("concatenate", "Zero-dimensional arrays cannot be concatenated (use axis: null or mx.stack).");
  if (opts.axis !== null) axis = normalizeAxis("concatenate", opts.axis ?? 0, nd);
  for (const a of xs) {
    const ok = a.ndim === nd && a.shape.every((d, i) => i === axis || d === xs[0]!.shape[i]);
    if (!ok) {
      fail("concatenate", `All the input array dimensions except axis ${axis} must match exactly, got shapes ${xs.map((b) => fmtShape(b.shape)).join(", ")}.`);
    }
  }
  const p: ConcatenateParams = { axis };
  return record("concatenate", xs, p, concatenateShape(xs.map((a) => a.shape), axis), dtype, s);
}

/** Options with an integer axis. */
export interface AxisOption extends StreamOptions {
  axis?: number;
}

/** Joins arrays of one shape along a new axis (default 0). */
export function stack(arrays: readonly ArrayLike[], opts: AxisOption = {}): MxArray {
  if (!Array.isArray(arrays) || arrays.length === 0) fail("stack", "No arrays provided for stacking.");
  const s = streamOf("stack", opts);
  const xs = arrays.map((x) => asArray("stack", x));
  const sh = xs[0]!.shape;
  for (const a of xs) {
    if (!sameShape(a.shape, sh)) fail("stack", `All arrays must have the same shape, got ${xs.map((b) => fmtShape(b.shape)).join(", ")}.`);
  }
  const axis = normalizeAxis("stack", opts.axis ?? 0, sh.length + 1);
  return concatenate(xs.map((a) => expandDims(a, axis, { stream: s })), { axis, stream: s });
}

/** Splits into equal sections (a number, which must divide the axis) or at the given indices. */
export function split(x: ArrayLike, indicesOrSections: number | readonly number[], opts: AxisOption = {}): MxArray[] {
  const a = asArray("split", x);
  const s = streamOf("split", opts);
  if (a.ndim === 0) fail("split", "Cannot split an array with shape ().");
  const axis = normalizeAxis("split", opts.axis ?? 0, a.ndim);
  const n = a.shape[axis]!;
  let bounds: number[];
  if (typeof indicesOrSections === "number") {
    const k = indicesOrSections;
    if (!Number.isInteger(k) || k <= 0) fail("split", `Number of sections must be a positive integer, got ${k}.`);
    if (n % k !== 0) fail("split", `Array split does not result in sections of equal size: axis ${axis} of shape ${fmtShape(a.shape)} into ${k} sections.`);
    bounds = Array.from({ length: k - 1 }, (_, i) => ((i + 1) * n) / k);
  } else if (Array.isArray(indicesOrSections)) {
    for (const v of indicesOrSections) if (!Number.isInteger(v)) fail("split", `Split indices must be integers, got ${String(v)}.`);
    bounds = [...indicesOrSections];
  } else fail("split", `Expected a number of sections or a list of indices, got ${String(indicesOrSections)}.`);
  const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
  const edges = [0, ...bounds.map(clamp), n];
  const st = stridesOf(a.shape);
  const out: MxArray[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const start = edges[i]!;
    const len = Math.max(0, edges[i + 1]! - start);
    const shape = [...a.shape];
    shape[axis] = len;
    const p: AsStridedParams = { strides: st, offset: len > 0 ? start * st[axis]! : 0 };
    out.push(record("asStrided", [a], p, shape, a.dtype, s));
  }
  return out;
}

/** Options of pad. */
export interface PadOptions extends StreamOptions {
  mode?: "constant";
  constantValues?: number | boolean;
}

/** Pads with a constant: padWidth is n, [before, after], or one [before, after] pair per axis. */
export function pad(x: ArrayLike, padWidth: number | readonly number[] | readonly (readonly number[])[], opts: PadOptions = {}): MxArray {
  const a = asArray("pad", x);
  const s = streamOf("pad", opts);
  if ((opts.mode ?? "constant") !== "constant") fail("pad", `Only mode "constant" is supported, got "${String(opts.mode)}".`);
  const nd = a.ndim;
  let pairs: number[][];
  const bad = () => fail("pad", `padWidth must be n, [before, after] or ${nd} pairs [[before, after], ...], got ${JSON.stringify(padWidth)}.`);
  if (typeof padWidth === "number") pairs = Array.from({ length: nd }, () => [padWidth, padWidth]);
  else if (!Array.isArray(padWidth)) bad();
  else if (padWidth.every((v) => typeof v === "number")) {
    const f = padWidth as number[];
    if (f.length === 0 && nd === 0) pairs = [];
    else if (f.length === 1) pairs = Array.from({ length: nd }, () => [f[0]!, f[0]!]);
    else if (f.length === 2) pairs = Array.from({ length: nd }, () => [f[0]!, f[1]!]);
    else bad();
  } else {
    const pw = padWidth as number[][];
    if (!pw.every((p) => Array.isArray(p) && (p.length === 2 || p.length === 1))) bad();
    const norm = pw.map((p) => (p.length === 1 ? [p[0]!, p[0]!] : [p[0]!, p[1]!]));
    if (norm.length === 1) pairs = Array.from({ length: nd }, () => norm[0]!);
    else if (norm.length === nd) pairs = norm;
    else bad();
  }
  for (const p of pairs!) for (const v of p) if (!Number.isInteger(v) || v < 0) fail("pad", `Pad widths must be non-negative integers, got ${JSON.stringify(padWidth)}.`);
  const outShape = a.shape.map((d, i) => d + pairs![i]![0]! + pairs![i]![1]!);
  const cv = opts.constantValues ?? 0;
  const value = a.dtype.name === "bool" ? (cv ? 1 : 0) : a.dtype.isFloat ? Number(cv) : Math.trunc(Number(cv));
  const base = record("full", [], { value } satisfies FullParams, outShape, a.dtype, s);
  const os = stridesOf(outShape);
  const offset = pairs!.reduce((acc, p, i) => acc + p[0]! * os[i]!, 0);
  const p: SliceUpdateParams = { offset, strides: os, shape: a.shape };
  return record("sliceUpdate", [base, a], p, outShape, a.dtype, s);
}

/** Repeats each element `repeats` times along `axis` (the flattened array when axis is omitted). */
export function repeat(x: ArrayLike, repeats: number, opts: AxisOption = {}): MxArray {
  let a = asArray("repeat", x);
  const s = streamOf("repeat", opts);
  if (!Number.isInteger(repeats) || repeats < 0) fail("repeat", `repeats must be a non-negative integer, got ${String(repeats)}.`);
  let axis: number;
  if (opts.axis === undefined || opts.axis === null) {
    a = reshape(a, [a.size], { stream: s });
    axis = 0;
  } else {
    if (a.ndim === 0) fail("repeat", `Axis ${opts.axis} is out of bounds for array of dimension 0.`);
    axis = normalizeAxis("repeat", opts.axis, a.ndim);
  }
  const st = stridesOf(a.shape);
  const shape = [...a.shape.slice(0, axis + 1), repeats, ...a.shape.slice(axis + 1)];
  const strides = [...st.slice(0, axis + 1), 0, ...st.slice(axis + 1)];
  const wide = record("asStrided", [a], { strides, offset: 0 } satisfies AsStridedParams, shape, a.dtype, s);
  const out = [...a.shape];
  out[axis] = a.shape[axis]! * repeats;
  return record("reshape", [wide], undefined, out, a.dtype, s);
}

/** Repeats the whole array `reps` times along each axis (NumPy tile). */
export function tile(x: ArrayLike, reps: number | readonly number[], opts: StreamOptions = {}): MxArray {
  const a = asArray("tile", x);
  const s = streamOf("tile", opts);
  const r = typeof reps === "number" ? [reps] : Array.isArray(reps) ? [...reps] : fail("tile", `reps must be a number or a list, got ${String(reps)}.`);
  for (const v of r) if (!Number.isInteger(v) || v < 0) fail("tile", `reps must be non-negative integers, got ${JSON.stringify(reps)}.`);
  const nd = Math.max(a.ndim, r.length);
  const shp = [...new Array<number>(nd - a.ndim).fill(1), ...a.shape];
  const rr = [...new Array<number>(nd - r.length).fill(1), ...r];
  const st = stridesOf(shp);
  const shape = shp.flatMap((d, i) => [rr[i]!, d]);
  const strides = st.flatMap((v) => [0, v]);
  const wide = record("asStrided", [a], { strides, offset: 0 } satisfies AsStridedParams, shape, a.dtype, s);
  return record("reshape", [wide], undefined, shp.map((d, i) => d * rr[i]!), a.dtype, s);
}

/** Moves axes `source` to positions `destination` (numbers or equal-length lists). */
export function moveaxis(x: ArrayLike, source: number | readonly number[], destination: number | readonly number[], opts: StreamOptions = {}): MxArray {
  const a = asArray("moveaxis", x);
  const src = (typeof source === "number" ? [source] : [...source]).map((v) => normalizeAxis("moveaxis", v, a.ndim));
  const dst = (typeof destination === "number" ? [destination] : [...destination]).map((v) => normalizeAxis("moveaxis", v, a.ndim));
  if (src.length !== dst.length) fail("moveaxis", `source and destination must have the same number of axes, got ${src.length} and ${dst.length}.`);
  if (new Set(src).size !== src.length || new Set(dst).size !== dst.length) fail("moveaxis", "Repeated axis in source or destination.");
  const rest = Array.from({ length: a.ndim }, (_, i) => i).filter((i) => !src.includes(i));
  const perm = new Array<number>(a.ndim);
  dst.forEach((d, k) => (perm[d] = src[k]!));
  let j = 0;
  for (let i = 0; i < a.ndim; i++) if (perm[i] === undefined) perm[i] = rest[j++]!;
  return transpose(a, perm, opts);
}

/** Swaps two axes. */
export function swapaxes(x: ArrayLike, axis1: number, axis2: number, opts: StreamOptions = {}): MxArray {
  const a = asArray("swapaxes", x);
  const i = normalizeAxis("swapaxes", axis1, a.ndim);
  const j = normalizeAxis("swapaxes", axis2, a.ndim);
  const perm = Array.from({ length: a.ndim }, (_, k) => (k === i ? j : k === j ? i : k));
  return transpose(a, perm, opts);
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
    /** Same as mx.squeeze(x, axis). */
    squeeze(axis?: number | readonly number[] | null, opts?: StreamOptions): MxArray;
    /** Same as mx.expandDims(x, axis). */
    expandDims(axis: number | readonly number[], opts?: StreamOptions): MxArray;
    /** Same as mx.flatten(x, opts). */
    flatten(opts?: FlattenOptions): MxArray;
    /** Same as mx.split(x, indicesOrSections, opts). */
    split(indicesOrSections: number | readonly number[], opts?: AxisOption): MxArray[];
    /** Same as mx.moveaxis(x, source, destination). */
    moveaxis(source: number | readonly number[], destination: number | readonly number[], opts?: StreamOptions): MxArray;
    /** Same as mx.swapaxes(x, axis1, axis2). */
    swapaxes(axis1: number, axis2: number, opts?: StreamOptions): MxArray;
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
MxArray.prototype.squeeze = function (axis, opts) {
  return squeeze(this, axis, opts);
};
MxArray.prototype.expandDims = function (axis, opts) {
  return expandDims(this, axis, opts);
};
MxArray.prototype.flatten = function (opts) {
  return flatten(this, opts);
};
MxArray.prototype.split = function (indicesOrSections, opts) {
  return split(this, indicesOrSections, opts);
};
MxArray.prototype.moveaxis = function (source, destination, opts) {
  return moveaxis(this, source, destination, opts);
};
MxArray.prototype.swapaxes = function (axis1, axis2, opts) {
  return swapaxes(this, axis1, axis2, opts);
};

/**
 * Reductions: sum, prod, max, min, argmax, argmin, all, any (primitives) and mean, var, std,
 * logsumexp (composed from primitives and elementwise ops).
 * Axes may be passed positionally (`mx.sum(x, 1)`, `mx.sum(x, [0, 2])`) or as an option
 * (`mx.sum(x, { axis: 1, keepdims: true })`); no axis reduces over every axis.
 */
import { MxArray } from "../core/array.ts";
import { float32, uint32 } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { normalizeAxes, normalizeAxis } from "../core/shape.ts";
import type { ReducePrim } from "../primitives/names.ts";
import { reduceDtype, reduceShape, type ReduceParams } from "../primitives/reduce.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";
import { astype, reshape } from "./shape.ts";
import { add, divide, multiply, subtract, where } from "./binary.ts";
import { exp, isinf, log, sqrt } from "./unary.ts";

/** Options of the reductions. */
export interface ReduceOptions extends StreamOptions {
  /** The axis or axes to reduce (negative counts from the end); all axes when omitted. */
  axis?: number | readonly number[] | null;
  /** Keep the reduced axes as size-1 dimensions. */
  keepdims?: boolean;
}

/** Options of var/std: `ddof` is the delta degrees of freedom (divide by N - ddof). */
export interface VarOptions extends ReduceOptions {
  ddof?: number;
}

/** Options of argmax/argmin: one axis (the flattened array when omitted). */
export interface ArgReduceOptions extends StreamOptions {
  axis?: number | null;
  keepdims?: boolean;
}

type AxisArg = number | readonly number[] | null | undefined;

/** Merges a positional axis argument with the options object. */
function parseOpts<O extends ReduceOptions>(op: string, axisOrOpts: AxisArg | O, opts: O | undefined): O {
  if (axisOrOpts === undefined || axisOrOpts === null) return (opts ?? {}) as O;
  if (typeof axisOrOpts === "number" || Array.isArray(axisOrOpts)) return { ...(opts ?? {}), axis: axisOrOpts } as O;
  if (typeof axisOrOpts !== "object") fail(op, `Expected an axis, a list of axes or an options object, got ${String(axisOrOpts)}.`);
  return { ...(opts ?? {}), ...(axisOrOpts as O) };
}

/** Product of the dimensions of `shape` at `axes`. */
function reducedSize(shape: readonly number[], axes: readonly number[]): number {
  return axes.reduce((p, a) => p * shape[a]!, 1);
}

function reduceOp(prim: ReducePrim, x: ArrayLike, axisOrOpts: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  const o = parseOpts(prim, axisOrOpts, opts);
  const a = asArray(prim, x);
  const axes = normalizeAxes(prim, o.axis, a.ndim);
  const keepdims = o.keepdims ?? false;
  const s = streamOf(prim, o);
  if ((prim === "max" || prim === "min") && reducedSize(a.shape, axes) === 0) {
    fail(prim, `Cannot ${prim} reduce zero size array (shape ${fmtShape(a.shape)}, axes [${axes.join(", ")}]).`);
  }
  const dtype = reduceDtype(prim, a.dtype);
  if (axes.length === 0) return dtype === a.dtype ? record("reshape", [a], undefined, a.shape, dtype, s) : astype(a, dtype, o);
  const params: ReduceParams = { axes, keepdims };
  return record(prim, [a], params, reduceShape(a.shape, axes, keepdims), dtype, s);
}

/** Sum over the given axes (bool -> int32, uint8 -> uint32; float32 sums are blocked/accurate). */
export function sum(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  return reduceOp("sum", x, axis, opts);
}

/** Product over the given axes (bool -> int32, uint8 -> uint32). */
export function prod(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  return reduceOp("prod", x, axis, opts);
}

/** Maximum over the given axes (NaN propagates; an empty axis is an error). */
export function max(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  return reduceOp("max", x, axis, opts);
}

/** Minimum over the given axes (NaN propagates; an empty axis is an error). */
export function min(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  return reduceOp("min", x, axis, opts);
}

/** True where every element over the given axes is non-zero (true for an empty axis). */
export function all(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  return reduceOp("all", x, axis, opts);
}

/** True where some element over the given axes is non-zero (false for an empty axis). */
export function any(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  return reduceOp("any", x, axis, opts);
}

function argReduce(prim: "argmax" | "argmin", x: ArrayLike, axisOrOpts: number | null | undefined | ArgReduceOptions, opts?: ArgReduceOptions): MxArray {
  if (Array.isArray(axisOrOpts)) fail(prim, `Expected a single axis, got [${axisOrOpts.join(", ")}].`);
  const o = parseOpts(prim, axisOrOpts as AxisArg | ReduceOptions, opts as ReduceOptions) as ArgReduceOptions;
  if (Array.isArray(o.axis)) fail(prim, `Expected a single axis, got [${(o.axis as number[]).join(", ")}].`);
  const a = asArray(prim, x);
  const keepdims = o.keepdims ?? false;
  const s = streamOf(prim, o);
  if (o.axis === undefined || o.axis === null) {
    if (a.size === 0) fail(prim, `Cannot ${prim} reduce zero size array (shape ${fmtShape(a.shape)}).`);
    const flat = a.ndim === 1 ? a : reshape(a, [a.size], o);
    const r = record(prim, [flat], { axes: [0], keepdims: false } satisfies ReduceParams, [], uint32, s);
    return keepdims ? reshape(r, new Array<number>(a.ndim).fill(1), o) : r;
  }
  const ax = normalizeAxis(prim, o.axis, a.ndim);
  if (a.shape[ax] === 0) fail(prim, `Cannot ${prim} reduce zero size array (shape ${fmtShape(a.shape)}, axis ${o.axis}).`);
  return record(prim, [a], { axes: [ax], keepdims } satisfies ReduceParams, reduceShape(a.shape, [ax], keepdims), uint32, s);
}

/** Index of the maximum along `axis` (of the flattened array when omitted); uint32, first on ties, NaN wins. */
export function argmax(x: ArrayLike, axis?: number | null | ArgReduceOptions, opts?: ArgReduceOptions): MxArray {
  return argReduce("argmax", x, axis, opts);
}

/** Index of the minimum along `axis` (of the flattened array when omitted); uint32, first on ties, NaN wins. */
export function argmin(x: ArrayLike, axis?: number | null | ArgReduceOptions, opts?: ArgReduceOptions): MxArray {
  return argReduce("argmin", x, axis, opts);
}

// ---- composed reductions ----

/** Input as float32 (integer and bool inputs of mean/var/std/logsumexp give float32). */
function asFloat(op: string, x: ArrayLike, o: StreamOptions): MxArray {
  const a = asArray(op, x);
  return a.dtype === float32 ? a : astype(a, float32, o);
}

/** Arithmetic mean over the given axes (float32; NaN for an empty axis). */
export function mean(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  const o = parseOpts("mean", axis, opts);
  const a = asFloat("mean", x, o);
  const n = reducedSize(a.shape, normalizeAxes("mean", o.axis, a.ndim));
  return divide(sum(a, o), n, o);
}

/** Variance over the given axes: mean((x - mean(x))^2) * N / (N - ddof). */
function variance(x: ArrayLike, axis?: AxisArg | VarOptions, opts?: VarOptions): MxArray {
  const o = parseOpts("var", axis, opts);
  const a = asFloat("var", x, o);
  const axes = normalizeAxes("var", o.axis, a.ndim);
  const ddof = o.ddof ?? 0;
  if (!Number.isInteger(ddof) || ddof < 0) fail("var", `ddof must be a non-negative integer, got ${String(o.ddof)}.`);
  const n = reducedSize(a.shape, axes);
  const d = subtract(a, mean(a, { axis: axes, keepdims: true, stream: o.stream }), o);
  const sq = sum(multiply(d, d, o), { axis: axes, keepdims: o.keepdims, stream: o.stream });
  return divide(sq, Math.max(n - ddof, 0), o);
}
export { variance as var };

/** Standard deviation over the given axes: sqrt(var(x, { ddof })). */
export function std(x: ArrayLike, axis?: AxisArg | VarOptions, opts?: VarOptions): MxArray {
  const o = parseOpts("std", axis, opts);
  return sqrt(variance(x, o), o);
}

/** log(sum(exp(x))) over the given axes, computed stably (subtracting the max; -inf and +inf rows handled). */
export function logsumexp(x: ArrayLike, axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray {
  const o = parseOpts("logsumexp", axis, opts);
  const a = asFloat("logsumexp", x, o);
  const axes = normalizeAxes("logsumexp", o.axis, a.ndim);
  if (a.size === 0 || axes.length === 0) {
    // nothing to shift: log(sum(exp(x))) directly (an empty axis gives -inf)
    return log(sum(exp(a, o), { axis: axes, keepdims: o.keepdims, stream: o.stream }), o);
  }
  const m = max(a, { axis: axes, keepdims: true, stream: o.stream });
  // a row of -inf (or one holding +inf) would make x - m NaN: shift by 0 there instead
  const shift = where(isinf(m, o), 0, m, o);
  const s = sum(exp(subtract(a, shift, o), o), { axis: axes, keepdims: true, stream: o.stream });
  const r = add(log(s, o), shift, o);
  return o.keepdims ? r : reshape(r, reduceShape(a.shape, axes, false), o);
}

// ---- methods on MxArray ----
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.sum(x, ...). */
    sum(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.mean(x, ...). */
    mean(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.prod(x, ...). */
    prod(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.max(x, ...). */
    max(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.min(x, ...). */
    min(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.var(x, ...). */
    var(axis?: AxisArg | VarOptions, opts?: VarOptions): MxArray;
    /** Same as mx.std(x, ...). */
    std(axis?: AxisArg | VarOptions, opts?: VarOptions): MxArray;
    /** Same as mx.argmax(x, ...). */
    argmax(axis?: number | null | ArgReduceOptions, opts?: ArgReduceOptions): MxArray;
    /** Same as mx.argmin(x, ...). */
    argmin(axis?: number | null | ArgReduceOptions, opts?: ArgReduceOptions): MxArray;
    /** Same as mx.logsumexp(x, ...). */
    logsumexp(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.all(x, ...). */
    all(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
    /** Same as mx.any(x, ...). */
    any(axis?: AxisArg | ReduceOptions, opts?: ReduceOptions): MxArray;
  }
}
MxArray.prototype.sum = function (axis, opts) {
  return sum(this, axis, opts);
};
MxArray.prototype.mean = function (axis, opts) {
  return mean(this, axis, opts);
};
MxArray.prototype.prod = function (axis, opts) {
  return prod(this, axis, opts);
};
MxArray.prototype.max = function (axis, opts) {
  return max(this, axis, opts);
};
MxArray.prototype.min = function (axis, opts) {
  return min(this, axis, opts);
};
MxArray.prototype.var = function (axis, opts) {
  return variance(this, axis, opts);
};
MxArray.prototype.std = function (axis, opts) {
  return std(this, axis, opts);
};
MxArray.prototype.argmax = function (axis, opts) {
  return argmax(this, axis, opts);
};
MxArray.prototype.argmin = function (axis, opts) {
  return argmin(this, axis, opts);
};
MxArray.prototype.logsumexp = function (axis, opts) {
  return logsumexp(this, axis, opts);
};
MxArray.prototype.all = function (axis, opts) {
  return all(this, axis, opts);
};
MxArray.prototype.any = function (axis, opts) {
  return any(this, axis, opts);
};

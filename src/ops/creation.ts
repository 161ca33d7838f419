/** Array creation: array, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike. */
import { MxArray } from "../core/array.ts";
import { DType, bool, float32, int32 } from "../core/dtype.ts";
import { fail } from "../core/errors.ts";
import { checkShape } from "../core/shape.ts";
import type { ArangeParams, AsStridedParams, FullParams } from "../primitives/copy.ts";
import { asArray, fromJs, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";
import { astype } from "./shape.ts";

export interface DTypeOptions extends StreamOptions {
  dtype?: DType;
}

/** Makes an array from a JS value (number, boolean, nested array, TypedArray) or copies an MxArray. */
export function array(x: ArrayLike, dtype?: DType | { dtype?: DType; shape?: number[] }): MxArray {
  const opts = dtype instanceof DType || dtype === undefined ? { dtype, shape: undefined } : dtype;
  if (x instanceof MxArray) return astype(x, opts.dtype ?? x.dtype, { copy: true });
  return fromJs("array", x, opts.dtype, opts.shape ? checkShape("array", opts.shape) : undefined);
}

function shapeArg(op: string, shape: number | readonly number[]): number[] {
  return checkShape(op, typeof shape === "number" ? [shape] : (shape as number[]));
}

/** An array of `shape` filled with `value` (float32 for numbers, bool for booleans, unless `dtype`). */
export function full(shape: number | readonly number[], value: number | boolean | MxArray, opts: DTypeOptions = {}): MxArray {
  return fill("full", shape, value, opts);
}

function fill(op: string, shape: number | readonly number[], value: number | boolean | MxArray, opts: DTypeOptions): MxArray {
  const sh = shapeArg(op, shape);
  const s = streamOf(op, opts);
  if (value instanceof MxArray) {
    fail(op, "Use mx.broadcastTo to fill from an array; full takes a number or boolean value.");
  }
  const dt = opts.dtype ?? (typeof value === "boolean" ? bool : float32);
  const p: FullParams = { value: dt === bool ? (value ? 1 : 0) : Number(value) };
  return record("full", [], p, sh, dt, s);
}

/** An array of zeros (float32 unless `dtype`). */
export function zeros(shape: number | readonly number[], opts: DTypeOptions = {}): MxArray {
  return fill("zeros", shape, 0, { ...opts, dtype: opts.dtype ?? float32 });
}

/** An array of ones (float32 unless `dtype`). */
export function ones(shape: number | readonly number[], opts: DTypeOptions = {}): MxArray {
  return fill("ones", shape, 1, { ...opts, dtype: opts.dtype ?? float32 });
}

/** Zeros with the shape and dtype of `x`. */
export function zerosLike(x: ArrayLike, opts: StreamOptions = {}): MxArray {
  const a = asArray("zerosLike", x);
  return fill("zerosLike", a.shape, 0, { ...opts, dtype: a.dtype });
}

/** Ones with the shape and dtype of `x`. */
export function onesLike(x: ArrayLike, opts: StreamOptions = {}): MxArray {
  const a = asArray("onesLike", x);
  return fill("onesLike", a.shape, 1, { ...opts, dtype: a.dtype });
}

/**
 * Evenly spaced values in [start, stop) (NumPy/MLX `arange`): `arange(stop)`,
 * `arange(start, stop)`, `arange(start, stop, step)`; int32 when all arguments are integers.
 */
export function arange(a: number, b?: number | DTypeOptions, c?: number | DTypeOptions, d?: DTypeOptions): MxArray {
  const nums: number[] = [];
  let opts: DTypeOptions = {};
  for (const v of [a, b, c, d]) {
    if (typeof v === "number") nums.push(v);
    else if (v !== undefined) opts = v;
  }
  let start = 0;
  let stop: number;
  let step = 1;
  if (nums.length === 1) stop = nums[0]!;
  else if (nums.length === 2) [start, stop] = nums as [number, number];
  else if (nums.length === 3) [start, stop, step] = nums as [number, number, number];
  else fail("arange", "Expected arange(stop), arange(start, stop) or arange(start, stop, step).");
  for (const v of [start, stop, step]) if (!Number.isFinite(v)) fail("arange", `Arguments must be finite, got ${v}.`);
  if (step === 0) fail("arange", "Cannot compute length with step = 0.");
  const dt = opts.dtype ?? (nums.every(Number.isInteger) ? int32 : float32);
  if (dt === bool) fail("arange", "Bool type unsupported for arange.");
  const n = Math.max(0, Math.ceil((stop - start) / step));
  if (n > 2 ** 31 - 1) fail("arange", `Maximum size exceeded (${n} elements).`);
  const p: ArangeParams = { start, step };
  return record("arange", [], p, [n], dt, streamOf("arange", opts));
}

/** `num` evenly spaced values from start to stop inclusive (float32 unless `dtype`). */
export function linspace(start: number, stop: number, num = 50, opts: DTypeOptions = {}): MxArray {
  if (!Number.isInteger(num) || num < 0) fail("linspace", `num must be a non-negative integer, got ${num}.`);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  const s = streamOf("linspace", opts);
  const x = record("arange", [], { start, step } satisfies ArangeParams, [num], float32, s);
  return opts.dtype && opts.dtype !== float32 ? astype(x, opts.dtype, opts) : x;
}

export interface EyeOptions extends DTypeOptions {
  k?: number;
}

/** An n x m matrix with ones on diagonal k (float32 unless `dtype`). */
export function eye(n: number, m?: number | EyeOptions, opts: EyeOptions = {}): MxArray {
  if (typeof m === "object") {
    opts = m;
    m = undefined;
  }
  const cols = m ?? n;
  const k = opts.k ?? 0;
  for (const [name, v] of [["n", n], ["m", cols], ["k", k]] as const) {
    if (!Number.isInteger(v) || (name !== "k" && v < 0)) fail("eye", `${name} must be a ${name === "k" ? "" : "non-negative "}integer, got ${v}.`);
  }
  const s = streamOf("eye", opts);
  const dt = opts.dtype ?? float32;
  if (n === 0 || cols === 0) return fill("eye", [n, cols], 0, { ...opts, dtype: dt });
  // out[i, j] = v[n-1 - i + j] with v a vector holding a single one at n-1+k: a strided view
  // (row stride -1) of an (n+m-1)-element leaf, so eye needs only copy-family kernels.
  const v = new dt.ArrayType(n + cols - 1);
  const at = n - 1 + k;
  if (at >= 0 && at < v.length) v[at] = 1;
  const leaf = fromJs("eye", v, dt);
  return record("asStrided", [leaf], { strides: [-1, 1], offset: n - 1 } satisfies AsStridedParams, [n, cols], dt, s);
}

/** Helpers every op uses: turning inputs into arrays, dtype promotion, recording nodes. */
import { MxArray } from "../core/array.ts";
import { Device, Stream, resolveStream } from "../core/device.ts";
import {
  bool, float32, int32, promoteTypes, promoteWithScalar, dtypeOfScalar, dtypeOfTypedArray, type DType,
} from "../core/dtype.ts";
import { KilnError, fail } from "../core/errors.ts";
import { Node, leafFromBytes } from "../core/node.ts";
import type { PrimitiveName } from "../primitives/names.ts";

/** The `stream` option every op takes. */
export interface StreamOptions {
  stream?: Stream | Device | null;
}

/** Anything an op accepts as an array argument. */
export type ArrayLike = MxArray | number | boolean | NestedArray | ArrayBufferView;
export type NestedArray = readonly (number | boolean | NestedArray)[];

/** Records a node for `prim` and returns a fresh handle on it. */
export function record(
  prim: PrimitiveName,
  inputs: readonly MxArray[],
  params: unknown,
  shape: number[],
  dtype: DType,
  stream: Stream,
): MxArray {
  return new MxArray(new Node(shape, dtype, prim, inputs.map((a) => a._node), params, stream));
}

/** Infers the shape of a nested JS array, checking it is rectangular. */
function nestedShape(op: string, x: NestedArray): number[] {
  const shape: number[] = [];
  let cur: unknown = x;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  const check = (v: unknown, d: number) => {
    if (d === shape.length) {
      if (Array.isArray(v)) fail(op, `Initialization list is not rectangular (found nested list at depth ${d}).`);
      if (typeof v !== "number" && typeof v !== "boolean") {
        fail(op, `Invalid element ${String(v)} (of type ${typeof v}); expected numbers or booleans.`);
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      fail(op, `Initialization list is not rectangular: expected ${shape[d]} elements at depth ${d}.`);
    }
    for (const e of v) check(e, d + 1);
  };
  check(x, 0);
  return shape;
}

/** Creates a leaf array from JS data, copying it into WASM memory. */
export function fromJs(op: string, x: ArrayLike, dtype?: DType, shape?: number[]): MxArray {
  if (x instanceof MxArray) fail(op, "internal: fromJs called with an MxArray");
  if (typeof x === "number" || typeof x === "boolean") {
    const dt = dtype ?? dtypeOfScalar(x);
    const buf = new dt.ArrayType(1);
    buf[0] = dt === bool ? (x ? 1 : 0) : Number(x); // bools are stored as 0/1
    return new MxArray(leafFromBytes([], dt, buf));
  }
  if (ArrayBuffer.isView(x)) {
    const src = x as unknown as { length: number; constructor: unknown } & ArrayBufferView;
    const srcDt = dtypeOfTypedArray(x);
    if (!srcDt) fail(op, `Unsupported TypedArray ${x.constructor.name}.`);
    const dt = dtype ?? srcDt;
    const n = (src as unknown as { length: number }).length;
    const sh = shape ?? [n];
    let total = 1;
    for (const d of sh) total *= d;
    if (total !== n) fail(op, `Cannot make an array of shape (${sh.join(",")}) from ${n} elements.`);
    const isSame = src.constructor === dt.ArrayType && !(dt === bool);
    let buf: ArrayBufferView = src;
    if (!isSame) {
      const conv = new dt.ArrayType(n);
      const from = src as unknown as { [i: number]: number };
      for (let i = 0; i < n; i++) conv[i] = dt === bool ? (from[i] ? 1 : 0) : from[i]!;
      buf = conv;
    }
    return new MxArray(leafFromBytes(sh, dt, buf));
  }
  if (!Array.isArray(x)) fail(op, `Cannot make an array from ${String(x)} (of type ${typeof x}).`);
  let sh = nestedShape(op, x);
  if (shape) {
    const n = sh.reduce((p, d) => p * d, 1);
    if (shape.reduce((p, d) => p * d, 1) !== n) fail(op, `Cannot make an array of shape (${shape.join(",")}) from ${n} elements.`);
    sh = shape;
  }
  const flat = (x as unknown[]).flat(Infinity) as (number | boolean)[];
  let dt = dtype;
  if (!dt) {
    // an empty list is float32 as in MLX; all-boolean is bool; any fractional number is float32
    if (flat.length === 0) dt = float32;
    else dt = flat.every((v) => typeof v === "boolean") ? bool : int32;
    if (dt === int32) for (const v of flat) if (typeof v === "number" && !Number.isInteger(v)) { dt = float32; break; }
  }
  const buf = new dt.ArrayType(flat.length);
  for (let i = 0; i < flat.length; i++) buf[i] = dt === bool ? (flat[i] ? 1 : 0) : Number(flat[i]);
  return new MxArray(leafFromBytes(sh, dt, buf));
}

/** Any accepted input as an MxArray (JS values become leaves of their natural dtype or `dtype`). */
export function asArray(op: string, x: ArrayLike, dtype?: DType): MxArray {
  if (x instanceof MxArray) return x;
  if (x === undefined || x === null) fail(op, `Expected an array, got ${String(x)}.`);
  return fromJs(op, x, dtype);
}

/**
 * Converts the operands of an elementwise op, promoting dtypes as MLX does: arrays promote
 * with each other; JS numbers are weak (they take the array's dtype unless fractional).
 */
export function promoteOperands(op: string, ...xs: ArrayLike[]): { arrays: MxArray[]; dtype: DType } {
  const isScalar = (x: ArrayLike): x is number | boolean => typeof x === "number" || typeof x === "boolean";
  const strong = xs.map((x) => (isScalar(x) ? null : asArray(op, x)));
  let dtype: DType | null = null;
  for (const a of strong) if (a) dtype = dtype ? promoteTypes(dtype, a.dtype) : a.dtype;
  for (const x of xs) {
    if (!isScalar(x)) continue;
    dtype = dtype ? promoteWithScalar(dtype, x) : dtypeOfScalar(x);
  }
  const dt = dtype ?? float32;
  const arrays = xs.map((x, i) => strong[i] ?? fromJs(op, x, dt));
  return { arrays, dtype: dt };
}

/** Resolves the stream option of an op. */
export function streamOf(op: string, opts?: StreamOptions): Stream {
  return resolveStream(op, opts?.stream);
}

/** Throws unless `x` is an integer. */
export function checkInt(op: string, name: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isInteger(x)) fail(op, `${name} must be an integer, got ${String(x)}.`);
  return x;
}

export { KilnError };

/**
 * Elementwise binary ops with NumPy broadcasting: add, subtract, multiply, divide, power,
 * maximum, minimum, floorDivide, remainder, logaddexp, the comparisons, logicalAnd/logicalOr,
 * and the ternary where, plus clip (composed). Operands promote as in MLX (JS numbers are weak
 * scalars: uint8 + 1 stays uint8, int32 + 0.5 is float32).
 * - divide and logaddexp of integers are float32 (true division).
 * - floorDivide/remainder follow Python signs (the remainder has the divisor's sign); integer
 *   division by zero gives 0 instead of trapping (NumPy's result, without the warning).
 * - power of integers stays integer and wraps; a negative exponent gives trunc(a^b): 1 for
 *   a = 1, ±1 for a = -1, 0 otherwise (NumPy raises instead).
 * - maximum/minimum propagate NaN. Comparisons and logical ops give bool.
 * - bool operands: add/maximum are logical or, multiply/minimum logical and; subtract is an
 *   error; divide/logaddexp give float32; power/floorDivide/remainder compute in int32.
 */
import { MxArray } from "../core/array.ts";
import { bool } from "../core/dtype.ts";
import { fail } from "../core/errors.ts";
import { broadcastShapes } from "../core/shape.ts";
import type { BinaryPrim } from "../primitives/names.ts";
import { binaryOperandDtype, binaryOutputDtype } from "../primitives/binary.ts";
import { asArray, promoteOperands, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";
import { astype } from "./shape.ts";

function binaryOp(prim: BinaryPrim, x: ArrayLike, y: ArrayLike, opts: StreamOptions | undefined): MxArray {
  const s = streamOf(prim, opts);
  const { arrays, dtype } = promoteOperands(prim, x, y);
  const [a0, b0] = arrays as [MxArray, MxArray];
  const shape = broadcastShapes(prim, a0.shape, b0.shape);
  const dt = binaryOperandDtype(prim, dtype);
  if (dt === null) {
    fail(prim, `Not supported for operands of dtype ${dtype.name}; use mx.notEqual for a logical xor.`);
  }
  const a = a0.dtype === dt ? a0 : astype(a0, dt, { stream: s });
  const b = b0.dtype === dt ? b0 : astype(b0, dt, { stream: s });
  return record(prim, [a, b], undefined, shape, binaryOutputDtype(prim, dt), s);
}

/** Elementwise a + b. */
export function add(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("add", a, b, opts);
}
/** Elementwise a - b. */
export function subtract(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("subtract", a, b, opts);
}
/** Elementwise a * b. */
export function multiply(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("multiply", a, b, opts);
}
/** Elementwise true division a / b (float32 for integer operands). */
export function divide(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("divide", a, b, opts);
}
/** Elementwise a ** b (integers stay integers). */
export function power(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("power", a, b, opts);
}
/** Elementwise maximum (NaN if either is NaN). */
export function maximum(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("maximum", a, b, opts);
}
/** Elementwise minimum (NaN if either is NaN). */
export function minimum(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("minimum", a, b, opts);
}
/** Elementwise floor(a / b) (Python's //; integer division by zero gives 0). */
export function floorDivide(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("floorDivide", a, b, opts);
}
/** Elementwise a mod b with the sign of b (Python's %; integer remainder by zero gives 0). */
export function remainder(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("remainder", a, b, opts);
}
/** Elementwise log(exp(a) + exp(b)), computed stably. */
export function logaddexp(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("logaddexp", a, b, opts);
}
/** Elementwise a == b (bool). */
export function equal(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("equal", a, b, opts);
}
/** Elementwise a != b (bool). */
export function notEqual(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("notEqual", a, b, opts);
}
/** Elementwise a < b (bool). */
export function less(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("less", a, b, opts);
}
/** Elementwise a <= b (bool). */
export function lessEqual(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("lessEqual", a, b, opts);
}
/** Elementwise a > b (bool). */
export function greater(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("greater", a, b, opts);
}
/** Elementwise a >= b (bool). */
export function greaterEqual(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("greaterEqual", a, b, opts);
}
/** Elementwise logical and of the truth values of a and b (bool). */
export function logicalAnd(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("logicalAnd", a, b, opts);
}
/** Elementwise logical or of the truth values of a and b (bool). */
export function logicalOr(a: ArrayLike, b: ArrayLike, opts?: StreamOptions): MxArray {
  return binaryOp("logicalOr", a, b, opts);
}

/** Picks x where cond is true, else y, broadcasting all three (x and y promote together). */
export function where(cond: ArrayLike, x: ArrayLike, y: ArrayLike, opts?: StreamOptions): MxArray {
  const s = streamOf("where", opts);
  const c0 = asArray("where", cond);
  const { arrays, dtype } = promoteOperands("where", x, y);
  const [a0, b0] = arrays as [MxArray, MxArray];
  const shape = broadcastShapes("where", c0.shape, a0.shape, b0.shape);
  const c = c0.dtype === bool ? c0 : astype(c0, bool, { stream: s });
  const a = a0.dtype === dtype ? a0 : astype(a0, dtype, { stream: s });
  const b = b0.dtype === dtype ? b0 : astype(b0, dtype, { stream: s });
  return record("where", [c, a, b], undefined, shape, dtype, s);
}

/** Limits values to [min, max]; either bound may be null (not both). */
export function clip(
  x: ArrayLike,
  min: ArrayLike | null | undefined,
  max: ArrayLike | null | undefined,
  opts?: StreamOptions,
): MxArray {
  const hasMin = min !== null && min !== undefined;
  const hasMax = max !== null && max !== undefined;
  if (!hasMin && !hasMax) fail("clip", "At most one of min and max may be null.");
  const s = { stream: streamOf("clip", opts) };
  let r = asArray("clip", x);
  if (hasMin) r = maximum(r, min, s);
  if (hasMax) r = minimum(r, max, s);
  return r;
}

// ---- methods on MxArray ----
type BinaryMethod = (other: ArrayLike, opts?: StreamOptions) => MxArray;
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.add(x, other). */
    add: BinaryMethod;
    /** Same as mx.subtract(x, other). */
    subtract: BinaryMethod;
    /** Same as mx.subtract(x, other). */
    sub: BinaryMethod;
    /** Same as mx.multiply(x, other). */
    multiply: BinaryMethod;
    /** Same as mx.multiply(x, other). */
    mul: BinaryMethod;
    /** Same as mx.divide(x, other). */
    divide: BinaryMethod;
    /** Same as mx.divide(x, other). */
    div: BinaryMethod;
    /** Same as mx.power(x, other). */
    power: BinaryMethod;
    /** Same as mx.power(x, other). */
    pow: BinaryMethod;
    /** Same as mx.maximum(x, other). */
    maximum: BinaryMethod;
    /** Same as mx.minimum(x, other). */
    minimum: BinaryMethod;
    /** Same as mx.floorDivide(x, other). */
    floorDivide: BinaryMethod;
    /** Same as mx.remainder(x, other). */
    remainder: BinaryMethod;
    /** Same as mx.remainder(x, other). */
    mod: BinaryMethod;
    /** Same as mx.logaddexp(x, other). */
    logaddexp: BinaryMethod;
    /** Same as mx.equal(x, other). */
    equal: BinaryMethod;
    /** Same as mx.equal(x, other). */
    eq: BinaryMethod;
    /** Same as mx.notEqual(x, other). */
    notEqual: BinaryMethod;
    /** Same as mx.notEqual(x, other). */
    ne: BinaryMethod;
    /** Same as mx.less(x, other). */
    less: BinaryMethod;
    /** Same as mx.less(x, other). */
    lt: BinaryMethod;
    /** Same as mx.lessEqual(x, other). */
    lessEqual: BinaryMethod;
    /** Same as mx.lessEqual(x, other). */
    le: BinaryMethod;
    /** Same as mx.greater(x, other). */
    greater: BinaryMethod;
    /** Same as mx.greater(x, other). */
    gt: BinaryMethod;
    /** Same as mx.greaterEqual(x, other). */
    greaterEqual: BinaryMethod;
    /** Same as mx.greaterEqual(x, other). */
    ge: BinaryMethod;
    /** Same as mx.logicalAnd(x, other). */
    logicalAnd: BinaryMethod;
    /** Same as mx.logicalOr(x, other). */
    logicalOr: BinaryMethod;
    /** Same as mx.clip(x, min, max). */
    clip(min: ArrayLike | null | undefined, max: ArrayLike | null | undefined, opts?: StreamOptions): MxArray;
  }
}

const METHODS: Record<string, (a: ArrayLike, b: ArrayLike, opts?: StreamOptions) => MxArray> = {
  add, subtract, sub: subtract, multiply, mul: multiply, divide, div: divide, power, pow: power,
  maximum, minimum, floorDivide, remainder, mod: remainder, logaddexp, equal, eq: equal,
  notEqual, ne: notEqual, less, lt: less, lessEqual, le: lessEqual, greater, gt: greater,
  greaterEqual, ge: greaterEqual, logicalAnd, logicalOr,
};
for (const [name, fn] of Object.entries(METHODS)) {
  Object.defineProperty(MxArray.prototype, name, {
    value: function (this: MxArray, other: ArrayLike, opts?: StreamOptions) {
      return fn(this, other, opts);
    },
    writable: true,
    configurable: true,
  });
}
MxArray.prototype.clip = function (min, max, opts) {
  return clip(this, min, max, opts);
};

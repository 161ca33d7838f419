/**
 * Elementwise unary ops: abs, negative, sign, sqrt, rsqrt, square, reciprocal, exp, expm1, log,
 * log1p, log2, sin, cos, tan, tanh, sigmoid, erf, erfinv, floor, ceil, round, logicalNot,
 * isnan, isinf, isfinite. Float-only math on integer or bool inputs computes in float32 (MLX);
 * abs/negative/sign/square keep integer dtypes; predicates give bool.
 */
import { MxArray } from "../core/array.ts";
import { bool, float32 } from "../core/dtype.ts";
import { fail } from "../core/errors.ts";
import type { UnaryPrim } from "../primitives/names.ts";
import { unaryInputDtype, unaryOutputDtype } from "../primitives/unary.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";
import { astype } from "./shape.ts";
import { divide, less, multiply } from "./binary.ts";

function unaryOp(prim: UnaryPrim, x: ArrayLike, opts: StreamOptions | undefined): MxArray {
  const a = asArray(prim, x);
  const s = streamOf(prim, opts);
  if (prim === "negative" && a.dtype === bool) {
    fail("negative", "The negative of a bool array (dtype bool) is not supported; use mx.logicalNot.");
  }
  const inDt = unaryInputDtype(prim, a.dtype);
  const inp = inDt === a.dtype ? a : astype(a, inDt, { stream: s });
  return record(prim, [inp], undefined, inp.shape, unaryOutputDtype(prim, inDt), s);
}

/** Elementwise absolute value. */
export function abs(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("abs", x, opts);
}
/** Elementwise negation (-x); not defined for bool. */
export function negative(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("negative", x, opts);
}
/** Elementwise sign: -1, 0 or 1 (NaN stays NaN). */
export function sign(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("sign", x, opts);
}
/** Elementwise square root. */
export function sqrt(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("sqrt", x, opts);
}
/** Elementwise reciprocal square root 1/sqrt(x). */
export function rsqrt(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("rsqrt", x, opts);
}
/** Elementwise x*x. */
export function square(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("square", x, opts);
}
/** Elementwise 1/x. */
export function reciprocal(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("reciprocal", x, opts);
}
/** Elementwise e^x. */
export function exp(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("exp", x, opts);
}
/** Elementwise e^x - 1, accurate near 0. */
export function expm1(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("expm1", x, opts);
}
/** Elementwise natural logarithm. */
export function log(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("log", x, opts);
}
/** Elementwise log(1 + x), accurate near 0. */
export function log1p(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("log1p", x, opts);
}
/** Elementwise base-2 logarithm. */
export function log2(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("log2", x, opts);
}
/** Elementwise sine. */
export function sin(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("sin", x, opts);
}
/** Elementwise cosine. */
export function cos(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("cos", x, opts);
}
/** Elementwise tangent. */
export function tan(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("tan", x, opts);
}
/** Elementwise hyperbolic tangent. */
export function tanh(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("tanh", x, opts);
}
/** Elementwise logistic sigmoid 1/(1+e^-x). */
export function sigmoid(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("sigmoid", x, opts);
}
/** Elementwise error function. */
export function erf(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("erf", x, opts);
}
/** Elementwise inverse error function (NaN outside [-1, 1], ±inf at ±1). */
export function erfinv(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("erfinv", x, opts);
}
/** Elementwise floor (identity on integers). */
export function floor(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("floor", x, opts);
}
/** Elementwise ceiling (identity on integers). */
export function ceil(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("ceil", x, opts);
}

/**
 * Rounds to `decimals` places, halves to even (NumPy/MLX): `round(x)`, `round(x, 2)`,
 * `round(x, { stream })`. Non-zero decimals scale by 10^decimals, round, and scale back.
 */
export function round(x: ArrayLike, decimals?: number | StreamOptions, opts?: StreamOptions): MxArray {
  if (typeof decimals === "object" && decimals !== null) {
    opts = decimals;
    decimals = undefined;
  }
  const d = decimals ?? 0;
  if (!Number.isInteger(d)) fail("round", `decimals must be an integer, got ${String(d)}.`);
  if (d === 0) return unaryOp("round", x, opts);
  const a = asArray("round", x);
  const s = { stream: streamOf("round", opts) };
  if (!a.dtype.isFloat) {
    if (d > 0) return unaryOp("round", a, s);
    // negative decimals on integers: round in float32 and cast back (NumPy keeps the dtype)
    const f = round(astype(a, float32, s), d, s);
    return astype(f, a.dtype, s);
  }
  const scale = 10 ** d;
  return divide(unaryOp("round", multiply(a, scale, s), s), scale, s);
}

/** Elementwise logical not (true where x is 0); bool result. */
export function logicalNot(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("logicalNot", x, opts);
}
/** True where x is NaN (always false for integers). */
export function isnan(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("isnan", x, opts);
}
/** True where x is +inf or -inf (always false for integers). */
export function isinf(x: ArrayLike, opts?: StreamOptions): MxArray {
  return unaryOp("isinf", x, opts);
}
/** True where x is neither NaN nor infinite (always true for integers). */
export function isfinite(x: ArrayLike, opts?: StreamOptions): MxArray {
  const a = asArray("isfinite", x);
  const s = { stream: streamOf("isfinite", opts) };
  if (!a.dtype.isFloat) return logicalNot(isnan(a, s), s);
  // |x| < inf is false for NaN and ±inf
  return less(abs(a, s), Infinity, s);
}

// ---- methods on MxArray ----
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.abs(x). */
    abs(opts?: StreamOptions): MxArray;
    /** Same as mx.negative(x). */
    negative(opts?: StreamOptions): MxArray;
    /** Same as mx.negative(x). */
    neg(opts?: StreamOptions): MxArray;
    /** Same as mx.sign(x). */
    sign(opts?: StreamOptions): MxArray;
    /** Same as mx.sqrt(x). */
    sqrt(opts?: StreamOptions): MxArray;
    /** Same as mx.rsqrt(x). */
    rsqrt(opts?: StreamOptions): MxArray;
    /** Same as mx.square(x). */
    square(opts?: StreamOptions): MxArray;
    /** Same as mx.reciprocal(x). */
    reciprocal(opts?: StreamOptions): MxArray;
    /** Same as mx.exp(x). */
    exp(opts?: StreamOptions): MxArray;
    /** Same as mx.expm1(x). */
    expm1(opts?: StreamOptions): MxArray;
    /** Same as mx.log(x). */
    log(opts?: StreamOptions): MxArray;
    /** Same as mx.log1p(x). */
    log1p(opts?: StreamOptions): MxArray;
    /** Same as mx.log2(x). */
    log2(opts?: StreamOptions): MxArray;
    /** Same as mx.sin(x). */
    sin(opts?: StreamOptions): MxArray;
    /** Same as mx.cos(x). */
    cos(opts?: StreamOptions): MxArray;
    /** Same as mx.tan(x). */
    tan(opts?: StreamOptions): MxArray;
    /** Same as mx.tanh(x). */
    tanh(opts?: StreamOptions): MxArray;
    /** Same as mx.sigmoid(x). */
    sigmoid(opts?: StreamOptions): MxArray;
    /** Same as mx.erf(x). */
    erf(opts?: StreamOptions): MxArray;
    /** Same as mx.erfinv(x). */
    erfinv(opts?: StreamOptions): MxArray;
    /** Same as mx.floor(x). */
    floor(opts?: StreamOptions): MxArray;
    /** Same as mx.ceil(x). */
    ceil(opts?: StreamOptions): MxArray;
    /** Same as mx.round(x, decimals). */
    round(decimals?: number | StreamOptions, opts?: StreamOptions): MxArray;
    /** Same as mx.logicalNot(x). */
    logicalNot(opts?: StreamOptions): MxArray;
    /** Same as mx.isnan(x). */
    isnan(opts?: StreamOptions): MxArray;
    /** Same as mx.isinf(x). */
    isinf(opts?: StreamOptions): MxArray;
    /** Same as mx.isfinite(x). */
    isfinite(opts?: StreamOptions): MxArray;
  }
}

const METHODS: Record<string, (x: MxArray, opts?: StreamOptions) => MxArray> = {
  abs, negative, neg: negative, sign, sqrt, rsqrt, square, reciprocal, exp, expm1, log, log1p,
  log2, sin, cos, tan, tanh, sigmoid, erf, erfinv, floor, ceil, logicalNot, isnan, isinf, isfinite,
};
for (const [name, fn] of Object.entries(METHODS)) {
  Object.defineProperty(MxArray.prototype, name, {
    value: function (this: MxArray, opts?: StreamOptions) {
      return fn(this, opts);
    },
    writable: true,
    configurable: true,
  });
}
MxArray.prototype.round = function (decimals, opts) {
  return round(this, decimals, opts);
};

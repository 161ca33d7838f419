/**
 * Unary-family primitives (elementwise maps): dtype rules. Every unary primitive keeps its
 * input's shape and takes no params.
 * - Float-only math (exp, log, sin, sqrt, ...) computes in float32: integer and bool inputs are
 *   cast to float32 first (MLX).
 * - abs/negative/sign/square keep integer dtypes (wrapping like NumPy); floor/ceil/round are
 *   the identity on integers and bool.
 * - logicalNot/isnan/isinf give bool.
 */
import { bool, float32, type DType } from "../core/dtype.ts";
import type { UnaryPrim } from "./names.ts";

/** Primitives that only exist for float inputs (others are cast to float32 first). */
export const FLOAT_ONLY_UNARY: ReadonlySet<UnaryPrim> = new Set<UnaryPrim>([
  "sqrt", "rsqrt", "reciprocal", "exp", "expm1", "log", "log1p", "log2", "sin", "cos", "tan",
  "tanh", "sigmoid", "erf", "erfinv",
]);

/** Primitives whose result is bool. */
export const PREDICATE_UNARY: ReadonlySet<UnaryPrim> = new Set<UnaryPrim>(["logicalNot", "isnan", "isinf"]);

/** The dtype the kernel reads for `prim` applied to an array of dtype `dt`. */
export function unaryInputDtype(prim: UnaryPrim, dt: DType): DType {
  return FLOAT_ONLY_UNARY.has(prim) && !dt.isFloat ? float32 : dt;
}

/** The dtype of `prim` applied to an input of (kernel) dtype `dt`. */
export function unaryOutputDtype(prim: UnaryPrim, dt: DType): DType {
  return PREDICATE_UNARY.has(prim) ? bool : dt;
}

/**
 * Binary-family primitives (elementwise with NumPy broadcasting, plus the ternary `where`):
 * dtype rules. Both operands of a binary primitive have the same dtype (the op promotes them);
 * the output has the broadcast shape of the inputs. No params.
 * - divide and logaddexp compute in float32 (integer and bool operands are cast: true division).
 * - power, floorDivide, remainder of two bools compute in int32; subtract of bools is an error
 *   (NumPy); add/maximum of bools is logical or, multiply/minimum logical and (MLX).
 * - Comparisons and logicalAnd/logicalOr give bool (logical ops cast operands to bool).
 * - where(cond, x, y): cond is bool, x and y share the output dtype.
 */
import { bool, float32, int32, type DType } from "../core/dtype.ts";
import type { BinaryPrim } from "./names.ts";

/** Comparison primitives (result bool, operands of any equal dtype). */
export const COMPARISON: ReadonlySet<BinaryPrim> = new Set<BinaryPrim>([
  "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual",
]);

/** Logical primitives (operands cast to bool, result bool). */
export const LOGICAL: ReadonlySet<BinaryPrim> = new Set<BinaryPrim>(["logicalAnd", "logicalOr"]);

/** The dtype both operands are cast to for `prim`, given their promoted dtype; null if unsupported. */
export function binaryOperandDtype(prim: BinaryPrim, dt: DType): DType | null {
  if (LOGICAL.has(prim)) return bool;
  if (COMPARISON.has(prim) || prim === "where") return dt;
  if (prim === "divide" || prim === "logaddexp") return dt.isFloat ? dt : float32;
  if (dt === bool) {
    if (prim === "subtract") return null;
    if (prim === "power" || prim === "floorDivide" || prim === "remainder") return int32;
  }
  return dt;
}

/** The output dtype of `prim` on operands of (kernel) dtype `dt`. */
export function binaryOutputDtype(prim: BinaryPrim, dt: DType): DType {
  return COMPARISON.has(prim) || LOGICAL.has(prim) ? bool : dt;
}

/** Reduce-family primitives (sum, prod, max, min, argmax, argmin, all, any): parameters, shape and dtype rules. */
import { bool, int32, uint32, type DType } from "../core/dtype.ts";
import type { Shape } from "../core/shape.ts";
import type { ReducePrim } from "./names.ts";

/**
 * Parameters of every reduce primitive: the reduced axes (normalised, sorted, unique) and
 * whether they stay as size-1 dimensions in the output. argmax/argmin reduce exactly one axis.
 * all/any read a bool input (the op casts other dtypes first).
 */
export interface ReduceParams {
  axes: number[];
  keepdims: boolean;
}

/** Output shape of reducing `shape` over `axes`. */
export function reduceShape(shape: Shape, axes: readonly number[], keepdims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!axes.includes(i)) out.push(shape[i]!);
    else if (keepdims) out.push(1);
  }
  return out;
}

/**
 * Output dtype of a reduce primitive (MLX): sum/prod widen bool to int32 and uint8 to uint32,
 * max/min keep the dtype, argmax/argmin give uint32, all/any give bool.
 */
export function reduceDtype(prim: ReducePrim, dtype: DType): DType {
  switch (prim) {
    case "sum":
    case "prod":
      if (dtype === bool) return int32;
      if (dtype.size === 1) return uint32;
      return dtype;
    case "argmax":
    case "argmin":
      return uint32;
    case "all":
    case "any":
      return bool;
    default:
      return dtype;
  }
}

/**
 * Indexing-family primitives: parameters and shape rules.
 * gather/scatter implement NumPy advanced indexing over a strided view of x: they iterate an
 * "update" shape U whose dims are either plain (sliced) dims of x or dims of the broadcast
 * index shape B. takeAlongAxis/putAlongAxis work on x viewed as [pre, n, post].
 */
import type { Shape } from "../core/shape.ts";

/**
 * gather: inputs [x, ...indices] (each index int32/uint32, contiguous, of the broadcast shape B).
 * out[u] = x[offset + sum(u_d*srcStrides_d) + sum_j wrap(idx_j[sum(u_d*bStrides_d)])*axisStrides_j].
 */
export interface GatherParams {
  /** The op to name in an out-of-range error ("get", "take", ...). */
  op: string;
  offset: number;
  /** Element strides into x for plain dims of U (0 for index dims). */
  srcStrides: number[];
  /** Strides into the contiguous index arrays for the index dims of U (0 for plain dims). */
  bStrides: number[];
  /** x's element stride and size along the axis each index array selects. */
  axisStrides: number[];
  axisSizes: number[];
  /** Which x axis each index array indexes (for error messages). */
  axes: number[];
}

/** scatter: inputs [x, value, ...indices]; a copy of x with the gather positions (U = `shape`) set to value. */
export interface ScatterParams extends GatherParams {
  shape: number[];
  /** Strides of value broadcast to U. */
  valStrides: number[];
}

/** sliceUpdate: inputs [x, value]; a copy of x whose strided region (offset, strides, shape) gets value broadcast. */
export interface SliceUpdateParams {
  offset: number;
  strides: number[];
  shape: number[];
}

/** takeAlongAxis: inputs [x as [pre,n,post], indices as [pre,m,post]]; putAlongAxis adds values [pre,m,post]. */
export interface AlongAxisParams {
  op: string;
  axis: number;
  pre: number;
  n: number;
  m: number;
  post: number;
}

/** Shape of x with dimension `axis` replaced by `m`. */
export function alongAxisShape(shape: Shape, axis: number, m: number): number[] {
  const out = [...shape];
  out[axis] = m;
  return out;
}

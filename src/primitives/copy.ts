/** Copy-family primitives: parameters and shape rules. */
import type { Shape } from "../core/shape.ts";

/** asStrided: out[i0..] = in[offset + sum(i_k * strides[k])]; strides in elements, may be 0 or negative. */
export interface AsStridedParams {
  strides: number[];
  offset: number;
}
/** full: every element is `value` (already converted to the node's dtype). */
export interface FullParams {
  value: number;
}
/** arange: out[i] = start + i*step. */
export interface ArangeParams {
  start: number;
  step: number;
}
/** concatenate along `axis` (normalised). */
export interface ConcatenateParams {
  axis: number;
}

/** Output shape of concatenating `shapes` along `axis` (shapes already checked). */
export function concatenateShape(shapes: Shape[], axis: number): number[] {
  const out = [...shapes[0]!];
  out[axis] = shapes.reduce((s, sh) => s + sh[axis]!, 0);
  return out;
}

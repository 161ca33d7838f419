/**
 * Sort-family primitives: parameters and shape rules.
 *
 * sort: values sorted ascending along `axis` (float32 NaN last, as NumPy); same shape and dtype.
 * argsort: the stable permutation (uint32 indices, as MLX) that sorts along `axis`; same shape.
 * Neither has a gradient through the indices; the vjp of sort scatters the cotangent back
 * through argsort (to be added with the transforms).
 */
import type { Shape } from "../core/shape.ts";

/** sort / argsort along `axis` (normalised, 0 <= axis < ndim). */
export interface SortParams {
  axis: number;
}

/** Output shape of sort/argsort: the input's shape. */
export function sortShape(x: Shape): number[] {
  return [...x];
}

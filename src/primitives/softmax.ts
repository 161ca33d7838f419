/**
 * Softmax-family primitives: parameters and shape rules.
 *
 * softmax: float32 softmax over the LAST axis of its input (the op moves other axes there
 * with transposes); same shape as the input. Gradient (with the transforms):
 * dx = y * (dy - sum(dy * y, last axis, keepdims)).
 */
import type { Shape } from "../core/shape.ts";

/** Output shape of softmax: the input's shape. */
export function softmaxShape(x: Shape): number[] {
  return [...x];
}

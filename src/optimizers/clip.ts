/** clipGradNorm: rescales a gradient tree so that its global L2 norm is at most maxNorm. */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";

/** Returns [the clipped gradients, the original global norm] (MLX's clip_grad_norm). */
export function clipGradNorm<T>(grads: T, maxNorm: number): [T, MxArray] {
  const leaves = mx.tree.leaves(grads);
  let sq: MxArray = mx.array(0, mx.float32);
  for (const g of leaves) sq = mx.add(sq, mx.sum(mx.square(g)));
  const total = mx.sqrt(sq);
  const normalizer = mx.divide(maxNorm, mx.add(total, 1e-6));
  const keep = mx.less(total, maxNorm);
  const clipped = mx.tree.map((g: unknown) => (g instanceof mx.MxArray ? mx.where(keep, g, mx.multiply(g, normalizer)) : g), grads) as T;
  return [clipped, total];
}

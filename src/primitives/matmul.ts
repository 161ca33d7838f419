/**
 * Matmul-family primitives: parameters and shape rules.
 *
 * matmul: out[b, i, j] = sum_k A_b[i, k] * B_b[k, j] in float32. Operand bytes are read in place:
 * A's node holds [...batchA, M, K] (or [...batchA, K, M] with transA), B's [...batchB, K, N]
 * (or [...batchB, N, K] with transB). The batch index walks `batchShape` (the broadcast,
 * collapsed batch dimensions) with per-operand element strides (0 for a broadcast dimension),
 * so a broadcast operand is never materialised. The output node's shape is the user-facing
 * one (1-D operands already squeezed); its bytes are [...batch, M, N] row-major.
 * Gradients (with the transforms): dA = dC @ B^T, dB = A^T @ dC, summed over broadcast batch dims.
 */
import { broadcastShapes, collapseDims, type Shape } from "../core/shape.ts";

/** Geometry of one matmul node. */
export interface MatmulParams {
  M: number;
  N: number;
  K: number;
  /** A is stored as [K, M] per batch (a transpose read in place). */
  transA: boolean;
  /** B is stored as [N, K] per batch. */
  transB: boolean;
  /** Collapsed batch dimensions of the output (may be empty). */
  batchShape: number[];
  /** Element strides of A and B along batchShape (0 where broadcast). */
  aBatchStrides: number[];
  bBatchStrides: number[];
}

/** Broadcast batch shape and the collapsed batch geometry of `batchA` x `batchB`. */
export function matmulBatch(
  batchA: Shape,
  batchB: Shape,
  matA: number,
  matB: number,
): { batch: number[]; collapsed: number[]; aStrides: number[]; bStrides: number[] } {
  const batch = broadcastShapes("matmul", batchA, batchB);
  const strides = (inShape: Shape, mat: number): number[] => {
    const s = new Array<number>(batch.length).fill(0);
    let acc = mat;
    for (let i = inShape.length - 1; i >= 0; i--) {
      const o = batch.length - inShape.length + i;
      s[o] = inShape[i] === 1 ? 0 : acc;
      acc *= inShape[i]!;
    }
    return s;
  };
  const c = collapseDims(batch, [strides(batchA, matA), strides(batchB, matB)]);
  return { batch, collapsed: c.shape, aStrides: c.strides[0]!, bStrides: c.strides[1]! };
}

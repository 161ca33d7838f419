/**
 * CPU kernels of the matmul family (asm/matmul.ts).
 * Layout: float32 row-major operands, read in place (transposes via the transA/transB flags).
 * Tiling: the cache-blocked GEMM in asm/shared/matmul_gemm.ts; this glue allocates its packing
 * buffer (a Storage, released after) and walks the broadcast batch with per-operand strides.
 * Limits: float32 only; one WASM call per matrix of the batch.
 */
import type { MatmulPrim } from "../../primitives/names.ts";
import type { MatmulParams } from "../../primitives/matmul.ts";
import type { Node } from "../../core/node.ts";
import { Storage } from "../../core/memory.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { wasm } from "./wasm.ts";

function matmul(node: Node): void {
  const [a, b] = node.inputs as [Node, Node];
  const p = node.params as MatmulParams;
  const out = node.allocate();
  if (node.size === 0) return;
  const { M, N, K, transA, transB, batchShape, aBatchStrides, bBatchStrides } = p;
  const k = wasm("matmul");
  const work = new Storage(k.matmul_work_floats(M, N, K) * 4);
  try {
    const lda = transA ? M : K;
    const ldb = transB ? K : N;
    const nb = batchShape.length;
    const count = batchShape.reduce((x, y) => x * y, 1);
    const idx = new Array<number>(nb).fill(0);
    let offA = 0;
    let offB = 0;
    const pa = ptrOf(a);
    const pb = ptrOf(b);
    for (let t = 0; t < count; t++) {
      k.matmul_f32(pa + offA * 4, lda, transA ? 1 : 0, pb + offB * 4, ldb, transB ? 1 : 0, out.ptr + t * M * N * 4, N, M, N, K, work.ptr);
      for (let d = nb - 1; d >= 0; d--) {
        if (++idx[d]! < batchShape[d]!) {
          offA += aBatchStrides[d]!;
          offB += bBatchStrides[d]!;
          break;
        }
        idx[d] = 0;
        offA -= (batchShape[d]! - 1) * aBatchStrides[d]!;
        offB -= (batchShape[d]! - 1) * bBatchStrides[d]!;
      }
    }
  } finally {
    work.release();
  }
}

export const matmulKernels: { readonly [P in MatmulPrim]: CpuKernel } = { matmul };

/**
 * GPU kernel of the matmul family (shaders/matmul.wgsl): batched float32 matmul, operands
 * read in place (transposed forms and broadcast batch strides as on the CPU), one workgroup
 * per 64x64 output tile with 4x4 register blocks.
 */
import type { MatmulPrim } from "../../primitives/names.ts";
import type { MatmulParams } from "../../primitives/matmul.ts";
import { KilnError } from "../../core/errors.ts";
import { SHADERS } from "./shaders.generated.ts";
import type { GpuKernel } from "./kernel.ts";

const TILE = 64;

const matmul: GpuKernel = (node) => {
  const [a, b] = node.inputs;
  const p = node.params as MatmulParams;
  if (a!.dtype.name !== "float32" || b!.dtype.name !== "float32") {
    throw new KilnError("matmul", `internal: expected float32 operands, got ${a!.dtype.name} and ${b!.dtype.name}`);
  }
  if (node.size === 0) return { dispatches: [] };
  const batches = p.batchShape.reduce((x, y) => x * y, 1);
  const tilesM = Math.ceil(p.M / TILE);
  const tilesN = Math.ceil(p.N / TILE);
  const nb = p.batchShape.length;
  const desc = Uint32Array.from([p.M, p.N, p.K, p.transA ? 1 : 0, p.transB ? 1 : 0, tilesM, tilesN, batches, nb, ...p.batchShape, ...p.aBatchStrides, ...p.bBatchStrides]);
  return {
    dispatches: [
      {
        key: "matmul.tiled64",
        source: () => SHADERS["matmul"]!,
        inputs: [a!, b!],
        desc,
        n: node.size,
        outBytes: 4,
        workgroups: batches * tilesM * tilesN,
      },
    ],
  };
};

export const matmulGpuKernels: { readonly [P in MatmulPrim]: GpuKernel } = { matmul };

/**
 * GPU kernel of the softmax family (shaders/softmax.wgsl): float32 softmax over the
 * contiguous last axis, one group of TPI threads per row (TPI = 256 for rows longer than
 * 512, down to 4 for short rows so a workgroup holds up to 64 rows), each sweep a
 * shared-memory tree reduction. Semantics of src/backend/cpu/softmax.ts.
 */
import type { SoftmaxPrim } from "../../primitives/names.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import { SHADERS } from "./shaders.generated.ts";
import type { GpuKernel, GpuPlan } from "./kernel.ts";

/** Threads per row: the smallest of 4, 16, 64, 256 giving at most 8 elements per thread. */
function threadsFor(n: number): number {
  let t = 4;
  while (t < 256 && n > 8 * t) t *= 4;
  return t;
}

const softmax: GpuKernel = (node: Node): GpuPlan => {
  const x = node.inputs[0]!;
  if (x.dtype.name !== "float32") throw new KilnError("softmax", `internal: expected a float32 input, got ${x.dtype.name}`);
  if (node.size === 0) return { dispatches: [] };
  const n = node.shape.length === 0 ? 1 : node.shape[node.shape.length - 1]!;
  const rows = node.size / n;
  const tpi = threadsFor(n);
  const groups = 256 / tpi;
  return {
    dispatches: [
      {
        key: "softmax.f32",
        source: () => SHADERS["common"]! + "\n" + SHADERS["softmax"]!,
        inputs: [x],
        desc: Uint32Array.from([rows, n, Math.log2(tpi)]),
        n: node.size,
        outBytes: 4,
        workgroups: Math.ceil(rows / groups),
      },
    ],
  };
};

export const softmaxGpuKernels: { readonly [P in SoftmaxPrim]: GpuKernel } = { softmax };

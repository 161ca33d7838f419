/**
 * CPU kernels of the softmax family (asm/softmax.ts).
 * Layout: float32, softmax over contiguous rows of the last axis (size/last rows).
 * Tiling: one pass of three f32x4 sweeps per row (max, exp+sum, scale); no work buffer.
 * Limits: float32 only (the op promotes other dtypes).
 */
import type { SoftmaxPrim } from "../../primitives/names.ts";
import type { Node } from "../../core/node.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { wasm } from "./wasm.ts";

function softmax(node: Node): void {
  const x = node.inputs[0]!;
  const out = node.allocate();
  const size = node.size;
  if (size === 0) return;
  const n = node.shape.length === 0 ? 1 : node.shape[node.shape.length - 1]!;
  wasm("softmax").softmax_f32(ptrOf(x), out.ptr, size / n, n);
}

export const softmaxKernels: { readonly [P in SoftmaxPrim]: CpuKernel } = { softmax };

/**
 * CPU kernels of the sort family (asm/sort.ts): sort and stable argsort along one axis.
 * Layout: the contiguous input is viewed as [outer, n, inner] around the sorted axis, so no
 * transpose is needed; each row is radix-sorted on 32-bit order-preserving keys.
 * Scratch: a temporary 16*n-byte buffer per call (keys and indices, double-buffered).
 */
import type { SortPrim } from "../../primitives/names.ts";
import type { SortParams } from "../../primitives/sort.ts";
import type { Node } from "../../core/node.ts";
import { Storage } from "../../core/memory.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { wasm } from "./wasm.ts";

const SHORT: Record<string, string> = { float32: "f32", int32: "i32", uint32: "u32", uint8: "u8", bool: "u8" };

function run(node: Node, arg: number): void {
  const x = node.inputs[0]!;
  const { axis } = node.params as SortParams;
  const shape = x.shape;
  const n = shape[axis]!;
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  let inner = 1;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  if (x.size === 0) {
    node.allocate();
    return;
  }
  const tmp = new Storage(16 * n);
  try {
    const out = node.allocate();
    wasm("sort")[`sort_${SHORT[x.dtype.name]!}`](ptrOf(x), out.ptr, outer, n, inner, tmp.ptr, arg);
  } finally {
    tmp.release();
  }
}

export const sortKernels: { readonly [P in SortPrim]: CpuKernel } = {
  sort: (node) => run(node, 0),
  argsort: (node) => run(node, 1),
};

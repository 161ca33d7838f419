/**
 * CPU kernels of the random family (asm/random.ts): Threefry-2x32 random bits.
 * Layout: the key is 2 uint32 words; the output is `node.size` uint32 words (or bytes for
 * width 1) in the counter layout documented in asm/random.ts. Limits: fewer than 2^32 words.
 */
import type { RandomPrim } from "../../primitives/names.ts";
import type { RandomBitsParams } from "../../primitives/random.ts";
import type { Node } from "../../core/node.ts";
import { Storage } from "../../core/memory.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { wasm } from "./wasm.ts";

function randomBits(node: Node): void {
  const key = node.inputs[0]!;
  const { width } = node.params as RandomBitsParams;
  const n = node.size;
  if (width === 4) {
    const out = node.allocate();
    wasm("random").random_bits_u32(ptrOf(key), out.ptr, n);
    return;
  }
  // stage the word stream in a temporary buffer (allocated before `out` is written)
  const tmp = new Storage(Math.max(4, Math.ceil(n / 4) * 4));
  try {
    const out = node.allocate();
    wasm("random").random_bits_u8(ptrOf(key), out.ptr, n, tmp.ptr);
  } finally {
    tmp.release();
  }
}

export const randomKernels: { readonly [P in RandomPrim]: CpuKernel } = {
  randomBits,
};

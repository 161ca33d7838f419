/**
 * GPU kernels of the random family (shaders/random.wgsl): Threefry-2x32 bits in the common
 * elementwise skeleton, bit-identical to the CPU kernel for the same key (the key is input 0,
 * two uint32 words, read on the GPU so a key computed there never comes back to the host).
 */
import type { RandomPrim } from "../../primitives/names.ts";
import type { RandomBitsParams } from "../../primitives/random.ts";
import { descriptor, paramBase, single, type GpuKernel } from "./kernel.ts";

const randomBits: GpuKernel = (node) => {
  const key = node.inputs[0]!;
  const { width } = node.params as RandomBitsParams;
  const words = width === 4 ? node.size : Math.ceil(node.size / 4);
  const half = (words >>> 1) + (words & 1);
  const P = paramBase(0, 1);
  const desc = descriptor(node.size, width, [], [{ offset: 0, strides: [] }], [words, half]);
  const word = (w: string) => `random_word(ld0(0u), ld0(1u), D[${P}u], D[${P + 1}u], ${w})`;
  const body =
    width === 4
      ? `fn elem(e: u32) -> u32 { return ${word("e")}; }`
      : `fn elem(e: u32) -> u32 { return (${word("e >> 2u")} >> ((e & 3u) * 8u)) & 0xffu; }`;
  return single(node, `random.bits${width}`, "random", [key], body, desc);
};

export const randomGpuKernels: { readonly [P in RandomPrim]: GpuKernel } = { randomBits };

/** PLACEHOLDER: CPU kernels of the binary family (asm/binary.ts) — to be written. */
import type { BinaryPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const binaryKernels = {} as { readonly [P in BinaryPrim]: CpuKernel };

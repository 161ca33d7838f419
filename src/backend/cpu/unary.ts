/** PLACEHOLDER: CPU kernels of the unary family (asm/unary.ts) — to be written. */
import type { UnaryPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const unaryKernels = {} as { readonly [P in UnaryPrim]: CpuKernel };

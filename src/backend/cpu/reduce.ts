/** PLACEHOLDER: CPU kernels of the reduce family (asm/reduce.ts) — to be written. */
import type { ReducePrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const reduceKernels = {} as { readonly [P in ReducePrim]: CpuKernel };

/** PLACEHOLDER: CPU kernels of the sort family (asm/sort.ts) — to be written. */
import type { SortPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const sortKernels = {} as { readonly [P in SortPrim]: CpuKernel };

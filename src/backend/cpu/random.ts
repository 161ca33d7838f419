/** PLACEHOLDER: CPU kernels of the random family (asm/random.ts) — to be written. */
import type { RandomPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const randomKernels = {} as { readonly [P in RandomPrim]: CpuKernel };

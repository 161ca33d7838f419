/** PLACEHOLDER: CPU kernels of the conv family (asm/conv.ts) — to be written. */
import type { ConvPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const convKernels = {} as { readonly [P in ConvPrim]: CpuKernel };

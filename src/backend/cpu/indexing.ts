/** PLACEHOLDER: CPU kernels of the indexing family (asm/indexing.ts) — to be written. */
import type { IndexingPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const indexingKernels = {} as { readonly [P in IndexingPrim]: CpuKernel };

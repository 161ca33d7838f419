/** PLACEHOLDER: CPU kernels of the matmul family (asm/matmul.ts) — to be written. */
import type { MatmulPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const matmulKernels = {} as { readonly [P in MatmulPrim]: CpuKernel };

/** PLACEHOLDER: CPU kernels of the softmax family (asm/softmax.ts) — to be written. */
import type { SoftmaxPrim } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";

export const softmaxKernels = {} as { readonly [P in SoftmaxPrim]: CpuKernel };

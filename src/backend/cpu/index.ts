/** The CPU backend's kernel table: every primitive -> its AssemblyScript kernel. */
import type { PrimitiveName } from "../../primitives/names.ts";
import type { CpuKernel } from "./kernel.ts";
import { copyKernels } from "./copy.ts";
import { unaryKernels } from "./unary.ts";
import { binaryKernels } from "./binary.ts";
import { reduceKernels } from "./reduce.ts";
import { indexingKernels } from "./indexing.ts";
import { matmulKernels } from "./matmul.ts";
import { convKernels } from "./conv.ts";
import { softmaxKernels } from "./softmax.ts";
import { randomKernels } from "./random.ts";
import { sortKernels } from "./sort.ts";

export const cpuKernels: { readonly [P in PrimitiveName]: CpuKernel } = {
  ...copyKernels,
  ...unaryKernels,
  ...binaryKernels,
  ...reduceKernels,
  ...indexingKernels,
  ...matmulKernels,
  ...convKernels,
  ...softmaxKernels,
  ...randomKernels,
  ...sortKernels,
};

/**
 * The GPU backend's kernel table: primitive -> WGSL plan builder, one entry per primitive
 * (typed like the CPU table, so a primitive without a GPU kernel is a compile error).
 */
import type { PrimitiveName } from "../../primitives/names.ts";
import type { GpuKernel } from "./kernel.ts";
import { copyGpuKernels } from "./copy.ts";
import { unaryGpuKernels } from "./unary.ts";
import { binaryGpuKernels } from "./binary.ts";
import { reduceGpuKernels } from "./reduce.ts";
import { softmaxGpuKernels } from "./softmax.ts";
import { randomGpuKernels } from "./random.ts";
import { sortGpuKernels } from "./sort.ts";
import { indexingGpuKernels } from "./indexing.ts";
import { matmulGpuKernels } from "./matmul.ts";
import { convGpuKernels } from "./conv.ts";

export const gpuKernels: { readonly [P in PrimitiveName]: GpuKernel } = {
  ...copyGpuKernels,
  ...unaryGpuKernels,
  ...binaryGpuKernels,
  ...reduceGpuKernels,
  ...softmaxGpuKernels,
  ...randomGpuKernels,
  ...sortGpuKernels,
  ...indexingGpuKernels,
  ...matmulGpuKernels,
  ...convGpuKernels,
};

/** Kernel families with GPU kernels (every family; the test suites run each on both streams). */
export const GPU_FAMILIES: readonly string[] = ["copy", "unary", "binary", "reduce", "softmax", "random", "sort", "indexing", "matmul", "conv"];

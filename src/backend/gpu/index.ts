/**
 * The GPU backend's kernel table: primitive -> WGSL plan builder. Partial while the WebGPU
 * backend is being built: a primitive without an entry is refused when its node is recorded
 * on the GPU stream ("[op] has no GPU kernel yet"), never at evaluation. The finished table
 * is typed `{ [P in PrimitiveName]: GpuKernel }` like the CPU one.
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

export const gpuKernels: { readonly [P in PrimitiveName]?: GpuKernel } = {
  ...copyGpuKernels,
  ...unaryGpuKernels,
  ...binaryGpuKernels,
  ...reduceGpuKernels,
  ...softmaxGpuKernels,
  ...randomGpuKernels,
  ...sortGpuKernels,
  ...indexingGpuKernels,
};

/** Kernel families with a complete set of GPU kernels (tests run these suites on the GPU). */
export const GPU_FAMILIES: readonly string[] = ["copy", "unary", "binary", "reduce", "softmax", "random", "sort", "indexing"];

/**
 * kiln — an MLX-style array engine. This file is the public `mx` namespace (re-exports only,
 * plus start-up: it loads the runtime and the kernels before the first op).
 */
import { initRuntime } from "./runtime/index.ts";
import { registerBackend } from "./core/scheduler.ts";
import { cpuBackend } from "./backend/cpu/backend.ts";
import { heap, memoryStats } from "./core/memory.ts";
import { clearGpuCache } from "./backend/gpu/device.ts";

await initRuntime();
registerBackend("cpu", cpuBackend);

export { MxArray } from "./core/array.ts";
export { float32, int32, uint32, uint8, bool, DType, promoteTypes } from "./core/dtype.ts";
export { KilnError, DeviceError, MemoryError } from "./core/errors.ts";
export { cpu, gpu, Device, Stream, defaultDevice, setDefaultDevice, defaultStream, newStream, withStream } from "./core/device.ts";
export { evalArrays as eval, evalSync } from "./ops/eval.ts";
export { synchronize } from "./core/scheduler.ts";
export { array, zeros, ones, full, arange, linspace, eye, zerosLike, onesLike } from "./ops/creation.ts";
export * from "./ops/shape.ts";
export * from "./ops/unary.ts";
export * from "./ops/binary.ts";
export * from "./ops/reduce.ts";
export * from "./ops/indexing.ts";
export * from "./ops/linalg.ts";
export * from "./ops/conv.ts";
export * from "./ops/softmax.ts";
export * from "./ops/sort.ts";
export * as random from "./ops/random.ts";
export { grad, valueAndGrad, vjp, stopGradient, type GradOptions } from "./transforms/grad.ts";
export { jvp } from "./transforms/jvp.ts";
export { vmap, type VmapOptions } from "./transforms/vmap.ts";
export { customFunction, checkpoint, type CustomFunction } from "./transforms/custom.ts";
export * as tree from "./transforms/tree.ts";
export { save, load, savez, savezCompressed, saveSafetensors, type LoadOptions } from "./io/index.ts";
export * as io from "./io/index.ts";

/** Memory statistics and controls (`mx.memory.stats()`, `clearCache()`, `setLimit()`). */
export const memory = {
  /** Active, peak and cached bytes per device, and host<->GPU transfer counts. */
  stats: memoryStats,
  /** Returns cached buffers to the free pool. */
  clearCache: (): void => {
    heap.clearCache();
    clearGpuCache();
  },
  /** Sets the CPU memory limit in bytes; returns the previous limit. */
  setLimit: (bytes: number): number => {
    const prev = heap.limit;
    heap.limit = bytes;
    return prev;
  },
  /** Resets the peak counter. */
  resetPeak: (): void => {
    heap.peak = heap.active;
  },
};

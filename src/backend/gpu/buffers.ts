/**
 * GPU buffer pool: size-bucketed (the host heap's bucket sizes), like MLX's allocator. Freed
 * buffers wait in the cache for a request of the same bucket; `clearCache()` destroys them.
 * Keeps gpuCounters (active, peak, cache bytes). Every buffer is STORAGE | COPY_SRC | COPY_DST
 * and at least 16 bytes; a request above the device's max storage binding size is a
 * MemoryError naming both sizes.
 */
import { bucketSize, gpuCounters } from "../../core/memory.ts";
import { MemoryError } from "../../core/errors.ts";

const USAGE = 0x80 | 0x04 | 0x08; // STORAGE | COPY_SRC | COPY_DST

export class BufferPool {
  private cache = new Map<number, GPUBuffer[]>();
  constructor(private readonly device: GPUDevice) {}

  /** A buffer of at least `bytes` bytes. */
  alloc(bytes: number): GPUBuffer {
    const size = bucketSize(Math.max(bytes, 16));
    const max = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    if (size > max) {
      throw new MemoryError(
        "gpu",
        `An array of ${bytes} bytes exceeds the GPU's largest storage buffer (${max} bytes); run this op on the CPU stream.`,
      );
    }
    const list = this.cache.get(size);
    let buf = list?.pop();
    if (buf) gpuCounters.cache -= size;
    else buf = this.device.createBuffer({ size, usage: USAGE });
    gpuCounters.active += size;
    if (gpuCounters.active > gpuCounters.peak) gpuCounters.peak = gpuCounters.active;
    return buf;
  }

  /** Returns a buffer to the cache (it may be reused by later work: the queue runs in order). */
  release(buf: GPUBuffer): void {
    const size = buf.size;
    gpuCounters.active -= size;
    gpuCounters.cache += size;
    let list = this.cache.get(size);
    if (!list) this.cache.set(size, (list = []));
    list.push(buf);
  }

  /** Destroys every cached buffer. */
  clearCache(): void {
    for (const list of this.cache.values()) for (const b of list) b.destroy();
    this.cache.clear();
    gpuCounters.cache = 0;
  }
}

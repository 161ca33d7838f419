/**
 * The unified-memory layer's host side: an allocator over the one WebAssembly.Memory that all
 * CPU kernels share, with a size-bucketed reuse cache (like MLX's allocator), transfer counters,
 * and `Storage`, the refcounted buffer an array's bytes live in.
 *
 * Layout of the linear memory:
 *   [0, 64 KiB)            null page; [1 KiB, 64 KiB) is kernel scratch for small descriptors
 *   [k*64 KiB, (k+1)*64 KiB) static data of kernel family k (asc --memoryBase)
 *   [HEAP_BASE, ...)       array buffers, 16-byte aligned
 * Freed buffers go to the cache, keyed by bucket size; `clearCache()` moves them to a coalesced
 * free list that any size can reuse. The heap grows with `memory.grow` and never shrinks.
 */
import { DeviceError, MemoryError } from "./errors.ts";
import { platform } from "./platform.ts";

export const PAGE = 65536;
export const SCRATCH_BASE = 1024;
export const SCRATCH_END = PAGE;
export const HEAP_BASE = 32 * PAGE; // room for 31 kernel families' static data
const MAX_PAGES = 65536; // 4 GiB: the wasm32 limit
/** Growth of active bytes since the last reclaim after which `eval` asks for a reclaim. */
const RECLAIM_BYTES = 64 * 1024 * 1024;

/** Size class of an allocation: 16-byte steps up to 512, then quarter powers of two. */
export function bucketSize(n: number): number {
  if (n <= 512) return Math.max(16, (n + 15) & ~15);
  const p = 2 ** Math.floor(Math.log2(n));
  const q = p / 4;
  return Math.ceil(n / q) * q;
}

interface FreeRange {
  ptr: number;
  size: number;
}

class WasmHeap {
  memory: WebAssembly.Memory | null = null;
  private top = HEAP_BASE;
  private cache = new Map<number, number[]>();
  private free: FreeRange[] = []; // address-sorted, coalesced
  active = 0;
  peak = 0;
  cached = 0;
  limit = MAX_PAGES * PAGE;
  /** Active bytes right after the last reclaim. */
  private activeAtReclaim = 0;
  private u8: Uint8Array | null = null;

  attach(memory: WebAssembly.Memory): void {
    this.memory = memory;
    const need = Math.ceil(HEAP_BASE / PAGE);
    const have = memory.buffer.byteLength / PAGE;
    if (have < need) memory.grow(need - have);
    this.u8 = null;
  }

  /** The current bytes of linear memory (re-created after growth). */
  bytes(): Uint8Array {
    const buf = this.memory!.buffer;
    if (this.u8 === null || this.u8.buffer !== buf) this.u8 = new Uint8Array(buf);
    return this.u8;
  }

  alloc(nbytes: number): { ptr: number; size: number } {
    const size = bucketSize(Math.max(nbytes, 1));
    const list = this.cache.get(size);
    if (list && list.length > 0) {
      const ptr = list.pop()!;
      this.cached -= size;
      return this.account(ptr, size);
    }
    if (this.active + this.cached + size > this.limit) this.clearCache();
    if (this.active + size > this.limit) {
      platform().gc();
      throw new MemoryError(
        "memory",
        `Allocating ${size} bytes would exceed the memory limit of ${this.limit} bytes (${this.active} bytes active).`,
      );
    }
    const fromFree = this.takeFree(size);
    if (fromFree >= 0) return this.account(fromFree, size);
    let ptr = this.bump(size);
    if (ptr < 0) {
      this.clearCache();
      const again = this.takeFree(size);
      if (again >= 0) return this.account(again, size);
      ptr = this.bump(size);
      if (ptr < 0) {
        platform().gc();
        throw new MemoryError("memory", `Out of WebAssembly memory allocating ${size} bytes (${this.active} bytes active).`);
      }
    }
    return this.account(ptr, size);
  }

  release(ptr: number, size: number): void {
    this.active -= size;
    let list = this.cache.get(size);
    if (!list) this.cache.set(size, (list = []));
    list.push(ptr);
    this.cached += size;
    if (this.active + this.cached > this.limit) this.clearCache();
  }

  /**
   * True when active memory grew enough since the last reclaim that dead arrays' bytes should
   * be collected (their finalizers only run after a GC and a turn of the event loop).
   */
  wantsReclaim(): boolean {
    return this.active - this.activeAtReclaim > Math.max(RECLAIM_BYTES, this.activeAtReclaim / 4);
  }

  /** Records the active bytes after a reclaim, the baseline for the next one. */
  reclaimed(): void {
    this.activeAtReclaim = this.active;
  }

  clearCache(): void {
    for (const [size, ptrs] of this.cache) for (const p of ptrs) this.insertFree(p, size);
    this.cache.clear();
    this.cached = 0;
    // Give the topmost free range back to the bump pointer.
    const last = this.free[this.free.length - 1];
    if (last && last.ptr + last.size === this.top) {
      this.top = last.ptr;
      this.free.pop();
    }
  }

  private account(ptr: number, size: number) {
    this.active += size;
    if (this.active > this.peak) this.peak = this.active;
    return { ptr, size };
  }

  private bump(size: number): number {
    const mem = this.memory!;
    const end = this.top + size;
    if (end > MAX_PAGES * PAGE) return -1;
    const have = mem.buffer.byteLength;
    if (end > have) {
      const pages = Math.ceil((end - have) / PAGE);
      const grow = Math.min(MAX_PAGES - have / PAGE, Math.max(pages, have / PAGE / 4));
      try {
        mem.grow(grow);
      } catch {
        try {
          mem.grow(pages);
        } catch {
          return -1;
        }
      }
    }
    const ptr = this.top;
    this.top = end;
    return ptr;
  }

  private takeFree(size: number): number {
    for (let i = 0; i < this.free.length; i++) {
      const r = this.free[i]!;
      if (r.size >= size) {
        const ptr = r.ptr;
        r.ptr += size;
        r.size -= size;
        if (r.size === 0) this.free.splice(i, 1);
        return ptr;
      }
    }
    return -1;
  }

  private insertFree(ptr: number, size: number): void {
    const f = this.free;
    let lo = 0;
    let hi = f.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (f[mid]!.ptr < ptr) lo = mid + 1;
      else hi = mid;
    }
    f.splice(lo, 0, { ptr, size });
    // coalesce with the next, then the previous range
    if (lo + 1 < f.length && ptr + size === f[lo + 1]!.ptr) {
      f[lo]!.size += f[lo + 1]!.size;
      f.splice(lo + 1, 1);
    }
    if (lo > 0 && f[lo - 1]!.ptr + f[lo - 1]!.size === ptr) {
      f[lo - 1]!.size += f[lo]!.size;
      f.splice(lo, 1);
    }
  }
}

/** The single CPU heap (WASM linear memory). */
export const heap = new WasmHeap();

/** Transfer counters between host and GPU (the GPU backend adds to them). */
export const transfers = {
  toGpu: { count: 0, bytes: 0 },
  toCpu: { count: 0, bytes: 0 },
};

/** GPU-side byte counters, kept by the GPU backend when it exists. */
export const gpuCounters = { active: 0, peak: 0, cache: 0 };

/**
 * What the GPU backend offers the memory layer (the core imports no backend). Buffers are
 * opaque here; sizes are in bytes and GPU copies hold the host byte layout (1-byte dtypes
 * packed 4 per 32-bit word), so a transfer is a plain byte copy.
 */
export interface GpuMemory {
  /** A buffer of at least `bytes` bytes (from the pool). */
  alloc(bytes: number): unknown;
  /** Returns a buffer to the pool. */
  release(buf: unknown): void;
  /** Copies `src` into the start of `buf` (queued before any later GPU work). */
  upload(buf: unknown, src: Uint8Array): void;
  /** Resolves with the first `bytes` bytes of `buf`, after all queued GPU work. */
  download(buf: unknown, bytes: number): Promise<Uint8Array>;
}

let gpuMemory: GpuMemory | null = null;

/** Installs the GPU side of the memory layer (called by the GPU backend at start-up). */
export function setGpuMemory(m: GpuMemory | null): void {
  gpuMemory = m;
}

/**
 * A refcounted buffer of an array's bytes. Arrays that are reshapes of each other share one.
 * Unified memory: it holds a host copy (in WASM memory), a GPU copy, or both, and knows which
 * are current; bytes move only when an op on the other device needs them (`gpuBuffer()`,
 * `syncHost()`), and every move is counted in `transfers`. Outputs of GPU kernels start as
 * GPU-only; outputs of CPU kernels and leaves start as host-only. Arrays are immutable, so
 * two current copies never diverge.
 * `byteLength` is what the array uses; `size` the allocated host bucket.
 */
export class Storage {
  private hostPtr = -1;
  private hostSize = 0;
  private gpuBuf: unknown = null;
  readonly byteLength: number;
  refs = 1;
  constructor(byteLength: number, where: "cpu" | "gpu" = "cpu") {
    this.byteLength = byteLength;
    if (where === "cpu") this.allocHost();
    else this.gpuBuf = requireGpuMemory().alloc(byteLength);
  }

  /** The host byte pointer; throws when the current copy is only on the GPU. */
  get ptr(): number {
    if (this.hostPtr < 0) {
      throw new DeviceError(
        "data",
        "The array's value is only on the GPU; read it with the async readers (await x.data(), await x.itemAsync(), await x.tolistAsync()) or await mx.eval(x) before a CPU op.",
      );
    }
    return this.hostPtr;
  }
  /** Allocated host bytes (0 when there is no host copy). */
  get size(): number {
    return this.hostSize;
  }
  /** True when the host copy is current. */
  get onHost(): boolean {
    return this.hostPtr >= 0;
  }
  /** True when the GPU copy is current. */
  get onGpu(): boolean {
    return this.gpuBuf !== null;
  }

  /** The GPU copy, uploading the host bytes first if there is none (counted in transfers.toGpu). */
  gpuBuffer(): unknown {
    if (this.gpuBuf !== null) return this.gpuBuf;
    const m = requireGpuMemory();
    const buf = m.alloc(this.byteLength);
    // host buckets are multiples of 16 bytes, so the rounded-up copy stays inside the bucket
    const n = Math.min((this.byteLength + 3) & ~3, this.hostSize);
    if (n > 0) m.upload(buf, heap.bytes().subarray(this.hostPtr, this.hostPtr + n));
    this.gpuBuf = buf;
    transfers.toGpu.count++;
    transfers.toGpu.bytes += this.byteLength;
    return buf;
  }

  /** Makes the host copy current, downloading from the GPU if needed (counted in transfers.toCpu). */
  async syncHost(): Promise<void> {
    if (this.hostPtr >= 0 || this.refs <= 0) return;
    const bytes = await requireGpuMemory().download(this.gpuBuf, this.byteLength);
    if (this.hostPtr >= 0 || this.refs <= 0) return;
    this.allocHost();
    heap.bytes().set(bytes.subarray(0, this.byteLength), this.hostPtr);
    transfers.toCpu.count++;
    transfers.toCpu.bytes += this.byteLength;
  }

  retain(): this {
    this.refs++;
    return this;
  }
  /** Drops one reference; the bytes (both copies) go back to their caches at zero. */
  release(): void {
    if (this.refs <= 0) return;
    if (--this.refs === 0) {
      if (this.hostPtr >= 0) heap.release(this.hostPtr, this.hostSize);
      this.hostPtr = -1;
      this.hostSize = 0;
      if (this.gpuBuf !== null) gpuMemory?.release(this.gpuBuf);
      this.gpuBuf = null;
    }
  }

  private allocHost(): void {
    const { ptr, size } = heap.alloc(this.byteLength);
    this.hostPtr = ptr;
    this.hostSize = size;
  }
}

function requireGpuMemory(): GpuMemory {
  if (!gpuMemory) throw new DeviceError("gpu", "The GPU device is not available (no usable WebGPU adapter was found).");
  return gpuMemory;
}

/** Memory statistics, as `mx.memory.stats()` reports them. */
export interface MemoryStats {
  cpu: { active: number; peak: number; cache: number };
  gpu: { active: number; peak: number; cache: number };
  transfers: { toGpu: { count: number; bytes: number }; toCpu: { count: number; bytes: number } };
}

export function memoryStats(): MemoryStats {
  return {
    cpu: { active: heap.active, peak: heap.peak, cache: heap.cached },
    gpu: { ...gpuCounters },
    transfers: { toGpu: { ...transfers.toGpu }, toCpu: { ...transfers.toCpu } },
  };
}

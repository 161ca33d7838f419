/// <reference types="@webgpu/types" />
/**
 * What the core needs from the host runtime, filled in by `src/runtime/` at start-up.
 * The core itself never touches Bun, Node, Deno, files or workers.
 */
export interface Platform {
  /** Runtime name, for messages: "bun", "node", "deno", "workerd", "browser". */
  name: string;
  /** Compiled CPU kernel modules, one per family in WASM_FAMILIES. */
  loadWasm(family: string): Promise<WebAssembly.Module>;
  /** Logical CPU cores. */
  cpuCount(): number;
  /** Asks the JS engine for a garbage collection (so finalizers return memory); may do nothing. */
  gc(): void;
  /** Resolves after one turn of the event loop (a macrotask), so that finalizers can run. */
  nextTask(): Promise<void>;
  /**
   * A WebGPU device from this runtime's WebGPU implementation (navigator.gpu, bun-webgpu, or
   * the `webgpu` package in Node), or null when there is none. Not yet validated: the GPU
   * backend checks it with a known computation before using it.
   */
  requestGpu(): Promise<GPUDevice | null>;
}

let current: Platform | null = null;

/** Installs the platform (called once by the runtime entry). */
export function setPlatform(p: Platform): void {
  current = p;
}

/** The installed platform; a neutral fallback before any is installed. */
export function platform(): Platform {
  return (
    current ?? {
      name: "unknown",
      loadWasm: () => Promise.reject(new Error("[kiln] no platform installed")),
      cpuCount: () => 1,
      gc: () => {},
      nextTask: () => new Promise<void>((r) => setTimeout(r, 0)),
      requestGpu: () => Promise.resolve(null),
    }
  );
}

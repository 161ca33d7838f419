/**
 * Node (20+): kernels read from disk with fs (build/wasm beside the sources, dist/wasm beside the
 * bundle); gc() when run with --expose-gc; WebGPU from the `webgpu` package (Dawn, N-API), loaded
 * only when a Vulkan driver is present. Never used under Bun (the `webgpu` package segfaults
 * there once the GC runs): src/runtime/index.ts picks bun.ts first.
 */
import type { Platform } from "../core/platform.ts";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { deviceFrom, gpuDisabled, navigatorGpu } from "./webgpu.ts";
import { vulkanDriverPresent } from "./vulkan.ts";
import { wasmUrl } from "./wasm-url.ts";

interface NodeWebGpu {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

/**
 * The GPU object handed out, held for the life of the process: when the GC collects it, Dawn
 * tears down its instance under the live device and the process aborts.
 */
let held: GPU | null = null;

/** The `webgpu` package's GPU object (installing its globals), or null when it is missing. */
async function nodeGpu(): Promise<GPU | null> {
  const native = navigatorGpu();
  if (native) return native;
  if (!vulkanDriverPresent(process.platform, process.env)) return null;
  try {
    const name = "webgpu"; // a variable: bundlers leave it to Node's resolver
    const mod = (await import(name)) as NodeWebGpu;
    Object.assign(globalThis, mod.globals);
    held = mod.create([]);
    return held;
  } catch {
    return null;
  }
}

export const platform: Platform = {
  name: "node",
  async loadWasm(family) {
    const url = wasmUrl(family);
    const bytes = await readFile(url).catch(() => {
      throw new Error(`[kiln] ${fileURLToPath(url)} is missing: run \`npm run build\` to compile the CPU kernels.`);
    });
    return WebAssembly.compile(bytes);
  },
  cpuCount: () => availableParallelism(),
  gc: () => (globalThis as { gc?: () => void }).gc?.(),
  nextTask: () => new Promise<void>((r) => setImmediate(r)),
  async requestGpu() {
    if (gpuDisabled(process.env)) return null;
    return deviceFrom(await nodeGpu());
  },
};

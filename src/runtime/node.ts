/** Node: kernels read from build/wasm with fs; gc() when run with --expose-gc; WebGPU from the `webgpu` package (Dawn, N-API). */
import type { Platform } from "../core/platform.ts";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { deviceFrom, gpuDisabled, navigatorGpu } from "./webgpu.ts";

interface NodeWebGpu {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

/** The `webgpu` package's GPU object (installing its globals), or null when it is missing. */
async function nodeGpu(): Promise<GPU | null> {
  const native = navigatorGpu();
  if (native) return native;
  try {
    const name = "webgpu";
    const mod = (await import(name)) as NodeWebGpu;
    Object.assign(globalThis, mod.globals);
    return mod.create([]);
  } catch {
    return null;
  }
}

export const platform: Platform = {
  name: "node",
  async loadWasm(family) {
    const url = new URL(`../../build/wasm/${family}.wasm`, import.meta.url);
    const bytes = await readFile(url).catch(() => {
      throw new Error(`[kiln] ${url.pathname} is missing: run \`npm run build\` to compile the CPU kernels.`);
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

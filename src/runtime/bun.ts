/**
 * Bun: kernels read from build/wasm with Bun.file; Bun.gc for memory pressure; WebGPU from the
 * `bun-webgpu` package (Dawn over FFI). The `webgpu` N-API package must never load in Bun: it
 * segfaults once the GC runs.
 */
import type { Platform } from "../core/platform.ts";
import { availableParallelism } from "node:os";
import { existsSync, readdirSync } from "node:fs";
import { deviceFrom, gpuDisabled, navigatorGpu } from "./webgpu.ts";

interface BunWebGpu {
  createGPUInstance(libPath?: string): GPU;
  globals(): void;
}

/**
 * On Linux, Dawn needs a Vulkan driver (an ICD manifest); without one it prints warnings to
 * stderr and hands out an adapter that computes nothing. Skip it quietly in that case.
 */
function vulkanDriverPresent(): boolean {
  if (process.platform !== "linux") return true;
  const listed = (process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? "").split(":").filter(Boolean);
  if (listed.length > 0) return listed.some((f) => existsSync(f));
  const dirs = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];
  return dirs.some((d) => {
    try {
      return readdirSync(d).some((f) => f.endsWith(".json"));
    } catch {
      return false;
    }
  });
}

/** bun-webgpu's GPU object (and its GPUBufferUsage etc. globals), or null when it is missing. */
async function bunGpu(): Promise<GPU | null> {
  const native = navigatorGpu();
  if (native) return native;
  if (!vulkanDriverPresent()) return null;
  try {
    const name = "bun-webgpu"; // a variable: keeps its global type augmentations out of tsc
    const mod = (await import(name)) as BunWebGpu;
    const gpu = mod.createGPUInstance();
    mod.globals();
    return gpu;
  } catch {
    return null;
  }
}

export const platform: Platform = {
  name: "bun",
  async loadWasm(family) {
    const url = new URL(`../../build/wasm/${family}.wasm`, import.meta.url);
    const file = Bun.file(url);
    if (!(await file.exists())) {
      throw new Error(`[kiln] ${url.pathname} is missing: run \`npm run build\` to compile the CPU kernels.`);
    }
    return WebAssembly.compile(await file.arrayBuffer());
  },
  cpuCount: () => availableParallelism(),
  gc: () => Bun.gc(true),
  nextTask: () => new Promise<void>((r) => setImmediate(r)),
  async requestGpu() {
    if (gpuDisabled(process.env)) return null;
    return deviceFrom(await bunGpu());
  },
};

/** Deno: kernels read from disk with Deno.readFile; WebGPU from navigator.gpu where Deno has it. */
import type { Platform } from "../core/platform.ts";
import { deviceFrom, gpuDisabled, navigatorGpu } from "./webgpu.ts";
import { wasmUrl } from "./wasm-url.ts";

declare const Deno: {
  readFile(u: URL): Promise<Uint8Array>;
  env: { get(name: string): string | undefined };
};

/** KILN_DISABLE_GPU when Deno may read the environment (no --allow-env: not set). */
function env(): Record<string, string | undefined> {
  try {
    return { KILN_DISABLE_GPU: Deno.env.get("KILN_DISABLE_GPU") };
  } catch {
    return {};
  }
}

export const platform: Platform = {
  name: "deno",
  async loadWasm(family) {
    const url = wasmUrl(family);
    const bytes = await Deno.readFile(url).catch((e: unknown) => {
      throw new Error(`[kiln] could not read ${url.pathname} (${String(e)}): run \`npm run build\`, and allow reads (--allow-read).`);
    });
    return WebAssembly.compile(bytes as BufferSource);
  },
  cpuCount: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  gc: () => {},
  nextTask: () => new Promise<void>((r) => setTimeout(r, 0)),
  async requestGpu() {
    if (gpuDisabled(env())) return null;
    return deviceFrom(navigatorGpu());
  },
};

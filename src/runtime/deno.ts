/** Deno: kernels read from build/wasm with Deno.readFile. */
import type { Platform } from "../core/platform.ts";
import { deviceFrom, navigatorGpu } from "./webgpu.ts";

declare const Deno: { readFile(u: URL): Promise<Uint8Array> };

export const platform: Platform = {
  name: "deno",
  async loadWasm(family) {
    const bytes = await Deno.readFile(new URL(`../../build/wasm/${family}.wasm`, import.meta.url));
    return WebAssembly.compile(bytes as BufferSource);
  },
  cpuCount: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  gc: () => {},
  nextTask: () => new Promise<void>((r) => setTimeout(r, 0)),
  requestGpu: () => deviceFrom(navigatorGpu()),
};

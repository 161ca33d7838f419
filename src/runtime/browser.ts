/** Browsers: kernels fetched next to the module (compileStreaming). */
import type { Platform } from "../core/platform.ts";

export const platform: Platform = {
  name: "browser",
  async loadWasm(family) {
    const url = new URL(`../../build/wasm/${family}.wasm`, import.meta.url);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`[kiln] could not fetch ${url}: ${res.status}`);
    return WebAssembly.compile(await res.arrayBuffer());
  },
  cpuCount: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  gc: () => {},
};

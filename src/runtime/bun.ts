/** Bun: kernels read from build/wasm with Bun.file; Bun.gc for memory pressure. */
import type { Platform } from "../core/platform.ts";
import { availableParallelism } from "node:os";

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
};

/** Node: kernels read from build/wasm with fs; gc() when run with --expose-gc. */
import type { Platform } from "../core/platform.ts";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";

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
};

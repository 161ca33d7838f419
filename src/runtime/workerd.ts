/**
 * Cloudflare workerd (Workers): the embedder forbids compiling WebAssembly from bytes ("Wasm code
 * generation disallowed by embedder"), so every kernel family is an imported module binding.
 * The bundle (dist/workerd/) keeps these imports as `../wasm/<family>.wasm`; workerd's config or
 * wrangler's module rules supply them. No threads, no file system, no GPU here. Needs a
 * compatibility date of 2025-05-05 or later (FinalizationRegistry, which kiln's graph uses).
 * Keep this list in step with WASM_FAMILIES (src/backend/cpu/wasm.ts); a missing one fails the build.
 */
import type { Platform } from "../core/platform.ts";
import copy from "../../build/wasm/copy.wasm";
import unary from "../../build/wasm/unary.wasm";
import binary from "../../build/wasm/binary.wasm";
import reduce from "../../build/wasm/reduce.wasm";
import indexing from "../../build/wasm/indexing.wasm";
import matmul from "../../build/wasm/matmul.wasm";
import conv from "../../build/wasm/conv.wasm";
import softmax from "../../build/wasm/softmax.wasm";
import random from "../../build/wasm/random.wasm";
import sort from "../../build/wasm/sort.wasm";

const MODULES: Record<string, WebAssembly.Module> = { copy, unary, binary, reduce, indexing, matmul, conv, softmax, random, sort };

export const platform: Platform = {
  name: "workerd",
  async loadWasm(family) {
    const m = MODULES[family];
    if (!m) throw new Error(`[kiln] no WebAssembly module binding for kernel family "${family}" in this Workers bundle`);
    return m;
  },
  cpuCount: () => 1,
  gc: () => {},
  nextTask: () => new Promise<void>((r) => setTimeout(r, 0)),
  requestGpu: () => Promise.resolve(null),
};

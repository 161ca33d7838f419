/**
 * Browsers (and any other host with fetch and no file system): kernels fetched from beside the
 * module (build/wasm for the sources, dist/wasm for the bundle), streamed into the compiler when
 * served as application/wasm; WebGPU from navigator.gpu. Single-threaded: nothing here needs
 * SharedArrayBuffer or cross-origin isolation.
 */
import type { Platform } from "../core/platform.ts";
import { deviceFrom, navigatorGpu } from "./webgpu.ts";
import { wasmUrl } from "./wasm-url.ts";

/** A macrotask without setTimeout's 4 ms clamp. */
function messageChannelTask(): Promise<void> {
  if (typeof MessageChannel === "undefined") return new Promise((r) => setTimeout(r, 0));
  return new Promise((r) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => {
      ch.port1.close();
      r();
    };
    ch.port2.postMessage(0);
  });
}

export const platform: Platform = {
  name: "browser",
  async loadWasm(family) {
    const url = wasmUrl(family);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`[kiln] could not fetch ${url}: ${res.status}`);
    if (typeof WebAssembly.compileStreaming === "function" && res.headers.get("content-type")?.startsWith("application/wasm")) {
      return WebAssembly.compileStreaming(res);
    }
    return WebAssembly.compile(await res.arrayBuffer());
  },
  cpuCount: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  gc: () => {},
  nextTask: messageChannelTask,
  requestGpu: () => deviceFrom(navigatorGpu()),
};

/** Browsers: kernels fetched next to the module (compileStreaming). */
import type { Platform } from "../core/platform.ts";
import { deviceFrom, navigatorGpu } from "./webgpu.ts";

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
    const url = new URL(`../../build/wasm/${family}.wasm`, import.meta.url);
    const res = await fetch(url);
    if (!res.ok) throw new Error(`[kiln] could not fetch ${url}: ${res.status}`);
    return WebAssembly.compile(await res.arrayBuffer());
  },
  cpuCount: () => (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1,
  gc: () => {},
  nextTask: messageChannelTask,
  requestGpu: () => deviceFrom(navigatorGpu()),
};

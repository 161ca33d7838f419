/**
 * Start-up: detects the host runtime, installs its Platform (the only code that touches Bun,
 * Node, Deno, files or workers lives in this folder), and loads the CPU kernels.
 */
import { setPlatform, type Platform } from "../core/platform.ts";
import { initWasm } from "../backend/cpu/wasm.ts";
import { startGpu } from "../backend/gpu/device.ts";
import { deviceInfo } from "./webgpu.ts";

declare const Bun: unknown;
declare const Deno: unknown;

async function detect(): Promise<Platform> {
  if (typeof Bun !== "undefined") return (await import("./bun.ts")).platform;
  if (typeof Deno !== "undefined") return (await import("./deno.ts")).platform;
  if ((globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === "Cloudflare-Workers") return (await import("./workerd.ts")).platform;
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  if (proc?.versions?.node) return (await import("./node.ts")).platform;
  return (await import("./browser.ts")).platform;
}

/**
 * Installs the platform, loads the CPU kernels and starts the GPU when the platform offers a
 * device that passes validation; resolves when kiln is ready to compute.
 */
export async function initRuntime(): Promise<Platform> {
  const p = await detect();
  setPlatform(p);
  await initWasm(p);
  const device = await p.requestGpu().catch(() => null);
  if (device) await startGpu(device, deviceInfo.get(device) ?? {});
  return p;
}

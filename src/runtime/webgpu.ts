/**
 * Getting a WebGPU device from the host: navigator.gpu where the platform has one (browsers,
 * Deno), a GPU object from a native package otherwise (bun-webgpu in Bun, `webgpu` in Node).
 * Every failure (no package, no adapter, a device request that throws) gives null: the GPU is
 * optional and kiln then runs on the CPU. `KILN_DISABLE_GPU=1` skips the GPU entirely.
 */

/** A device from `gpu.requestAdapter()` + `requestDevice()` with the adapter's own limits. */
export async function deviceFrom(gpu: GPU | null | undefined): Promise<GPUDevice | null> {
  if (!gpu) return null;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
    if (!adapter) return null;
    const want = ["maxStorageBufferBindingSize", "maxBufferSize", "maxStorageBuffersPerShaderStage", "maxComputeWorkgroupsPerDimension"] as const;
    const requiredLimits: Record<string, number> = {};
    for (const k of want) requiredLimits[k] = adapter.limits[k];
    // some implementations (bun-webgpu 0.1) reject partial requiredLimits: then take the defaults
    const device = await adapter.requestDevice({ requiredLimits }).catch(() => adapter.requestDevice());
    const info = adapter.info as GPUAdapterInfo | undefined;
    deviceInfo.set(device, {
      vendor: info?.vendor ?? "",
      architecture: info?.architecture ?? "",
      device: info?.device ?? "",
      description: info?.description ?? "",
    });
    return device;
  } catch {
    return null;
  }
}

/** Adapter descriptions of the devices handed out (for mx.gpu.info). */
export const deviceInfo = new WeakMap<GPUDevice, Record<string, string>>();

/** navigator.gpu when the global has one. */
export function navigatorGpu(): GPU | null {
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  return nav?.gpu ?? null;
}

/** True when the environment asks for no GPU (KILN_DISABLE_GPU=1). */
export function gpuDisabled(env: Record<string, string | undefined> | undefined): boolean {
  const v = env?.KILN_DISABLE_GPU;
  return v !== undefined && v !== "" && v !== "0";
}

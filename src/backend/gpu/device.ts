/**
 * Starting the GPU: takes the device the platform offers, validates it with a small known
 * computation (Dawn hands out an adapter with empty info that computes zeros when no Vulkan
 * driver is configured), and only then marks mx.gpu available, fills mx.gpu.info, installs
 * the GPU side of the memory layer and registers the backend. Any failure leaves the CPU only.
 */
import { gpu as gpuDevice } from "../../core/device.ts";
import { setGpuMemory } from "../../core/memory.ts";
import { registerBackend } from "../../core/scheduler.ts";
import { BufferPool } from "./buffers.ts";
import { PipelineCache } from "./pipelines.ts";
import { Encoder } from "./encoder.ts";
import { makeGpuBackend } from "./backend.ts";

export interface GpuContext {
  device: GPUDevice;
  pool: BufferPool;
  pipelines: PipelineCache;
  encoder: Encoder;
}

let context: GpuContext | null = null;

/** The running GPU context, or null when the GPU is not in use. */
export function gpuContext(): GpuContext | null {
  return context;
}

const CHECK_N = 256;
const CHECK_WGSL = `
@group(0) @binding(0) var<storage, read_write> a: array<u32>;
@group(0) @binding(1) var<storage, read_write> f: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) g: vec3u) {
  if (g.x < arrayLength(&a)) {
    a[g.x] = a[g.x] * 3u + g.x;
    f[g.x] = f[g.x] * 0.5 + 1.0;
  }
}`;

/** Runs a tiny known computation on `device`; true when every result is right (5 s timeout). */
export async function validateDevice(device: GPUDevice): Promise<boolean> {
  const check = async (): Promise<boolean> => {
    const module = device.createShaderModule({ code: CHECK_WGSL });
    const pipe = await device.createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" } });
    const bytes = CHECK_N * 4;
    const a = device.createBuffer({ size: bytes, usage: 0x80 | 0x04 | 0x08 });
    const f = device.createBuffer({ size: bytes, usage: 0x80 | 0x04 | 0x08 });
    const ra = device.createBuffer({ size: bytes, usage: 0x01 | 0x08 });
    const rf = device.createBuffer({ size: bytes, usage: 0x01 | 0x08 });
    const ia = new Uint32Array(CHECK_N).map((_, i) => i + 1);
    const iff = new Float32Array(CHECK_N).map((_, i) => i);
    device.queue.writeBuffer(a, 0, ia.buffer);
    device.queue.writeBuffer(f, 0, iff.buffer);
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipe);
    pass.setBindGroup(0, device.createBindGroup({
      layout: pipe.getBindGroupLayout(0),
      entries: [{ binding: 0, resource: { buffer: a } }, { binding: 1, resource: { buffer: f } }],
    }));
    pass.dispatchWorkgroups(CHECK_N / 64);
    pass.end();
    enc.copyBufferToBuffer(a, 0, ra, 0, bytes);
    enc.copyBufferToBuffer(f, 0, rf, 0, bytes);
    device.queue.submit([enc.finish()]);
    await Promise.all([ra.mapAsync(0x01), rf.mapAsync(0x01)]);
    const oa = new Uint32Array(ra.getMappedRange().slice(0));
    const of = new Float32Array(rf.getMappedRange().slice(0));
    ra.unmap();
    rf.unmap();
    for (const b of [a, f, ra, rf]) b.destroy();
    for (let i = 0; i < CHECK_N; i++) {
      if (oa[i] !== (i + 1) * 3 + i || of[i] !== i * 0.5 + 1) return false;
    }
    return true;
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 5000)));
  try {
    return await Promise.race([check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Validates `device` and, when it computes correctly, starts the GPU backend on it.
 * Returns true when the GPU is in use.
 */
export async function startGpu(device: GPUDevice | null, info: Record<string, string> = {}): Promise<boolean> {
  if (!device || context) return context !== null;
  if (!(await validateDevice(device))) {
    device.destroy?.();
    return false;
  }
  const pool = new BufferPool(device);
  const encoder = new Encoder(device);
  context = { device, pool, pipelines: new PipelineCache(device), encoder };
  setGpuMemory({
    alloc: (bytes) => pool.alloc(bytes),
    release: (buf) => pool.release(buf as GPUBuffer),
    upload: (buf, src) => encoder.write(buf as GPUBuffer, src),
    download: (buf, bytes) => encoder.read(buf as GPUBuffer, bytes),
  });
  registerBackend("gpu", makeGpuBackend(context));
  gpuDevice.available = true;
  gpuDevice.info = { ...info, maxBufferSize: String(device.limits.maxStorageBufferBindingSize) };
  return true;
}

/** Destroys the cached GPU buffers (mx.memory.clearCache). */
export function clearGpuCache(): void {
  context?.pool.clearCache();
}

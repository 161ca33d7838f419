/**
 * Compute pipeline cache keyed by variant name (e.g. "binary.add.f32.4"): each variant's WGSL
 * is compiled once with createComputePipelineAsync (awaited before its node is encoded, so
 * encoding never blocks on the compiler). A WGSL compile error becomes a KilnError naming the
 * variant and the compiler's message.
 */
import { KilnError } from "../../core/errors.ts";

export class PipelineCache {
  private ready = new Map<string, GPUComputePipeline>();
  private pending = new Map<string, Promise<GPUComputePipeline>>();
  constructor(private readonly device: GPUDevice) {}

  /** True when the variant is compiled. */
  has(key: string): boolean {
    return this.ready.has(key);
  }

  /** Compiles the variant if needed. */
  async ensure(key: string, source: () => string): Promise<void> {
    if (this.ready.has(key)) return;
    let p = this.pending.get(key);
    if (!p) {
      const code = source();
      const module = this.device.createShaderModule({ code, label: key });
      p = this.device
        .createComputePipelineAsync({ layout: "auto", compute: { module, entryPoint: "main" }, label: key })
        .catch(async (e: unknown) => {
          let info: GPUCompilationInfo | null = null;
          try {
            info = await module.getCompilationInfo();
          } catch {
            // not every implementation has it (bun-webgpu 0.1)
          }
          const msgs = info?.messages.map((m) => `${m.lineNum}:${m.linePos} ${m.message}`).join("; ");
          throw new KilnError("gpu", `internal: WGSL variant "${key}" failed to compile: ${msgs || String(e)}`);
        });
      this.pending.set(key, p);
    }
    try {
      this.ready.set(key, await p);
    } finally {
      this.pending.delete(key);
    }
  }

  /** A compiled variant (ensure() must have resolved). */
  get(key: string): GPUComputePipeline {
    const p = this.ready.get(key);
    if (!p) throw new KilnError("gpu", `internal: pipeline "${key}" used before it was compiled`);
    return p;
  }

  /** Number of compiled variants. */
  get size(): number {
    return this.ready.size;
  }
}

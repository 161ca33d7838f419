/**
 * Batches dispatches: one command encoder and one compute pass collect every dispatch until a
 * flush (a readback, an upload, a CPU node that needs a GPU result, the end of an evaluation,
 * or MAX_DISPATCHES), then submit them as one command buffer. Each dispatch gets a small
 * descriptor buffer created mapped; those are destroyed once the queue has finished the work.
 * Dispatches wider than maxComputeWorkgroupsPerDimension use the y dimension (kernels compute
 * the linear workgroup id as wid.x + wid.y * nw.x and return when it is past their work).
 */
const MAX_DISPATCHES = 512;

export class Encoder {
  private enc: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private count = 0;
  private temps: GPUBuffer[] = [];
  /** Dispatches encoded since start-up (for tests and stats). */
  dispatches = 0;
  submits = 0;
  constructor(private readonly device: GPUDevice) {}

  /** Encodes one dispatch of `groups` workgroups (folded into x, y at the device's limit). */
  dispatch(pipeline: GPUComputePipeline, out: GPUBuffer, desc: Uint32Array, inputs: GPUBuffer[], groups: number): void {
    const d = this.device;
    const descBuf = d.createBuffer({ size: Math.max(16, (desc.byteLength + 15) & ~15), usage: 0x80, mappedAtCreation: true });
    new Uint32Array(descBuf.getMappedRange()).set(desc);
    descBuf.unmap();
    this.temps.push(descBuf);
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: out } },
      { binding: 1, resource: { buffer: descBuf } },
    ];
    inputs.forEach((b, k) => entries.push({ binding: 2 + k, resource: { buffer: b } }));
    const group = d.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    if (!this.pass) {
      this.enc = d.createCommandEncoder();
      this.pass = this.enc.beginComputePass();
    }
    const maxX = d.limits.maxComputeWorkgroupsPerDimension;
    const x = Math.min(groups, maxX);
    const y = Math.ceil(groups / x);
    this.pass.setPipeline(pipeline);
    this.pass.setBindGroup(0, group);
    this.pass.dispatchWorkgroups(x, y);
    this.count++;
    this.dispatches++;
    if (this.count >= MAX_DISPATCHES) this.flush();
  }

  /** Submits the encoded work (if any). */
  flush(): void {
    if (!this.enc) return;
    this.pass!.end();
    this.device.queue.submit([this.enc.finish()]);
    this.submits++;
    this.enc = null;
    this.pass = null;
    this.count = 0;
    const temps = this.temps;
    this.temps = [];
    void this.device.queue.onSubmittedWorkDone().then(() => {
      for (const b of temps) b.destroy();
    });
  }

  /** Resolves with the first `bytes` bytes of `buf`, after all work queued so far. */
  async read(buf: GPUBuffer, bytes: number): Promise<Uint8Array> {
    this.flush();
    const size = Math.max(4, (bytes + 3) & ~3);
    const staging = this.device.createBuffer({ size, usage: 0x01 | 0x08 }); // MAP_READ | COPY_DST
    const enc = this.device.createCommandEncoder();
    enc.copyBufferToBuffer(buf, 0, staging, 0, size);
    this.device.queue.submit([enc.finish()]);
    this.submits++;
    await staging.mapAsync(0x01);
    const out = new Uint8Array(staging.getMappedRange(0, size).slice(0, bytes));
    staging.unmap();
    staging.destroy();
    return out;
  }

  /** Writes `src` (length a multiple of 4) into `buf`, ordered after the encoded work. */
  write(buf: GPUBuffer, src: Uint8Array): void {
    this.flush();
    this.device.queue.writeBuffer(buf, 0, src.buffer as ArrayBuffer, src.byteOffset, src.byteLength);
  }
}

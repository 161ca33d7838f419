/**
 * The GPU backend as the scheduler sees it: prepare(node) builds the node's plan and compiles
 * its pipeline variants (async, awaited by the scheduler); run(node) allocates the GPU-only
 * output, uploads inputs that only have a host copy (counted as transfers), and encodes the
 * dispatches into the shared command buffer; flush() submits.
 */
import type { Backend } from "../../core/scheduler.ts";
import type { Node } from "../../core/node.ts";
import { Storage } from "../../core/memory.ts";
import { gpuKernels } from "./index.ts";
import type { GpuPlan } from "./kernel.ts";
import type { GpuContext } from "./device.ts";

export function makeGpuBackend(ctx: GpuContext): Backend {
  const plans = new WeakMap<Node, GpuPlan>();

  function planOf(node: Node): GpuPlan {
    let p = plans.get(node);
    if (!p) {
      p = gpuKernels[node.prim!](node);
      plans.set(node, p);
    }
    return p;
  }

  return {
    prepare(node) {
      const p = planOf(node);
      const missing = p.dispatches.filter((d) => !ctx.pipelines.has(d.key));
      if (missing.length === 0) return;
      return Promise.all(missing.map((d) => ctx.pipelines.ensure(d.key, d.source))).then(() => undefined);
    },
    run(node) {
      const p = planOf(node);
      plans.delete(node);
      if (p.alias) {
        node.alias(p.alias);
        return;
      }
      node.storage?.release();
      const out = new Storage(node.nbytes, "gpu");
      node.storage = out;
      const outBuf = out.gpuBuffer() as GPUBuffer;
      const temps = (p.temps ?? []).map((bytes) => ctx.pool.alloc(bytes));
      try {
        for (const d of p.dispatches) {
          const groups = d.workgroups ?? Math.ceil((d.outBytes === 4 ? d.n : Math.ceil(d.n / 4)) / 64);
          if (groups === 0 || (d.workgroups === undefined && d.n === 0)) continue;
          const ins = d.inputs.map((x) => (typeof x === "number" ? temps[x]! : (x.storage!.gpuBuffer() as GPUBuffer)));
          const target = d.out === undefined ? outBuf : temps[d.out]!;
          ctx.encoder.dispatch(ctx.pipelines.get(d.key), target, d.desc, ins, groups);
        }
      } finally {
        // back to the pool now: later work is queued after these dispatches
        for (const t of temps) ctx.pool.release(t);
      }
    },
    flush() {
      ctx.encoder.flush();
    },
    synchronize() {
      ctx.encoder.flush();
      return ctx.device.queue.onSubmittedWorkDone();
    },
  };
}

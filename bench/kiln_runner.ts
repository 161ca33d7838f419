/**
 * kiln as a bench runner: builds a workload's inputs once on a stream and returns the function
 * that records the op and evaluates it (sync on the CPU; on the GPU it awaits the evaluation,
 * which waits for the queue). Results are disposed so memory stays flat across runs.
 */
import * as mx from "../src/index.ts";
import { uniformData, type Workload } from "./workloads.ts";
import { kilnStep } from "./mlp_train.ts";

const arr = (shape: number[], seed: number) => mx.array(uniformData(shape.reduce((a, b) => a * b, 1), seed), { shape });

/** The op of a workload, recorded on `stream`. */
function recorder(w: Workload, stream: mx.Device): () => mx.MxArray {
  switch (w.kind) {
    case "matmul": {
      const a = arr([w.mm.M, w.mm.K], 1);
      const b = arr([w.mm.K, w.mm.N], 2);
      return () => mx.matmul(a, b, { stream });
    }
    case "conv2d": {
      const c = w.conv;
      const x = arr([c.N, c.H, c.W, c.Cin], 3);
      const k = arr([c.Cout, c.k, c.k, c.Cin], 4);
      return () => mx.conv2d(x, k, { padding: (c.k - 1) / 2, stream });
    }
    case "softmax": {
      const x = arr([w.sm.rows, w.sm.cols], 5);
      return () => mx.softmax(x, { axis: -1, stream });
    }
    case "train":
      throw new Error("internal: training runs through kilnCase");
    case "op": {
      const M = 1 << 20;
      if (w.op === "add") {
        const a = arr([M], 6);
        const b = arr([M], 7);
        return () => mx.add(a, b, { stream });
      }
      if (w.op === "exp") {
        const a = arr([M], 8);
        return () => mx.exp(a, { stream });
      }
      if (w.op === "sum") {
        const a = arr([M], 9);
        return () => mx.sum(a, { stream });
      }
      const a = arr([1024, 1024], 10);
      return () => mx.transpose(a, { stream });
    }
  }
}

/** A function running the workload once on `stream`, inputs already resident there. */
export async function kilnCase(w: Workload, stream: mx.Device): Promise<() => void | Promise<void>> {
  if (w.kind === "train") {
    if (stream !== mx.cpu) throw new Error("the training step runs on the default (CPU) stream");
    return kilnStep();
  }
  const rec = recorder(w, stream);
  if (stream === mx.cpu) {
    return () => {
      using y = rec();
      mx.evalSync(y);
    };
  }
  return async () => {
    using y = rec();
    await mx.eval(y);
    await mx.synchronize(); // eval submits; the GPU work is done when the queue says so
  };
}

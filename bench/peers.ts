/**
 * The WebAssembly peers kiln is measured against, each set up for a workload the way its
 * users would run it: @tensorflow/tfjs-backend-wasm (XNNPACK), onnxruntime-web (wasm EP, a
 * one-node ONNX model per workload, 1 or more threads) and @jax-js/jax (wasm backend; eager
 * ops, softmax under jit, which is its faster path). Peers take NCHW convolutions (same
 * FLOPs). A peer that is not installed or cannot run here reports why instead of a time.
 * Loaded only in bench/peer_child.ts: each peer runs in its own process.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { onnxModel } from "./onnx_model.ts";
import { jaxStep, tfjsStep } from "./mlp_train.ts";
import { uniformData, type Workload } from "./workloads.ts";

export type Run = () => void | Promise<void>;

export interface Peer {
  name: string;
  /** Loads the library (throws when it is missing or fails to start). */
  init(threads: number): Promise<void>;
  /** Builds the inputs once; the returned function computes the workload and waits for the result. */
  setup(w: Workload): Promise<Run>;
}

const req = createRequire(import.meta.url);
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** [inputs, output] shapes of a workload in the peers' layouts (conv NCHW). */
function shapes(w: Workload): { ins: number[][]; out: number[] } {
  switch (w.kind) {
    case "matmul":
      return { ins: [[w.mm.M, w.mm.K], [w.mm.K, w.mm.N]], out: [w.mm.M, w.mm.N] };
    case "conv2d": {
      const c = w.conv;
      return { ins: [[c.N, c.Cin, c.H, c.W], [c.Cout, c.Cin, c.k, c.k]], out: [c.N, c.Cout, c.H, c.W] };
    }
    case "softmax":
      return { ins: [[w.sm.rows, w.sm.cols]], out: [w.sm.rows, w.sm.cols] };
    case "op":
    case "train":
      throw new Error("kiln-only workload");
  }
}

// ---- @tensorflow/tfjs-backend-wasm -------------------------------------------------------
type TF = typeof import("@tensorflow/tfjs-core");
let tf: TF;
const tfjs: Peer = {
  name: "tfjs-wasm",
  async init(threads) {
    tf = await import("@tensorflow/tfjs-core");
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    wasm.setWasmPaths(dirname(req.resolve("@tensorflow/tfjs-backend-wasm/package.json")) + "/dist/");
    if (threads > 1) wasm.setThreadsCount(threads);
    if (!(await tf.setBackend("wasm"))) throw new Error("the wasm backend did not start");
    await tf.ready();
    const mt = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT");
    if (threads > 1 && !mt) throw new Error("no multithread support in this runtime");
  },
  async setup(w) {
    if (w.kind === "train") return tfjsStep();
    const { ins } = shapes(w);
    const xs = ins.map((s, i) => tf.tensor(uniformData(size(s), i + 1), s));
    let f: () => import("@tensorflow/tfjs-core").Tensor;
    if (w.kind === "matmul") f = () => tf.matMul(xs[0] as never, xs[1] as never);
    else if (w.kind === "conv2d") {
      // tfjs convolutions are NHWC with an [kh, kw, Cin, Cout] filter
      const c = w.conv;
      const x = tf.tensor4d(uniformData(c.N * c.H * c.W * c.Cin, 1), [c.N, c.H, c.W, c.Cin]);
      const k = tf.tensor4d(uniformData(c.k * c.k * c.Cin * c.Cout, 2), [c.k, c.k, c.Cin, c.Cout]);
      f = () => tf.conv2d(x, k, 1, "same");
    } else f = () => tf.softmax(xs[0] as never, -1);
    return async () => {
      const y = f();
      await y.data();
      y.dispose();
    };
  },
};

// ---- onnxruntime-web ----------------------------------------------------------------------
type ORT = typeof import("onnxruntime-web");
let ort: ORT;
const onnx: Peer = {
  name: "onnxruntime-web",
  async init(threads) {
    ort = await import("onnxruntime-web");
    ort.env.wasm.numThreads = threads;
  },
  async setup(w) {
    if (w.kind === "train") throw new Error("no training API (inference only)");
    const { ins, out } = shapes(w);
    const names = ins.map((_, i) => `x${i}`);
    const inputs = ins.map((shape, i) => ({ name: names[i]!, shape }));
    const model =
      w.kind === "matmul"
        ? onnxModel("MatMul", inputs, { name: "y", shape: out })
        : w.kind === "conv2d"
          ? onnxModel("Conv", inputs, { name: "y", shape: out }, [{ name: "kernel_shape", ints: [w.conv.k, w.conv.k] }, { name: "pads", ints: [1, 1, 1, 1] }])
          : onnxModel("Softmax", inputs, { name: "y", shape: out }, [{ name: "axis", i: -1 }]);
    const session = await ort.InferenceSession.create(model, { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
    const feeds: Record<string, InstanceType<ORT["Tensor"]>> = {};
    ins.forEach((s, i) => (feeds[names[i]!] = new ort.Tensor("float32", uniformData(size(s), i + 1), s)));
    return async () => {
      const r = await session.run(feeds);
      r.y!.dispose();
    };
  },
};

// ---- @jax-js/jax ------------------------------------------------------------------------
type JAX = typeof import("@jax-js/jax");
let jax: JAX;
const jaxjs: Peer = {
  name: "jax-js",
  async init(threads) {
    if (threads > 1) throw new Error("the wasm backend is single-threaded");
    jax = await import("@jax-js/jax");
    const got = await jax.init("wasm");
    if (!got.includes("wasm")) throw new Error("the wasm backend did not start");
    jax.defaultDevice("wasm");
  },
  async setup(w) {
    if (w.kind === "train") return jaxStep();
    const { ins } = shapes(w);
    const np = jax.numpy;
    const xs = ins.map((s, i) => np.array(uniformData(size(s), i + 1)).reshape(s));
    // jax-js arrays are consumed by ops (move semantics): pass `.ref` to keep the inputs
    let f: () => InstanceType<JAX["Array"]>;
    if (w.kind === "matmul") f = () => np.matmul(xs[0]!.ref, xs[1]!.ref);
    else if (w.kind === "conv2d") f = () => jax.lax.conv(xs[0]!.ref, xs[1]!.ref, [1, 1], "SAME");
    else {
      const sm = jax.jit((x: InstanceType<JAX["Array"]>) => jax.nn.softmax(x, -1));
      f = () => sm(xs[0]!.ref);
    }
    return async () => {
      const y = f();
      await y.data();
    };
  },
};

export const PEERS: Peer[] = [tfjs, onnx, jaxjs];

/**
 * The runtime smoke program, run unchanged in Bun, Node, Deno, workerd and Chromium: builds x, w,
 * b; computes softmax(x @ w + b), the gradients of loss(w, b) = sum(softmax(x @ w + b) * c), and
 * a uniform draw from mx.random.key(0). It takes the kiln namespace as an argument and imports
 * nothing, so each runtime passes the build it loaded (tests/runtimes/harness.ts transpiles it to
 * JS for the others). On "gpu" every op runs on the GPU stream (the default device is set).
 */

export const X = [
  [0.5, -1.25, 2.0, 0.75],
  [-0.3, 0.8, -1.5, 1.1],
  [1.7, 0.2, 0.4, -0.9],
];
export const W = [
  [0.2, -0.4, 0.6, 0.1, -0.7],
  [0.9, 0.3, -0.2, -0.5, 0.4],
  [-0.6, 0.8, 0.05, 0.3, 0.25],
  [0.15, -0.35, 0.45, -0.8, 0.6],
];
export const B = [0.1, -0.2, 0.3, 0.0, -0.15];
/** Weights of the loss: sum(softmax(x @ w + b) * C). */
export const C = [
  [1.0, -2.0, 0.5, 3.0, -1.0],
  [0.0, 1.5, -0.5, 2.0, 1.0],
  [-1.0, 0.25, 2.0, -3.0, 0.75],
];
export const UNIFORM_SHAPE = [2, 3];

export interface SmokeResult {
  device: "cpu" | "gpu";
  gpuAvailable: boolean;
  crossOriginIsolated: boolean | null;
  probs: number[];
  gradW: number[];
  gradB: number[];
  uniform: number[];
  /** Milliseconds from `t0` (taken before kiln was imported) to the first result read back. */
  firstResultMs: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Mx = any;

/** Runs the program on `device`; `t0` is performance.now() before kiln was imported. */
export async function smoke(mx: Mx, device: "cpu" | "gpu", t0: number): Promise<SmokeResult> {
  const prev = mx.defaultDevice();
  mx.setDefaultDevice(device === "gpu" ? mx.gpu : mx.cpu);
  try {
    const x = mx.array(X);
    const w = mx.array(W);
    const b = mx.array(B);
    const c = mx.array(C);
    const forward = (wv: Mx, bv: Mx): Mx => mx.softmax(mx.add(mx.matmul(x, wv), bv), { axis: -1 });
    const probs = Array.from(await forward(w, b).data()) as number[];
    const firstResultMs = performance.now() - t0;

    const loss = (wv: Mx, bv: Mx): Mx => mx.sum(mx.multiply(forward(wv, bv), c));
    const [gw, gb] = mx.grad(loss, { argnums: [0, 1] })(w, b);
    const gradW = Array.from(await gw.data()) as number[];
    const gradB = Array.from(await gb.data()) as number[];

    const u = mx.random.uniform({ shape: UNIFORM_SHAPE, key: mx.random.key(0) });
    const uniform = Array.from(await u.data()) as number[];
    const coi = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
    return {
      device,
      gpuAvailable: mx.gpu.available === true,
      crossOriginIsolated: typeof coi === "boolean" ? coi : null,
      probs,
      gradW,
      gradB,
      uniform,
      firstResultMs,
    };
  } finally {
    mx.setDefaultDevice(prev);
  }
}

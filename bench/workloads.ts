/**
 * What `bun bench` measures: the headline kernels at the shapes of the speed issue (matmul
 * square 64..2048 and the MNIST MLP shapes, conv2d 3x3 same-padding, softmax along the last
 * axis), plus a few memory-bound kiln ops. Each workload states its work (flops, or bytes
 * moved for memory-bound ones) so every runner's time becomes GFLOP/s or GB/s.
 */

export interface MatmulShape {
  M: number;
  K: number;
  N: number;
}
export interface ConvShape {
  N: number;
  H: number;
  W: number;
  Cin: number;
  Cout: number;
  k: number;
}
export interface SoftmaxShape {
  rows: number;
  cols: number;
}

export type Workload =
  | { id: string; kind: "matmul"; label: string; quick: boolean; flops: number; mm: MatmulShape; square?: number }
  | { id: string; kind: "conv2d"; label: string; quick: boolean; flops: number; conv: ConvShape }
  | { id: string; kind: "softmax"; label: string; quick: boolean; bytes: number; sm: SoftmaxShape }
  | { id: string; kind: "op"; label: string; quick: boolean; bytes: number; op: "add" | "exp" | "sum" | "transpose" }
  | { id: string; kind: "train"; label: string; quick: boolean; samples: number };

const matmul = (M: number, K: number, N: number, label: string, quick: boolean, square?: number): Workload => ({
  id: `matmul-${M}x${K}x${N}`,
  kind: "matmul",
  label,
  quick,
  flops: 2 * M * K * N,
  mm: { M, K, N },
  square,
});

const conv = (N: number, H: number, Cin: number, Cout: number, quick: boolean): Workload => ({
  id: `conv2d-N${N}-${H}x${H}x${Cin}-${Cout}`,
  kind: "conv2d",
  label: `conv2d 3x3 N${N} ${H}x${H}x${Cin}->${Cout}`,
  quick,
  flops: 2 * N * H * H * Cout * Cin * 9,
  conv: { N, H, W: H, Cin, Cout, k: 3 },
});

const softmax = (rows: number, cols: number, quick: boolean): Workload => ({
  id: `softmax-${rows}x${cols}`,
  kind: "softmax",
  label: `softmax [${rows},${cols}] axis -1`,
  quick,
  bytes: 2 * 4 * rows * cols,
  sm: { rows, cols },
});

const M1 = 1 << 20;

export const WORKLOADS: Workload[] = [
  ...[64, 128, 256, 512, 1024, 2048].map((n) => matmul(n, n, n, `matmul ${n}x${n} @ ${n}x${n}`, n === 256 || n === 1024, n)),
  matmul(128, 784, 512, "matmul MNIST layer 1: 128x784 @ 784x512", true),
  matmul(128, 512, 10, "matmul MNIST layer 2: 128x512 @ 512x10", true),
  conv(32, 28, 1, 32, false),
  conv(32, 14, 32, 64, true),
  conv(8, 56, 64, 64, true),
  softmax(4096, 1000, true),
  softmax(128, 32000, false),
  softmax(65536, 10, false),
  { id: "mnist-mlp-train", kind: "train", label: "MNIST MLP training step (784-512-10, batch 64, SGD)", quick: true, samples: 64 },
  { id: "add-1M", kind: "op", label: "add [1M] + [1M]", quick: true, bytes: 3 * 4 * M1, op: "add" },
  { id: "exp-1M", kind: "op", label: "exp [1M]", quick: false, bytes: 2 * 4 * M1, op: "exp" },
  { id: "sum-1M", kind: "op", label: "sum [1M] -> []", quick: false, bytes: 4 * M1, op: "sum" },
  { id: "transpose-1024", kind: "op", label: "transpose [1024,1024] (copy)", quick: false, bytes: 2 * 4 * M1, op: "transpose" },
];

/** Work of a workload: amount per run, its rate unit, and the divisor that gives that unit. */
export function work(w: Workload): { amount: number; unit: "GFLOP/s" | "GB/s" | "samples/s"; scale: number } {
  if (w.kind === "train") return { amount: w.samples, unit: "samples/s", scale: 1 };
  return "flops" in w ? { amount: w.flops, unit: "GFLOP/s", scale: 1e9 } : { amount: w.bytes, unit: "GB/s", scale: 1e9 };
}

/** Deterministic uniform values in [-1, 1) (a fixed LCG), the same for every runner. */
export function uniformData(n: number, seed: number): Float32Array<ArrayBuffer> {
  const d = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    d[i] = s / 2 ** 31 - 1;
  }
  return d;
}

/**
 * Single-thread float32 matmul throughput against the WASM SIMD peak measured in the same run.
 * For each shape (M x K x N) it alternates peak runs (bench/peak.ts) and matmul runs (each timed
 * from recording the op through mx.evalSync) and prints the medians and their ratio, so machine
 * load shared with other processes affects both sides alike. It prints the medians and the best
 * runs (the best run is the least disturbed one on a shared machine).
 * Run: npx bun bench/matmul_gflops.ts [N | MxKxN ...] [--ta] [--tb] [--runs R]
 */
import * as mx from "../src/index.ts";
import { peakProbe } from "./peak.ts";

const args = process.argv.slice(2);
const ta = args.includes("--ta");
const tb = args.includes("--tb");
const ri = args.indexOf("--runs");
const runsArg = ri >= 0 ? Number(args[ri + 1]) : 0;
const shapes = args
  .filter((s, i) => !s.startsWith("--") && !(ri >= 0 && i === ri + 1))
  .map((s) => s.split("x").map(Number))
  .map((d) => (d.length === 1 ? [d[0]!, d[0]!, d[0]!] : d) as [number, number, number]);
const DEFAULT: [number, number, number][] = [[256, 256, 256], [512, 512, 512], [1024, 1024, 1024], [2048, 2048, 2048], [128, 784, 512], [128, 512, 10]];
const median = (v: number[]) => [...v].sort((x, y) => x - y)[v.length >> 1]!;

const peak = await peakProbe();
console.log(`matmul f32, 1 thread${ta ? ", A transposed" : ""}${tb ? ", B transposed" : ""}; GFLOP/s medians, peak = WASM SIMD peak in the same run`);
for (const [M, K, N] of shapes.length > 0 ? shapes : DEFAULT) {
  const a = mx.random.uniform(ta ? [K, M] : [M, K]);
  const b = mx.random.uniform(tb ? [N, K] : [K, N]);
  const A = ta ? mx.transpose(a) : a;
  const B = tb ? mx.transpose(b) : b;
  mx.evalSync(a, b);
  const flops = 2 * M * N * K;
  const runs = runsArg > 0 ? runsArg : Math.max(5, Math.min(41, Math.round(3e9 / flops)));
  const reps = Math.max(1, Math.round(2e8 / flops)); // matmuls per timed run (small shapes)
  const g: number[] = [];
  const p: number[] = [];
  for (let r = -2; r < runs; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) mx.evalSync(mx.matmul(A, B, { stream: mx.cpu }));
    const ms = (performance.now() - t0) / reps;
    const pk = peak();
    if (r < 0) continue; // warm-up: JIT tiers and the buffer cache
    g.push(flops / (ms * 1e6));
    p.push(pk);
  }
  const gm = median(g);
  const pm = median(p);
  const gb = Math.max(...g);
  const pb = Math.max(...p);
  const pct = (x: number, y: number) => `${((100 * x) / y).toFixed(0).padStart(3)}%`;
  console.log(
    `${`${M}x${K}x${N}`.padEnd(16)} median ${gm.toFixed(2).padStart(6)} GFLOP/s (peak ${pm.toFixed(1)}, ${pct(gm, pm)})` +
      `  best ${gb.toFixed(2).padStart(6)} (peak ${pb.toFixed(1)}, ${pct(gb, pb)})  ${runs} runs x ${reps}`,
  );
}

/**
 * Single-thread float32 matmul throughput: GFLOP/s (2*M*N*K / time) for square sizes, median of
 * several runs, each timed from recording the op through evaluation (mx.evalSync).
 * Run: npx bun bench/matmul_gflops.ts [sizes...]
 */
import * as mx from "../src/index.ts";

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
for (const n of sizes.length > 0 ? sizes : [256, 512, 1024]) {
  const a = mx.random.uniform([n, n]);
  const b = mx.random.uniform([n, n]);
  mx.evalSync(a, b);
  const runs = n <= 256 ? 21 : n <= 512 ? 9 : 5;
  const times: number[] = [];
  for (let r = 0; r < runs + 1; r++) {
    const t0 = performance.now();
    const c = mx.matmul(a, b, { stream: mx.cpu });
    mx.evalSync(c);
    const t = performance.now() - t0;
    if (r > 0) times.push(t); // first run warms up the JIT and the buffer cache
  }
  times.sort((x, y) => x - y);
  const ms = times[times.length >> 1]!;
  console.log(`matmul ${n}x${n}x${n} f32: ${((2 * n * n * n) / (ms * 1e6)).toFixed(2)} GFLOP/s (median ${ms.toFixed(3)} ms of ${runs})`);
}

// WASM SIMD peak micro-kernel: the float32 throughput ceiling of one thread, for the bench
// (bench/peak.ts compiles this file itself; it is not a kernel family of the runtime).
// Layout: `p` points at 32 bytes of multipliers followed by 96 bytes of inputs (L1-resident).
// Tiling: 12 independent accumulation chains, acc[2i+j] += x_i * m_j, i < 6, j < 2: per step
// 6 v128.load + 12 f32x4.mul + 12 f32x4.add (96 flops), the mul/add mix and load ratio of the
// GEMM micro-kernel without its address arithmetic. 12 accumulators + 2 multipliers + 1 input +
// 1 product fill the 16 vector registers; each add chain has 12 steps of slack, so the loop is
// bound by the vector ports, not by latency. (A chain acc = acc * m + c is latency-bound: it
// reads ~20% lower; JSC lowers f32x4.relaxed_madd to mul + add, so FMA gains nothing here.)
// Limits: the inputs must be finite; the result only keeps the work from being optimised away.

/** Runs `iters` steps of 12 independent f32x4 mul+add chains (96 flops a step); returns a sum. */
export function peak_f32x4(iters: i32, p: usize): f32 {
  const m0 = v128.load(p);
  const m1 = v128.load(p, 16);
  const x = p + 32;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let a4 = f32x4.splat(0), a5 = f32x4.splat(0), a6 = f32x4.splat(0), a7 = f32x4.splat(0);
  let a8 = f32x4.splat(0), a9 = f32x4.splat(0), a10 = f32x4.splat(0), a11 = f32x4.splat(0);
  for (let i = 0; i < iters; i++) {
    let v = v128.load(x);
    a0 = f32x4.add(a0, f32x4.mul(v, m0)); a1 = f32x4.add(a1, f32x4.mul(v, m1));
    v = v128.load(x, 16);
    a2 = f32x4.add(a2, f32x4.mul(v, m0)); a3 = f32x4.add(a3, f32x4.mul(v, m1));
    v = v128.load(x, 32);
    a4 = f32x4.add(a4, f32x4.mul(v, m0)); a5 = f32x4.add(a5, f32x4.mul(v, m1));
    v = v128.load(x, 48);
    a6 = f32x4.add(a6, f32x4.mul(v, m0)); a7 = f32x4.add(a7, f32x4.mul(v, m1));
    v = v128.load(x, 64);
    a8 = f32x4.add(a8, f32x4.mul(v, m0)); a9 = f32x4.add(a9, f32x4.mul(v, m1));
    v = v128.load(x, 80);
    a10 = f32x4.add(a10, f32x4.mul(v, m0)); a11 = f32x4.add(a11, f32x4.mul(v, m1));
  }
  let s = f32x4.add(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)), f32x4.add(f32x4.add(a4, a5), f32x4.add(a6, a7)));
  s = f32x4.add(s, f32x4.add(f32x4.add(a8, a9), f32x4.add(a10, a11)));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** Flops one step of peak_f32x4 performs. */
export const PEAK_FLOPS_PER_STEP: i32 = 96;

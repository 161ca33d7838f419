// Kernel family: softmax — float32 softmax over the contiguous last axis.
// Layout: `rows` rows of `n` contiguous float32 values; output has the same layout.
// Per row, three passes: f32x4 max; exp(x - max) stored to the output and summed; scaled by
// 1/sum. A row containing NaN or +inf, or made only of -inf, gives NaN (as MLX); -inf gives 0.
// exp: the shared vectorised expf of asm/shared/vexp.ts (relative error below 2e-7, subnormal
//   results kept, -inf -> 0, NaN stays NaN); tests/softmax.test.ts checks it to 1e-6 through
//   rows [x, 0] against float64.
// Limits: n and rows fit in i32.

import { vexp } from "./shared/vexp";

@inline function sexp(x: f32): f32 {
  return f32x4.extract_lane(vexp(f32x4.splat(x)), 0);
}

/** Softmax of each of `rows` contiguous rows of length n: out = exp(x - max) / sum. */
export function softmax_f32(x: usize, out: usize, rows: i32, n: i32): void {
  const n4 = n & ~3;
  const rowBytes = <usize>n << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const orow = out + <usize>r * rowBytes;
    // pass 1: max (f32x4.max propagates NaN)
    let vm = f32x4.splat(-Infinity);
    let i = 0;
    for (; i < n4; i += 4) vm = f32x4.max(vm, v128.load(xr + (<usize>i << 2)));
    let m = max(max(f32x4.extract_lane(vm, 0), f32x4.extract_lane(vm, 1)), max(f32x4.extract_lane(vm, 2), f32x4.extract_lane(vm, 3)));
    for (; i < n; i++) m = max(m, load<f32>(xr + (<usize>i << 2)));
    // pass 2: exponentials and their sum
    const vmax = f32x4.splat(m);
    let vs = f32x4.splat(0);
    i = 0;
    for (; i < n4; i += 4) {
      const e = vexp(f32x4.sub(v128.load(xr + (<usize>i << 2)), vmax));
      v128.store(orow + (<usize>i << 2), e);
      vs = f32x4.add(vs, e);
    }
    let s = (f32x4.extract_lane(vs, 0) + f32x4.extract_lane(vs, 1)) + (f32x4.extract_lane(vs, 2) + f32x4.extract_lane(vs, 3));
    for (; i < n; i++) {
      const e = sexp(load<f32>(xr + (<usize>i << 2)) - m);
      store<f32>(orow + (<usize>i << 2), e);
      s += e;
    }
    // pass 3: normalise
    const inv: f32 = 1.0 / s;
    const vinv = f32x4.splat(inv);
    i = 0;
    for (; i < n4; i += 4) v128.store(orow + (<usize>i << 2), f32x4.mul(v128.load(orow + (<usize>i << 2)), vinv));
    for (; i < n; i++) store<f32>(orow + (<usize>i << 2), load<f32>(orow + (<usize>i << 2)) * inv);
  }
}

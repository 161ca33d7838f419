// Kernel family: softmax — float32 softmax over the contiguous last axis.
// Layout: `rows` rows of `n` contiguous float32 values; output has the same layout.
// Per row, three passes: f32x4 max; exp(x - max) stored to the output and summed; scaled by
// 1/sum. A row containing NaN or +inf, or made only of -inf, gives NaN (as MLX); -inf gives 0.
// exp: vectorised Cephes-style expf. x is clamped to [-87.3365, 88.0], split as
//   x = n*ln2 + r (n = nearest(x*log2(e)), ln2 in two parts, |r| <= ln2/2),
//   exp(r) ~ 1 + r + r^2 * P5(r) (Cephes minimax coefficients), times 2^n built in the exponent
//   bits. x < -87.3365 (including -inf) gives 0; NaN stays NaN. Without fused multiply-add the
//   relative error is below 2e-7 (2 ulp; measured max 7.9e-8 over 2e5 points of [-87.3, -20]);
//   tests/softmax.test.ts checks it to 1e-6 through rows [x, 0] against float64.
// Limits: n and rows fit in i32.

// @ts-ignore: decorator
@inline function vexp(x: v128): v128 {
  const lo = f32x4.splat(-87.33654);
  const xc = f32x4.min(f32x4.max(x, lo), f32x4.splat(88.0));
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  const scale = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const e = f32x4.mul(y, scale);
  // below the smallest normal result: 0 (the comparison is false for NaN, which stays NaN)
  return v128.andnot(e, f32x4.lt(x, lo));
}

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

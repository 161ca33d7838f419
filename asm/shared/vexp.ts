// Shared by the unary and softmax kernel families: a vectorised float32 exp.
// x = n*ln2 + r with |r| <= ln2/2 (n rounded with the 1.5*2^23 trick, ln2 in two parts),
// exp(r) by the Cephes degree-7 polynomial, and 2^n applied in two halves so that results in
// the subnormal range are right. x is clamped to [-104, 89]: below, the result is 0 (also for
// -inf); above, +inf. NaN lanes stay NaN. Relative error below 2e-7 (about 2 ulp) without FMA.

// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  // clamp keeps 2^n representable in two factors; pmax/pmin with x first keep NaN lanes
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
  // round x*log2(e) to an integer with the 1.5*2^23 trick: t's low mantissa bits hold n
  const magic = f32x4.splat(12582912.0);
  const t = f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), magic);
  const fx = f32x4.sub(t, magic);
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  const z = f32x4.mul(r, r);
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), r), f32x4.splat(1.0));
  const n = i32x4.sub(t, magic);
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23);
  const s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}


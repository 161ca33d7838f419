// Kernel family: common — float math and descriptor helpers every WGSL module may include
// (not a primitive family; no bindings, no entry point). The including module declares the
// descriptor `D: array<u32>` that src_index reads: [n, outBytes, nd, shape[nd], per input k:
// offset_k, strides_k[nd], kernel params...]; strides and offsets are int32 element counts
// (may be 0 or negative). Limits: element offsets < 2^31.

// Special floats as runtime values (WGSL rejects inf/NaN in constant expressions).
var<private> INF_BITS: u32 = 0x7f800000u;
var<private> NAN_BITS: u32 = 0x7fc00000u;
fn f32_inf() -> f32 { return bitcast<f32>(INF_BITS); }
fn f32_nan() -> f32 { return bitcast<f32>(NAN_BITS); }

// NaN tests on the bits: some WGSL compilers (SwiftShader's) fold x != x and NaN compares.
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }

// Float math shared by the families, ported from the CPU kernels (Cephes polynomials) so both
// devices agree to a few ulp; WGSL builtins are too loose on some drivers (SwiftShader's sin(1)
// is off by 2e-5, log(0) is -88, exp(NaN) is inf). Subnormal results flush to 0 on GPUs.

/** exp: x = n*ln2 + r, Cephes degree-7 polynomial (asm/shared/vexp.ts). */
fn k_exp(x0: f32) -> f32 {
  if (is_nan(x0)) { return x0; }
  if (x0 > 88.72283) { return f32_inf(); }
  if (x0 < -103.97208) { return 0.0; }
  let x = x0;
  let fx = round(x * 1.44269504088896341);
  var r = x - fx * 0.693359375;
  r = r - fx * -2.12194440e-4;
  let z = r * r;
  var y = 1.9875691500e-4;
  y = y * r + 1.3981999507e-3;
  y = y * r + 8.3334519073e-3;
  y = y * r + 4.1665795894e-2;
  y = y * r + 1.6666665459e-1;
  y = y * r + 5.0000001201e-1;
  y = y * z + r + 1.0;
  let n = i32(fx);
  let n1 = n >> 1u;
  let n2 = n - n1;
  let s1 = bitcast<f32>(u32(clamp(n1 + 127, 1, 254)) << 23u);
  let s2 = bitcast<f32>(u32(clamp(n2 + 127, 1, 254)) << 23u);
  return y * s1 * s2;
}

/** Natural log of m in [sqrt(1/2), sqrt(2)) minus 1 given as `m1`, plus e*ln2: Cephes logf. */
fn k_log_parts(x: f32) -> vec2f {
  let bits = bitcast<u32>(x);
  var e = f32(i32((bits >> 23u) & 0xffu) - 126);
  var m = bitcast<f32>((bits & 0x7fffffu) | 0x3f000000u);
  if (m < 0.707106781186547524) { e = e - 1.0; m = m + m - 1.0; } else { m = m - 1.0; }
  let z = m * m;
  var y = 7.0376836292e-2;
  y = y * m - 1.1514610310e-1;
  y = y * m + 1.1676998740e-1;
  y = y * m - 1.2420140846e-1;
  y = y * m + 1.4249322787e-1;
  y = y * m - 1.6668057665e-1;
  y = y * m + 2.0000714765e-1;
  y = y * m - 2.4999993993e-1;
  y = y * m + 3.3333331174e-1;
  y = y * m * z;
  y = y - 0.5 * z;
  return vec2f(m + y, e);
}
/** log with IEEE special cases: log(0) = -inf, log(x<0) = NaN, log(inf) = inf. */
fn k_log(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x < 0.0) { return f32_nan(); }
  if ((bitcast<u32>(x) & 0x7f800000u) == 0u) { return -f32_inf(); }
  if (is_inf(x)) { return x; }
  let p = k_log_parts(x);
  return p.x + p.y * -2.12194440e-4 + p.y * 0.693359375;
}
fn k_log2(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x < 0.0) { return f32_nan(); }
  if ((bitcast<u32>(x) & 0x7f800000u) == 0u) { return -f32_inf(); }
  if (is_inf(x)) { return x; }
  let p = k_log_parts(x);
  return p.x * 1.44269504088896341 + p.y;
}

/** 2/pi in bits, overlapping windows (ARM optimized-routines sinf's __inv_pio4). */
const INV_PIO4 = array<u32, 24>(
  0xa2u, 0xa2f9u, 0xa2f983u, 0xa2f9836eu, 0xf9836e4eu, 0x836e4e44u, 0x6e4e4415u, 0x4e441529u,
  0x441529fcu, 0x1529fc27u, 0x29fc2757u, 0xfc2757d1u, 0x2757d1f5u, 0x57d1f534u, 0xd1f534ddu, 0xf534ddc0u,
  0x34ddc0dbu, 0xddc0db62u, 0xc0db6295u, 0xdb629599u, 0x6295993cu, 0x95993c43u, 0x993c4390u, 0x3c439041u);

/** Full 32x32 -> 64-bit product as (lo, hi). */
fn k_mul_wide(a: u32, b: u32) -> vec2u {
  let a0 = a & 0xffffu; let a1 = a >> 16u; let b0 = b & 0xffffu; let b1 = b >> 16u;
  let p00 = a0 * b0; let p01 = a0 * b1; let p10 = a1 * b0; let p11 = a1 * b1;
  let mid = (p00 >> 16u) + (p01 & 0xffffu) + (p10 & 0xffffu);
  return vec2u((p00 & 0xffffu) | (mid << 16u), p11 + (p01 >> 16u) + (p10 >> 16u) + (mid >> 16u));
}

/**
 * Payne-Hanek reduction of a large |x| (bits `xi`, |x| >= 8192): returns (r, quadrant) with
 * |x| = quadrant*pi/2 + r, |r| <= pi/4, using 96 bits of 2/pi (ARM optimized-routines sinf).
 */
fn k_reduce_large(xi: u32) -> vec2f {
  let k = (xi >> 26u) & 15u;
  let m = ((xi & 0xffffffu) | 0x800000u) << ((xi >> 23u) & 7u);
  let r0 = m * INV_PIO4[k];
  let r1 = k_mul_wide(m, INV_PIO4[k + 4u]);
  let r2 = k_mul_wide(m, INV_PIO4[k + 8u]);
  // res = (r0 << 32 | hi(r2)) + r1, 64-bit
  let lo = r2.y + r1.x;
  var hi = r0 + r1.y + select(0u, 1u, lo < r2.y);
  let n = (hi + 0x20000000u) >> 30u;
  hi = hi - (n << 30u);
  let v = f32(bitcast<i32>(hi)) * 4294967296.0 + f32(lo);
  return vec2f(v * 3.4061215800865545e-19, f32(n & 3u));
}

/** sin (cos when `c`) by Cephes sinf/cosf: octant reduction with pi/4 in three parts. */
fn k_sincos(x: f32, c: bool) -> f32 {
  if (is_nan(x) || is_inf(x)) { return f32_nan(); }
  if (abs(x) >= 8192.0) {
    let red = k_reduce_large(bitcast<u32>(abs(x)));
    let r = red.x;
    let z = r * r;
    let sr = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
    let cr = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
    let q = (u32(red.y) + select(0u, 1u, c)) & 3u; // cos(a) = sin(a + pi/2)
    var v = select(sr, cr, (q & 1u) != 0u);
    if (q >= 2u) { v = -v; }
    return select(v, -v, x < 0.0 && !c);
  }
  var sgn = select(1.0, -1.0, x < 0.0 && !c);
  let ax = abs(x);
  var j = u32(ax * 1.27323954473516);
  var y = f32(j);
  if ((j & 1u) != 0u) { j = j + 1u; y = y + 1.0; }
  j = j & 7u;
  if (j > 3u) { sgn = -sgn; j = j - 4u; }
  if (c && j > 1u) { sgn = -sgn; }
  let r = ((ax - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  let z = r * r;
  let useCos = select(j == 1u || j == 2u, j == 0u || j == 3u, c);
  var v: f32;
  if (useCos) {
    v = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  } else {
    v = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  }
  return sgn * v;
}

/** Element offset into input k of output element e (row-major over the collapsed shape). */
fn src_index(e: u32, k: u32) -> u32 {
  let nd = D[2];
  let base = 3u + nd + k * (nd + 1u);
  var rem = e;
  var o = bitcast<i32>(D[base]);
  for (var d = nd; d > 0u; d--) {
    let s = D[2u + d];
    let c = rem % s;
    rem = rem / s;
    o += i32(c) * bitcast<i32>(D[base + d]);
  }
  return u32(o);
}

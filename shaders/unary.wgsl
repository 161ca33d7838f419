// Kernel family: unary — elementwise y = f(x), input contiguous (read through the common
// descriptor with one dimension of stride 1). Runs in the common.wgsl skeleton.
// Functions are named <prim>_<f32|i32|u32>; uint8 and bool compute in u32 and the store
// masks to 8 bits (wrapping like the CPU). Float-only ops always get float32 (the op casts).
// Accuracy: exp/log/log2/sin/cos are common.wgsl's Cephes ports (the CPU's polynomials);
// expm1/log1p use Kahan's correction; erf/erfinv are the CPU's njuffa
// polynomials evaluated in f32 (the CPU evaluates them in f64). NaN is propagated explicitly
// where WGSL leaves it unspecified (sign, tanh). Limits: as common.wgsl.

fn isnan_f(x: f32) -> bool { return is_nan(x); }

fn abs_f32(x: f32) -> f32 { return abs(x); }
fn abs_i32(x: i32) -> i32 { return select(x, 0 - x, x < 0); }
fn negative_f32(x: f32) -> f32 { return -x; }
fn negative_u32(x: u32) -> u32 { return 0u - x; }
fn sign_f32(x: f32) -> f32 { return select(select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0), x, isnan_f(x)); }
fn sign_i32(x: i32) -> i32 { return select(select(0, -1, x < 0), 1, x > 0); }
fn sign_u32(x: u32) -> u32 { return select(0u, 1u, x != 0u); }
fn square_f32(x: f32) -> f32 { return x * x; }
fn square_u32(x: u32) -> u32 { return x * x; }
fn sqrt_f32(x: f32) -> f32 { if (isnan_f(x) || x < 0.0) { return f32_nan(); } return sqrt(x); }
fn rsqrt_f32(x: f32) -> f32 { return 1.0 / sqrt(x); }
fn reciprocal_f32(x: f32) -> f32 { return 1.0 / x; }
fn exp_f32(x: f32) -> f32 { return k_exp(x); }
fn expm1_f32(x: f32) -> f32 {
  let u = k_exp(x);
  if (u == 1.0 || isnan_f(x)) { return x; }
  let um1 = u - 1.0;
  if (um1 == -1.0) { return -1.0; }
  if (u > 3.0e38) { return u; }
  return um1 * x / k_log(u);
}
fn log_f32(x: f32) -> f32 { return k_log(x); }
fn log1p_f32(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0 || isnan_f(x)) { return x; }
  if (u > 3.0e38 || u <= 0.0) { return k_log(u); }
  return k_log(u) * x / (u - 1.0);
}
fn log2_f32(x: f32) -> f32 { return k_log2(x); }
fn sin_f32(x: f32) -> f32 { return k_sincos(x, false); }
fn cos_f32(x: f32) -> f32 { return k_sincos(x, true); }
fn tan_f32(x: f32) -> f32 { return k_sincos(x, false) / k_sincos(x, true); }
fn tanh_f32(x: f32) -> f32 {
  if (isnan_f(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.625) {
    let s = x * x;
    var p = -5.70498872745e-3;
    p = p * s + 2.06390887954e-2;
    p = p * s - 5.37397155531e-2;
    p = p * s + 1.33314422036e-1;
    p = p * s - 3.33332819422e-1;
    return p * s * x + x;
  }
  let e = k_exp(min(ax + ax, 88.0));
  let r = 1.0 - 2.0 / (e + 1.0);
  return select(r, -r, x < 0.0);
}
fn sigmoid_f32(x: f32) -> f32 {
  if (isnan_f(x)) { return x; }
  let e = k_exp(-abs(x));
  let s = 1.0 / (1.0 + e);
  return select(s, e * s, x < 0.0);
}
fn erf_f32(a: f32) -> f32 {
  let t = abs(a);
  let s = a * a;
  var r: f32;
  if (t > 0.927734375) {
    r = -1.72853470e-5 * t + 3.83197126e-4;
    let u = -3.88396438e-3 * t + 2.42546219e-2;
    r = r * s + u;
    r = r * t - 1.06777877e-1;
    r = r * t - 6.34846687e-1;
    r = r * t - 1.28717512e-1;
    r = r * t - t;
    r = 1.0 - k_exp(r);
    return select(r, -r, a < 0.0);
  }
  r = -5.96761703e-4;
  r = r * s + 4.99119423e-3;
  r = r * s - 2.67681349e-2;
  r = r * s + 1.12819925e-1;
  r = r * s - 3.76125336e-1;
  r = r * s + 1.28379166e-1;
  return r * a + a;
}
fn erfinv_f32(a: f32) -> f32 {
  if (abs(a) == 1.0) { return a * f32_inf(); }
  if (!(abs(a) < 1.0)) { return f32_nan(); }
  let t = k_log((1.0 - a) * (1.0 + a));
  var p: f32;
  if (abs(t) > 6.125) {
    p = 3.03697567e-10;
    p = p * t + 2.93243101e-8;
    p = p * t + 1.22150334e-6;
    p = p * t + 2.84108955e-5;
    p = p * t + 3.93552968e-4;
    p = p * t + 3.02698812e-3;
    p = p * t + 4.83185798e-3;
    p = p * t - 2.64646143e-1;
    p = p * t + 8.40016484e-1;
  } else {
    p = 5.43877832e-9;
    p = p * t + 1.43285448e-7;
    p = p * t + 1.22774793e-6;
    p = p * t + 1.12963626e-7;
    p = p * t - 5.61530760e-5;
    p = p * t - 1.47697632e-4;
    p = p * t + 2.31468678e-3;
    p = p * t + 1.15392581e-2;
    p = p * t - 2.32015476e-1;
    p = p * t + 8.86226892e-1;
  }
  return a * p;
}
fn floor_f32(x: f32) -> f32 { return floor(x); }
fn ceil_f32(x: f32) -> f32 { return ceil(x); }
fn round_f32(x: f32) -> f32 { return round(x); }
fn logicalNot_f32(x: f32) -> u32 { return select(0u, 1u, (bitcast<u32>(x) & 0x7fffffffu) == 0u); }
fn logicalNot_u32(x: u32) -> u32 { return select(0u, 1u, x == 0u); }
fn isnan_f32(x: f32) -> u32 { return select(0u, 1u, isnan_f(x)); }
fn isinf_f32(x: f32) -> u32 { return select(0u, 1u, is_inf(x)); }

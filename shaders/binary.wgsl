// Kernel family: binary — elementwise out = f(a, b) with NumPy broadcasting, and the ternary
// where(cond, x, y). Runs in the common.wgsl skeleton: each operand is read through its own
// descriptor strides (0 along broadcast dimensions), so no operand is ever materialised.
// Functions are named <prim>_<f32|i32|u32>; uint8 computes in u32 and the store masks to 8
// bits; bool add/maximum run logicalOr and multiply/minimum logicalAnd (chosen by the host).
// Semantics match asm/binary.ts: integer + - * wrap; floorDivide and remainder by zero give
// 0; INT_MIN // -1 wraps; remainder has the sign of the divisor; int power with a negative
// exponent gives trunc(a^b); float maximum/minimum propagate NaN. Limits: as common.wgsl.

fn nan_f(x: f32) -> bool { return is_nan(x); }

fn add_f32(a: f32, b: f32) -> f32 { return a + b; }
fn add_i32(a: i32, b: i32) -> i32 { return a + b; }
fn add_u32(a: u32, b: u32) -> u32 { return a + b; }
fn subtract_f32(a: f32, b: f32) -> f32 { return a - b; }
fn subtract_i32(a: i32, b: i32) -> i32 { return a - b; }
fn subtract_u32(a: u32, b: u32) -> u32 { return a - b; }
fn multiply_f32(a: f32, b: f32) -> f32 { return a * b; }
fn multiply_i32(a: i32, b: i32) -> i32 { return a * b; }
fn multiply_u32(a: u32, b: u32) -> u32 { return a * b; }
fn divide_f32(a: f32, b: f32) -> f32 { return a / b; }

fn power_f32(a: f32, b: f32) -> f32 {
  // special cases as the CPU's Mathf.pow: pow(1, NaN) and pow(±1, ±inf) are NaN
  if (b == 0.0) { return 1.0; }
  if (nan_f(a) || nan_f(b)) { return f32_nan(); }
  let inf = f32_inf();
  if (is_inf(b)) {
    if (abs(a) == 1.0) { return f32_nan(); }
    return select(select(inf, 0.0, b > 0.0), select(0.0, inf, b > 0.0), abs(a) > 1.0);
  }
  if (a == 1.0) { return 1.0; }
  let bi = floor(b) == b;
  let odd = bi && abs(b) < 16777216.0 && (i32(abs(b)) & 1) == 1;
  let neg = bitcast<u32>(a) >= 0x80000000u;
  if (a == 0.0) {
    if (b > 0.0) { return select(0.0, a, odd); }
    return select(inf, -inf, odd && neg);
  }
  if (is_inf(a)) {
    let m = select(0.0, inf, b > 0.0);
    return select(m, -m, odd && neg);
  }
  if (a < 0.0) {
    if (!bi) { return f32_nan(); }
    let r = k_exp(b * k_log(-a));
    return select(r, -r, odd);
  }
  return k_exp(b * k_log(a));
}
fn power_i32(a: i32, b: i32) -> i32 {
  if (b < 0) {
    if (a == 1) { return 1; }
    if (a == -1) { return select(1, -1, (b & 1) != 0); }
    return 0;
  }
  var r = 1;
  var base = a;
  var e = u32(b);
  while (e != 0u) {
    if ((e & 1u) != 0u) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}
fn power_u32(a: u32, b: u32) -> u32 {
  var r = 1u;
  var base = a;
  var e = b;
  while (e != 0u) {
    if ((e & 1u) != 0u) { r = r * base; }
    base = base * base;
    e = e >> 1u;
  }
  return r;
}
fn maximum_f32(a: f32, b: f32) -> f32 { if (nan_f(a) || nan_f(b)) { return a + b; } return max(a, b); }
fn maximum_i32(a: i32, b: i32) -> i32 { return max(a, b); }
fn maximum_u32(a: u32, b: u32) -> u32 { return max(a, b); }
fn minimum_f32(a: f32, b: f32) -> f32 { if (nan_f(a) || nan_f(b)) { return a + b; } return min(a, b); }
fn minimum_i32(a: i32, b: i32) -> i32 { return min(a, b); }
fn minimum_u32(a: u32, b: u32) -> u32 { return min(a, b); }
fn floorDivide_f32(a: f32, b: f32) -> f32 { return floor(a / b); }
fn floorDivide_i32(a: i32, b: i32) -> i32 {
  if (b == 0) { return 0; }
  if (b == -1) { return 0 - a; }
  var q = a / b;
  if (a % b != 0 && ((a < 0) != (b < 0))) { q = q - 1; }
  return q;
}
fn floorDivide_u32(a: u32, b: u32) -> u32 { if (b == 0u) { return 0u; } return a / b; }
/** C fmod on the bits (musl's fmodf): exact for every quotient, subnormal results kept. */
fn fmod_f32(x: f32, y: f32) -> f32 {
  var ux = bitcast<u32>(x);
  var uy = bitcast<u32>(y);
  var ex = i32((ux >> 23u) & 0xffu);
  var ey = i32((uy >> 23u) & 0xffu);
  let sx = ux & 0x80000000u;
  if ((uy << 1u) == 0u || ex == 0xff || nan_f(y)) { return f32_nan(); }
  if ((ux << 1u) <= (uy << 1u)) {
    if ((ux << 1u) == (uy << 1u)) { return bitcast<f32>(sx); }
    return x;
  }
  if (ex == 0) {
    var i = ux << 9u;
    while ((i >> 31u) == 0u) { ex = ex - 1; i = i << 1u; }
    ux = ux << u32(-ex + 1);
  } else {
    ux = (ux & 0x7fffffu) | 0x800000u;
  }
  if (ey == 0) {
    var i = uy << 9u;
    while ((i >> 31u) == 0u) { ey = ey - 1; i = i << 1u; }
    uy = uy << u32(-ey + 1);
  } else {
    uy = (uy & 0x7fffffu) | 0x800000u;
  }
  while (ex > ey) {
    let i = ux - uy;
    if ((i >> 31u) == 0u) {
      if (i == 0u) { return bitcast<f32>(sx); }
      ux = i;
    }
    ux = ux << 1u;
    ex = ex - 1;
  }
  let i = ux - uy;
  if ((i >> 31u) == 0u) {
    if (i == 0u) { return bitcast<f32>(sx); }
    ux = i;
  }
  while ((ux >> 23u) == 0u) { ux = ux << 1u; ex = ex - 1; }
  if (ex > 0) {
    ux = (ux - 0x800000u) | (u32(ex) << 23u);
  } else {
    ux = ux >> u32(-ex + 1);
  }
  return bitcast<f32>(ux | sx);
}
fn remainder_f32(a: f32, b: f32) -> f32 {
  if (nan_f(a) || nan_f(b) || is_inf(a) || b == 0.0) { return f32_nan(); }
  var r = a;
  if (!is_inf(b)) { r = fmod_f32(a, b); }
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { r = r + b; }
  return r;
}
fn remainder_i32(a: i32, b: i32) -> i32 {
  if (b == 0 || b == -1) { return 0; }
  var r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) { r = r + b; }
  return r;
}
fn remainder_u32(a: u32, b: u32) -> u32 { if (b == 0u) { return 0u; } return a % b; }
fn logaddexp_f32(a: f32, b: f32) -> f32 {
  if (a == b) { return a + 0.6931471805599453; }
  let m = max(a, b);
  if (nan_f(a) || nan_f(b)) { return a + b; }
  let z = k_exp(-abs(a - b));
  let u = 1.0 + z;
  var l = z;
  if (u != 1.0) { l = k_log(u) * z / (u - 1.0); }
  return m + l;
}
fn equal_f32(a: f32, b: f32) -> u32 { return select(0u, 1u, a == b && !nan_f(a) && !nan_f(b)); }
fn equal_i32(a: i32, b: i32) -> u32 { return select(0u, 1u, a == b); }
fn equal_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a == b); }
fn notEqual_f32(a: f32, b: f32) -> u32 { return select(0u, 1u, !(a == b) || nan_f(a) || nan_f(b)); }
fn notEqual_i32(a: i32, b: i32) -> u32 { return select(0u, 1u, a != b); }
fn notEqual_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a != b); }
fn less_f32(a: f32, b: f32) -> u32 { return select(0u, 1u, a < b && !nan_f(a) && !nan_f(b)); }
fn less_i32(a: i32, b: i32) -> u32 { return select(0u, 1u, a < b); }
fn less_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a < b); }
fn lessEqual_f32(a: f32, b: f32) -> u32 { return select(0u, 1u, a <= b && !nan_f(a) && !nan_f(b)); }
fn lessEqual_i32(a: i32, b: i32) -> u32 { return select(0u, 1u, a <= b); }
fn lessEqual_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a <= b); }
fn greater_f32(a: f32, b: f32) -> u32 { return select(0u, 1u, a > b && !nan_f(a) && !nan_f(b)); }
fn greater_i32(a: i32, b: i32) -> u32 { return select(0u, 1u, a > b); }
fn greater_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a > b); }
fn greaterEqual_f32(a: f32, b: f32) -> u32 { return select(0u, 1u, a >= b && !nan_f(a) && !nan_f(b)); }
fn greaterEqual_i32(a: i32, b: i32) -> u32 { return select(0u, 1u, a >= b); }
fn greaterEqual_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a >= b); }
fn logicalAnd_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a != 0u && b != 0u); }
fn logicalOr_u32(a: u32, b: u32) -> u32 { return select(0u, 1u, a != 0u || b != 0u); }
/** where on raw bits: cond is bool (0/1), x and y share the output dtype. */
fn where_u32(c: u32, x: u32, y: u32) -> u32 { return select(y, x, c != 0u); }

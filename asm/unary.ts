// Kernel family: unary — elementwise maps y[i] = f(x[i]).
// Layout: input and output are contiguous row-major; pointers are byte offsets into the shared
// memory; every export takes (src, dst, n) with n the element count.
// Tiling: f32 kernels run 4 lanes at a time (f32x4); the 1-3 element tail is loaded into a
// partial vector and goes through the same vector code, so every element of an array gets
// bit-identical math. Ops without a vector form (log, sin, expm1, erf, ...) are scalar Mathf.
// Accuracy: exp/sigmoid/tanh use a Cephes-style vector polynomial (< 2 ulp for exp); erf and
// erfinv use njuffa's polynomial approximations evaluated in f64 (about 1 and 3 ulp).
// Limits: n < 2^31. Integer kernels wrap on overflow (negative/abs of INT_MIN, square).
// Bool is stored as u8 0/1; predicates (isnan, isinf, logicalNot) write u8 0/1.

// ---- op codes (compile-time constants; every switch below folds away after inlining) ----
import { vexp } from "./shared/vexp";

const ABS = 0;
const NEG = 1;
const SIGN = 2;
const SQRT = 3;
const RSQRT = 4;
const SQUARE = 5;
const RECIP = 6;
const EXP = 7;
const SIGMOID = 8;
const TANH = 9;
const FLOOR = 10;
const CEIL = 11;
const ROUND = 12;
const EXPM1 = 20;
const LOG = 21;
const LOG1P = 22;
const LOG2 = 23;
const SIN = 24;
const COS = 25;
const TAN = 26;
const ERF = 27;
const ERFINV = 28;

@inline function vtanh(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const ax = f32x4.abs(x);
  // |x| < 0.625: odd polynomial (no cancellation near 0)
  const s = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, s), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, s), x), x);
  // otherwise 1 - 2/(exp(2|x|)+1), with the sign of x
  const e = vexp(f32x4.add(ax, ax));
  const big = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(e, one)));
  const signed = v128.or(big, v128.and(x, i32x4.splat(<i32>0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

@inline function vop(op: i32, x: v128): v128 {
  switch (op) {
    case ABS: return f32x4.abs(x);
    case NEG: return f32x4.neg(x);
    case SIGN: {
      const one = f32x4.splat(1.0);
      const pos = v128.and(f32x4.gt(x, f32x4.splat(0)), one);
      const neg = v128.and(f32x4.lt(x, f32x4.splat(0)), one);
      // NaN lanes keep x
      return v128.bitselect(f32x4.sub(pos, neg), x, f32x4.eq(x, x));
    }
    case SQRT: return f32x4.sqrt(x);
    case RSQRT: return f32x4.div(f32x4.splat(1.0), f32x4.sqrt(x));
    case SQUARE: return f32x4.mul(x, x);
    case RECIP: return f32x4.div(f32x4.splat(1.0), x);
    case EXP: return vexp(x);
    case SIGMOID: {
      // e = exp(-|x|) never overflows; x >= 0: 1/(1+e), x < 0: e/(1+e) (keeps tiny results)
      const e = vexp(f32x4.neg(f32x4.abs(x)));
      const s = f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), e));
      return v128.bitselect(f32x4.mul(e, s), s, f32x4.lt(x, f32x4.splat(0)));
    }
    case TANH: return vtanh(x);
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case ROUND: return f32x4.nearest(x); // ties to even, as NumPy/MLX
  }
  return x;
}

// erf: njuffa's faithfully-rounded erff polynomial, evaluated in f64
@inline function erf1(a: f32): f32 {
  const x = <f64>a;
  const t = Math.abs(x);
  const s = x * x;
  let r: f64;
  if (t > 0.927734375) {
    r = -1.72853470e-5 * t + 3.83197126e-4;
    const u = -3.88396438e-3 * t + 2.42546219e-2;
    r = r * s + u;
    r = r * t - 1.06777877e-1;
    r = r * t - 6.34846687e-1;
    r = r * t - 1.28717512e-1;
    r = r * t - t;
    r = 1.0 - Math.exp(r);
    r = copysign<f64>(r, x);
  } else {
    r = -5.96761703e-4;
    r = r * s + 4.99119423e-3;
    r = r * s - 2.67681349e-2;
    r = r * s + 1.12819925e-1;
    r = r * s - 3.76125336e-1;
    r = r * s + 1.28379166e-1;
    r = r * x + x;
  }
  return <f32>r;
}

// erfinv: njuffa's polynomial in t = log(1 - a^2), evaluated in f64; |a| > 1 gives NaN, ±1 gives ±inf
@inline function erfinv1(a: f32): f32 {
  const x = <f64>a;
  const t = Math.log((1.0 - x) * (1.0 + x));
  let p: f64;
  if (Math.abs(t) > 6.125) {
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
  if (Math.abs(x) == 1.0) return <f32>(x * Infinity);
  return <f32>(x * p);
}

// 2/pi in bits, overlapping windows (ARM optimized-routines sinf's __inv_pio4). AssemblyScript's
// Mathf.sin/cos/tan reduce some large arguments wrongly (e.g. sin(1.2e27f)), so |x| >= 8192
// goes through this Payne-Hanek reduction (the GPU kernels use the same one).
const INV_PIO4: StaticArray<u32> = [
  0xa2, 0xa2f9, 0xa2f983, 0xa2f9836e, 0xf9836e4e, 0x836e4e44, 0x6e4e4415, 0x4e441529,
  0x441529fc, 0x1529fc27, 0x29fc2757, 0xfc2757d1, 0x2757d1f5, 0x57d1f534, 0xd1f534dd, 0xf534ddc0,
  0x34ddc0db, 0xddc0db62, 0xc0db6295, 0xdb629599, 0x6295993c, 0x95993c43, 0x993c4390, 0x3c439041,
];

/** sin (op SIN), cos or tan of a large |x| (>= 8192): |x| = q*pi/2 + r exactly, then f64 sin/cos of r. */
function trigLarge(op: i32, x: f32): f32 {
  const xi = reinterpret<u32>(x) & 0x7fffffff;
  const k = (xi >> 26) & 15;
  const m = ((xi & 0xffffff) | 0x800000) << ((xi >> 23) & 7);
  let res0 = <u64>(m * unchecked(INV_PIO4[k]));
  const res1 = <u64>m * <u64>unchecked(INV_PIO4[k + 4]);
  const res2 = <u64>m * <u64>unchecked(INV_PIO4[k + 8]);
  res0 = (res2 >> 32) | (res0 << 32);
  res0 += res1;
  const q = (res0 + (<u64>1 << 61)) >> 62;
  res0 -= q << 62;
  const r = <f64>(<i64>res0) * 3.4061215800865545e-19;
  const s = Math.sin(r);
  const c = Math.cos(r);
  const n = <i32>q & 3;
  const sinA = n == 0 ? s : n == 1 ? c : n == 2 ? -s : -c;
  const cosA = n == 0 ? c : n == 1 ? -s : n == 2 ? -c : s;
  const neg = x < 0;
  if (op == COS) return <f32>cosA;
  if (op == SIN) return <f32>(neg ? -sinA : sinA);
  return <f32>(neg ? -sinA / cosA : sinA / cosA);
}

@inline function sop(op: i32, x: f32): f32 {
  if ((op == SIN || op == COS || op == TAN) && Mathf.abs(x) >= 8192 && Mathf.abs(x) < Infinity) return trigLarge(op, x);
  switch (op) {
    case EXPM1: return Mathf.expm1(x);
    case LOG: return Mathf.log(x);
    case LOG1P: return Mathf.log1p(x);
    case LOG2: return Mathf.log2(x);
    case SIN: return Mathf.sin(x);
    case COS: return Mathf.cos(x);
    case TAN: return Mathf.tan(x);
    case ERF: return erf1(x);
    case ERFINV: return erfinv1(x);
  }
  return x;
}

@inline function vecMap(op: i32, src: usize, dst: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(dst + o, vop(op, v128.load(src + o)));
  }
  const r = n - i;
  if (r <= 0) return;
  // tail: same vector code on a partial vector, no read or write past the buffers
  const p = src + (<usize>i << 2);
  const q = dst + (<usize>i << 2);
  let v = f32x4.splat(1.0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (r > 1) v = f32x4.replace_lane(v, 1, load<f32>(p + 4));
  if (r > 2) v = f32x4.replace_lane(v, 2, load<f32>(p + 8));
  const w = vop(op, v);
  store<f32>(q, f32x4.extract_lane(w, 0));
  if (r > 1) store<f32>(q + 4, f32x4.extract_lane(w, 1));
  if (r > 2) store<f32>(q + 8, f32x4.extract_lane(w, 2));
}

@inline function scalarMap(op: i32, src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dst + o, sop(op, load<f32>(src + o)));
  }
}

// ---- float32 -> float32 ----
export function abs_f32(s: usize, d: usize, n: i32): void { vecMap(ABS, s, d, n); }
export function negative_f32(s: usize, d: usize, n: i32): void { vecMap(NEG, s, d, n); }
export function sign_f32(s: usize, d: usize, n: i32): void { vecMap(SIGN, s, d, n); }
export function sqrt_f32(s: usize, d: usize, n: i32): void { vecMap(SQRT, s, d, n); }
export function rsqrt_f32(s: usize, d: usize, n: i32): void { vecMap(RSQRT, s, d, n); }
export function square_f32(s: usize, d: usize, n: i32): void { vecMap(SQUARE, s, d, n); }
export function reciprocal_f32(s: usize, d: usize, n: i32): void { vecMap(RECIP, s, d, n); }
export function exp_f32(s: usize, d: usize, n: i32): void { vecMap(EXP, s, d, n); }
export function sigmoid_f32(s: usize, d: usize, n: i32): void { vecMap(SIGMOID, s, d, n); }
export function tanh_f32(s: usize, d: usize, n: i32): void { vecMap(TANH, s, d, n); }
export function floor_f32(s: usize, d: usize, n: i32): void { vecMap(FLOOR, s, d, n); }
export function ceil_f32(s: usize, d: usize, n: i32): void { vecMap(CEIL, s, d, n); }
export function round_f32(s: usize, d: usize, n: i32): void { vecMap(ROUND, s, d, n); }
export function expm1_f32(s: usize, d: usize, n: i32): void { scalarMap(EXPM1, s, d, n); }
export function log_f32(s: usize, d: usize, n: i32): void { scalarMap(LOG, s, d, n); }
export function log1p_f32(s: usize, d: usize, n: i32): void { scalarMap(LOG1P, s, d, n); }
export function log2_f32(s: usize, d: usize, n: i32): void { scalarMap(LOG2, s, d, n); }
export function sin_f32(s: usize, d: usize, n: i32): void { scalarMap(SIN, s, d, n); }
export function cos_f32(s: usize, d: usize, n: i32): void { scalarMap(COS, s, d, n); }
export function tan_f32(s: usize, d: usize, n: i32): void { scalarMap(TAN, s, d, n); }
export function erf_f32(s: usize, d: usize, n: i32): void { scalarMap(ERF, s, d, n); }
export function erfinv_f32(s: usize, d: usize, n: i32): void { scalarMap(ERFINV, s, d, n); }

// ---- int32 / uint32 (4-byte integers; negative and square give the same bits for both) ----
/** |x| of int32 (wraps at INT_MIN). */
export function abs_i32(s: usize, d: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(d + (<usize>i << 2), i32x4.abs(v128.load(s + (<usize>i << 2))));
  for (; i < n; i++) { const v = load<i32>(s + (<usize>i << 2)); store<i32>(d + (<usize>i << 2), v < 0 ? -v : v); }
}
/** -x of 4-byte integers (wrapping). */
export function negative_i32(s: usize, d: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(d + (<usize>i << 2), i32x4.neg(v128.load(s + (<usize>i << 2))));
  for (; i < n; i++) store<i32>(d + (<usize>i << 2), -load<i32>(s + (<usize>i << 2)));
}
/** x*x of 4-byte integers (wrapping). */
export function square_i32(s: usize, d: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) { const v = v128.load(s + (<usize>i << 2)); v128.store(d + (<usize>i << 2), i32x4.mul(v, v)); }
  for (; i < n; i++) { const v = load<i32>(s + (<usize>i << 2)); store<i32>(d + (<usize>i << 2), v * v); }
}
/** sign of int32: -1, 0 or 1. */
export function sign_i32(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) { const v = load<i32>(s + (<usize>i << 2)); store<i32>(d + (<usize>i << 2), <i32>(v > 0) - <i32>(v < 0)); }
}
/** sign of uint32: 0 or 1. */
export function sign_u32(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(d + (<usize>i << 2), load<u32>(s + (<usize>i << 2)) != 0 ? 1 : 0);
}

// ---- uint8 / bool (1-byte) ----
/** -x of uint8 (wrapping). */
export function negative_u8(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(d + <usize>i, <u8>(0 - <i32>load<u8>(s + <usize>i)));
}
/** x*x of uint8 (wrapping). */
export function square_u8(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) { const v = <i32>load<u8>(s + <usize>i); store<u8>(d + <usize>i, <u8>(v * v)); }
}
/** sign of uint8 or bool: 0 or 1. */
export function sign_u8(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(d + <usize>i, load<u8>(s + <usize>i) != 0 ? 1 : 0);
}

// ---- predicates -> bool (u8 0/1) ----
/** isnan of float32. */
export function isnan_f32(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) { const v = load<f32>(s + (<usize>i << 2)); store<u8>(d + <usize>i, v != v ? 1 : 0); }
}
/** isinf of float32 (either sign). */
export function isinf_f32(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(d + <usize>i, Mathf.abs(load<f32>(s + (<usize>i << 2))) == Infinity ? 1 : 0);
}
/** logicalNot of float32 (NaN is truthy, as in NumPy). */
export function not_f32(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(d + <usize>i, load<f32>(s + (<usize>i << 2)) == 0 ? 1 : 0);
}
/** logicalNot of 4-byte integers. */
export function not_i32(s: usize, d: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<u8>(d + <usize>i, load<i32>(s + (<usize>i << 2)) == 0 ? 1 : 0);
}
/** logicalNot of uint8 or bool. */
export function not_u8(s: usize, d: usize, n: i32): void {
  let i = 0;
  const zero = i8x16.splat(0);
  const one = i8x16.splat(1);
  for (; i + 16 <= n; i += 16) v128.store(d + <usize>i, v128.and(i8x16.eq(v128.load(s + <usize>i), zero), one));
  for (; i < n; i++) store<u8>(d + <usize>i, load<u8>(s + <usize>i) == 0 ? 1 : 0);
}

// Kernel family: copy — casts, strided copies (transpose, broadcast, slice), fills, arange,
// concatenation. Runs in the common.wgsl skeleton (one invocation per output word).
// Layout: astype/asStrided read input 0 through the descriptor's strides; full/arange read
// their params from D[P..]; concatenate is one dispatch per input, each writing only the
// columns of its input (keep() leaves the others), so packed 1-byte outputs stay race-free.
// Casts follow the CPU kernels exactly: float -> int32/uint32 truncates toward zero and
// saturates (NaN -> 0), float -> uint8 is the int32 result's low byte, anything -> bool is
// (x != 0), bool/uint8 -> float is exact. The clamps are explicit: drivers differ on
// out-of-range f32 -> int conversions. Limits: as common.wgsl.

fn cast_f32_i32(x: f32) -> i32 {
  if (is_nan(x)) { return 0; }
  if (x >= 2147483648.0) { return 2147483647; }
  if (x <= -2147483648.0) { return -2147483647 - 1; }
  return i32(x);
}
fn cast_f32_u32(x: f32) -> u32 {
  if (is_nan(x) || x <= 0.0) { return 0u; }
  if (x >= 4294967296.0) { return 0xffffffffu; }
  return u32(x);
}
fn cast_f32_u8(x: f32) -> u32 { return bitcast<u32>(cast_f32_i32(x)) & 0xffu; }
fn cast_f32_bool(x: f32) -> u32 { return select(0u, 1u, (bitcast<u32>(x) & 0x7fffffffu) != 0u); }
fn cast_i32_f32(x: i32) -> f32 { return f32(x); }
fn cast_u32_f32(x: u32) -> f32 { return f32(x); }
fn cast_int_bool(x: u32) -> u32 { return select(0u, 1u, x != 0u); }
fn cast_int_u8(x: u32) -> u32 { return x & 0xffu; }

/** arange in float32: start + e*step computed in f32 (the CPU computes in f64, then rounds). */
fn arange_f32(e: u32, start: f32, step: f32) -> f32 { return start + f32(e) * step; }
fn arange_i32(e: u32, start: i32, step: i32) -> i32 { return start + i32(e) * step; }

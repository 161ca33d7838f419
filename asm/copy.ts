// Kernel family: copy — dtype casts, strided gathers, fills, ranges, block copies.
// Layout: every array is contiguous row-major; pointers are byte offsets into the shared memory.
// Strided copy descriptor (int32 words at `desc`): [ndim, shape[ndim], strides[ndim], counters[ndim]]
//   strides are in elements and may be 0 (broadcast) or negative (reversed slices); the
//   counters are scratch the caller zeroes. The innermost dimension is copied with memory.copy
//   when its stride is 1, as a splat when it is 0, else element by element.
// Limits: element offsets fit in i32 (arrays below 8 GiB); ndim <= 32.

@inline function convert<S, D>(x: S): D {
  if (isFloat<S>() && isInteger<D>()) {
    // AssemblyScript casts use the non-trapping (saturating) truncation instructions
    if (isSigned<D>() || sizeof<D>() == 1) return <D>(<i32>x);
    return <D>(<u32>x);
  }
  return <D>x;
}

@inline function castLoop<S, D>(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<D>(dst + (<usize>i) * sizeof<D>(), convert<S, D>(load<S>(src + (<usize>i) * sizeof<S>())));
  }
}

@inline function toBoolLoop<S>(src: usize, dst: usize, n: i32): void {
  for (let i = 0; i < n; i++) {
    store<u8>(dst + <usize>i, load<S>(src + (<usize>i) * sizeof<S>()) != <S>0 ? 1 : 0);
  }
}

// f32 source
export function astype_f32_i32(s: usize, d: usize, n: i32): void { castLoop<f32, i32>(s, d, n); }
export function astype_f32_u32(s: usize, d: usize, n: i32): void { castLoop<f32, u32>(s, d, n); }
export function astype_f32_u8(s: usize, d: usize, n: i32): void { castLoop<f32, u8>(s, d, n); }
export function astype_f32_bool(s: usize, d: usize, n: i32): void { toBoolLoop<f32>(s, d, n); }
// i32 source
export function astype_i32_f32(s: usize, d: usize, n: i32): void { castLoop<i32, f32>(s, d, n); }
export function astype_i32_u8(s: usize, d: usize, n: i32): void { castLoop<i32, u8>(s, d, n); }
export function astype_i32_bool(s: usize, d: usize, n: i32): void { toBoolLoop<i32>(s, d, n); }
// u32 source
export function astype_u32_f32(s: usize, d: usize, n: i32): void { castLoop<u32, f32>(s, d, n); }
export function astype_u32_u8(s: usize, d: usize, n: i32): void { castLoop<u32, u8>(s, d, n); }
export function astype_u32_bool(s: usize, d: usize, n: i32): void { toBoolLoop<u32>(s, d, n); }
// u8 / bool source (bool is stored as u8 0/1)
export function astype_u8_f32(s: usize, d: usize, n: i32): void { castLoop<u8, f32>(s, d, n); }
export function astype_u8_i32(s: usize, d: usize, n: i32): void { castLoop<u8, i32>(s, d, n); }
export function astype_u8_u32(s: usize, d: usize, n: i32): void { castLoop<u8, u32>(s, d, n); }
export function astype_u8_bool(s: usize, d: usize, n: i32): void { toBoolLoop<u8>(s, d, n); }

/** Strided gather of `esize`-byte elements (1 or 4) into a contiguous output. */
export function strided_copy(src: usize, dst: usize, desc: usize, offset: i32, esize: i32): void {
  const nd = load<i32>(desc);
  const shp = desc + 4;
  const str = shp + (<usize>nd << 2);
  const cnt = str + (<usize>nd << 2);
  let total: i64 = 1;
  for (let d = 0; d < nd; d++) {
    total *= <i64>load<i32>(shp + (<usize>d << 2));
    store<i32>(cnt + (<usize>d << 2), 0);
  }
  if (total == 0) return;
  const inner = load<i32>(shp + (<usize>(nd - 1) << 2));
  const istr = load<i32>(str + (<usize>(nd - 1) << 2));
  const outer = <i32>(total / <i64>inner);
  let base: i32 = offset;
  let o = dst;
  for (let r = 0; r < outer; r++) {
    if (esize == 4) {
      if (istr == 1) memory.copy(o, src + (<usize>base << 2), <usize>inner << 2);
      else if (istr == 0) {
        const v = load<u32>(src + (<usize>base << 2));
        const vv = i32x4.splat(v);
        let i = 0;
        for (; i + 4 <= inner; i += 4) v128.store(o + (<usize>i << 2), vv);
        for (; i < inner; i++) store<u32>(o + (<usize>i << 2), v);
      } else {
        let p = base;
        for (let i = 0; i < inner; i++) {
          store<u32>(o + (<usize>i << 2), load<u32>(src + (<usize>p << 2)));
          p += istr;
        }
      }
      o += <usize>inner << 2;
    } else {
      if (istr == 1) memory.copy(o, src + <usize>base, <usize>inner);
      else if (istr == 0) memory.fill(o, load<u8>(src + <usize>base), <usize>inner);
      else {
        let p = base;
        for (let i = 0; i < inner; i++) {
          store<u8>(o + <usize>i, load<u8>(src + <usize>p));
          p += istr;
        }
      }
      o += <usize>inner;
    }
    for (let d = nd - 2; d >= 0; d--) {
      const ca = cnt + (<usize>d << 2);
      const c = load<i32>(ca) + 1;
      const sd = load<i32>(str + (<usize>d << 2));
      if (c < load<i32>(shp + (<usize>d << 2))) {
        store<i32>(ca, c);
        base += sd;
        break;
      }
      store<i32>(ca, 0);
      base -= (c - 1) * sd;
    }
  }
}

/** Fills n 4-byte elements with the bit pattern `bits`. */
export function fill32(dst: usize, n: i32, bits: u32): void {
  const v = i32x4.splat(bits);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < n; i++) store<u32>(dst + (<usize>i << 2), bits);
}

/** Fills n bytes with `v`. */
export function fill8(dst: usize, n: i32, v: u8): void {
  memory.fill(dst, v, <usize>n);
}

/** out[i] = start + i*step in float32. */
export function arange_f32(dst: usize, n: i32, start: f64, step: f64): void {
  for (let i = 0; i < n; i++) store<f32>(dst + (<usize>i << 2), <f32>(start + <f64>i * step));
}

/** out[i] = start + i*step in int32 (also used for uint32, same bits). */
export function arange_i32(dst: usize, n: i32, start: i32, step: i32): void {
  for (let i = 0; i < n; i++) store<i32>(dst + (<usize>i << 2), start + i * step);
}

/** out[i] = start + i*step in uint8. */
export function arange_u8(dst: usize, n: i32, start: i32, step: i32): void {
  for (let i = 0; i < n; i++) store<u8>(dst + <usize>i, <u8>(start + i * step));
}

/** Copies `rows` blocks of `bytes` bytes from src (row stride srcStride) to dst (row stride dstStride). */
export function copy_blocks(src: usize, dst: usize, rows: i32, bytes: i32, srcStride: i32, dstStride: i32): void {
  for (let r = 0; r < rows; r++) {
    memory.copy(dst + <usize>r * <usize>dstStride, src + <usize>r * <usize>srcStride, <usize>bytes);
  }
}

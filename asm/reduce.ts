// Kernel family: reduce — sum, prod, max, min (also all/any on bool), argmax, argmin.
// Layout: the TS side collapses the input to one of two contiguous layouts:
//   rows: (rows, n)            out[r]       = reduce_k in[r*n + k]
//   cols: (outer, n, inner)    out[o,j]     = reduce_k in[(o*n + k)*inner + j]
// (several reduced segments are first permuted to the end by a strided copy, giving rows).
// Tiling: rows use 4 independent v128 accumulators (16 f32/i32 lanes, 64 u8 lanes) plus a
//   scalar tail; cols combine whole input rows into the output row with v128 ops, which
//   streams through memory in order. float32 sum is blocked: 512-element f32x4 partials are
//   added in f64 (rows); columns add 32-row f32x4 partials into f64x2 accumulators over
//   1024-column chunks (in the caller's `tmp` buffer), so a sum of
//   1e6 values is accurate to ~1e-7 relative.
// NaN: f32x4.max/min and f32.max/min propagate NaN; argmax/argmin return the first NaN's index.
// Ties in argmax/argmin return the first index. Integer sums and products wrap (int32/uint32).
// Limits: element counts fit in i32; max/min/argmax/argmin need n >= 1 (the op checks; n == 0
//   writes zeros here); sum/prod of n == 0 give 0/1.

const OP_SUM = 0;
const OP_PROD = 1;
const OP_MAX = 2;
const OP_MIN = 3;

const BLOCK = 512; // f32 elements per blocked partial sum (multiple of 16)
const CHUNK = 1024; // columns per f64 accumulator chunk
const ROWBLOCK = 32; // rows per f32 partial in column sums
// Column kernels that keep per-column state take `tmp`, a caller-owned 16-byte-aligned buffer
// of CHUNK*12 bytes (no static scratch, so the kernels are re-entrant across worker threads).

// ---------------------------------------------------------------- generic helpers

@inline function splat<T>(v: T): v128 {
  if (isFloat<T>()) return f32x4.splat(<f32>v);
  if (sizeof<T>() == 4) return i32x4.splat(<i32>v);
  return i8x16.splat(<i8>v);
}

@inline function vop<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) {
    if (op == OP_SUM) return f32x4.add(a, b);
    if (op == OP_PROD) return f32x4.mul(a, b);
    if (op == OP_MAX) return f32x4.max(a, b);
    return f32x4.min(a, b);
  }
  if (sizeof<T>() == 4) {
    if (op == OP_SUM) return i32x4.add(a, b);
    if (op == OP_PROD) return i32x4.mul(a, b);
    if (op == OP_MAX) return isSigned<T>() ? i32x4.max_s(a, b) : i32x4.max_u(a, b);
    return isSigned<T>() ? i32x4.min_s(a, b) : i32x4.min_u(a, b);
  }
  // u8: only max/min are instantiated (sums of bytes widen, see sum_rows_u8)
  if (op == OP_MAX) return i8x16.max_u(a, b);
  return i8x16.min_u(a, b);
}

@inline function sop<T>(op: i32, a: T, b: T): T {
  if (op == OP_SUM) return <T>(a + b);
  if (op == OP_PROD) return <T>(a * b);
  if (isFloat<T>()) {
    // f32.max/f32.min propagate NaN, as NumPy's maximum does
    if (op == OP_MAX) return <T>Mathf.max(<f32>a, <f32>b);
    return <T>Mathf.min(<f32>a, <f32>b);
  }
  if (op == OP_MAX) return a > b ? a : b;
  return a < b ? a : b;
}

/** Initial accumulator: the identity for sum/prod, the first element for max/min. */
@inline function initOf<T>(op: i32, p: usize, n: i32): T {
  if (op == OP_SUM) return <T>0;
  if (op == OP_PROD) return <T>1;
  return n > 0 ? load<T>(p) : <T>0;
}

/** Combines the lanes of `v` with `op` (log2(lanes) shuffle steps). */
@inline function hreduce<T>(op: i32, v: v128): T {
  if (sizeof<T>() == 1) {
    v = vop<T>(op, v, i8x16.shuffle(v, v, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    v = vop<T>(op, v, i8x16.shuffle(v, v, 4, 5, 6, 7, 0, 1, 2, 3, 12, 13, 14, 15, 8, 9, 10, 11));
    v = vop<T>(op, v, i8x16.shuffle(v, v, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
    v = vop<T>(op, v, i8x16.shuffle(v, v, 1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
    return <T>i8x16.extract_lane_u(v, 0);
  }
  v = vop<T>(op, v, i32x4.shuffle(v, v, 2, 3, 0, 1));
  v = vop<T>(op, v, i32x4.shuffle(v, v, 1, 0, 3, 2));
  return lane<T>(v, 0);
}

/** Lane l (0..3, constant after inlining) of a vector of 4-byte elements. */
@inline function lane<T>(v: v128, l: i32): T {
  if (isFloat<T>()) {
    return <T>(l == 0 ? f32x4.extract_lane(v, 0) : l == 1 ? f32x4.extract_lane(v, 1) : l == 2 ? f32x4.extract_lane(v, 2) : f32x4.extract_lane(v, 3));
  }
  return <T>(l == 0 ? i32x4.extract_lane(v, 0) : l == 1 ? i32x4.extract_lane(v, 1) : l == 2 ? i32x4.extract_lane(v, 2) : i32x4.extract_lane(v, 3));
}

@inline function rowsT<T>(op: i32, src: usize, dst: usize, rows: i32, n: i32): void {
  const lanes = <i32>(16 / sizeof<T>());
  const es = sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const p = src + <usize>r * <usize>n * es;
    const init = initOf<T>(op, p, n);
    let a0 = splat<T>(init);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let i = 0;
    for (; i + 4 * lanes <= n; i += 4 * lanes) {
      const q = p + <usize>i * es;
      a0 = vop<T>(op, a0, v128.load(q));
      a1 = vop<T>(op, a1, v128.load(q, 16));
      a2 = vop<T>(op, a2, v128.load(q, 32));
      a3 = vop<T>(op, a3, v128.load(q, 48));
    }
    for (; i + lanes <= n; i += lanes) a0 = vop<T>(op, a0, v128.load(p + <usize>i * es));
    a0 = vop<T>(op, vop<T>(op, a0, a1), vop<T>(op, a2, a3));
    let s: T = hreduce<T>(op, a0);
    for (; i < n; i++) s = sop<T>(op, s, load<T>(p + <usize>i * es));
    store<T>(dst + <usize>r * es, s);
  }
}

@inline function colsT<T>(op: i32, src: usize, dst: usize, outer: i32, n: i32, inner: i32): void {
  const lanes = <i32>(16 / sizeof<T>());
  const es = sizeof<T>();
  const rowBytes = <usize>inner * es;
  for (let o = 0; o < outer; o++) {
    const out = dst + <usize>o * rowBytes;
    const base = src + <usize>o * <usize>n * rowBytes;
    let k0 = 0;
    if (op >= OP_MAX && n > 0) {
      memory.copy(out, base, rowBytes);
      k0 = 1;
    } else {
      const init: T = op == OP_PROD ? <T>1 : <T>0;
      for (let j = 0; j < inner; j++) store<T>(out + <usize>j * es, init);
    }
    for (let k = k0; k < n; k++) {
      const row = base + <usize>k * rowBytes;
      let j = 0;
      for (; j + lanes <= inner; j += lanes) {
        const q = <usize>j * es;
        v128.store(out + q, vop<T>(op, v128.load(out + q), v128.load(row + q)));
      }
      for (; j < inner; j++) {
        const q = <usize>j * es;
        store<T>(out + q, sop<T>(op, load<T>(out + q), load<T>(row + q)));
      }
    }
  }
}

// ---------------------------------------------------------------- sum

/** Blocked sum of n contiguous f32: f32x4 partials over 512-element blocks, added in f64. */
@inline function sumF32(p: usize, n: i32): f64 {
  let total: f64 = 0;
  let i = 0;
  while (i < n) {
    const end = min(i + BLOCK, n);
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    for (; i + 16 <= end; i += 16) {
      const q = p + (<usize>i << 2);
      a0 = f32x4.add(a0, v128.load(q));
      a1 = f32x4.add(a1, v128.load(q, 16));
      a2 = f32x4.add(a2, v128.load(q, 32));
      a3 = f32x4.add(a3, v128.load(q, 48));
    }
    for (; i + 4 <= end; i += 4) a0 = f32x4.add(a0, v128.load(p + (<usize>i << 2)));
    const s = f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3));
    let t: f64 = <f64>f32x4.extract_lane(s, 0) + <f64>f32x4.extract_lane(s, 1);
    t += <f64>f32x4.extract_lane(s, 2) + <f64>f32x4.extract_lane(s, 3);
    for (; i < end; i++) t += <f64>load<f32>(p + (<usize>i << 2));
    total += t;
  }
  return total;
}

/** float32 row sums (blocked, f64 across blocks). */
export function sum_rows_f32(src: usize, dst: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) {
    store<f32>(dst + (<usize>r << 2), <f32>sumF32(src + (<usize>r * <usize>n << 2), n));
  }
}

/** float32 column sums: f32x4 partials over 32-row blocks, added into f64x2 accumulators per 1024-column chunk. */
export function sum_cols_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void {
  const ACC = tmp; // CHUNK f64
  const ACC32 = tmp + (CHUNK << 3); // CHUNK f32
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const base = src + <usize>o * <usize>n * rowBytes;
    const out = dst + <usize>o * rowBytes;
    for (let j0 = 0; j0 < inner; j0 += CHUNK) {
      const w = min(CHUNK, inner - j0);
      const cb = base + (<usize>j0 << 2);
      memory.fill(ACC, 0, <usize>w << 3);
      for (let k0 = 0; k0 < n; k0 += ROWBLOCK) {
        const kend = min(k0 + ROWBLOCK, n);
        memory.copy(ACC32, cb + <usize>k0 * rowBytes, <usize>w << 2);
        for (let k = k0 + 1; k < kend; k++) {
          const row = cb + <usize>k * rowBytes;
          let j = 0;
          for (; j + 4 <= w; j += 4) {
            const q = <usize>j << 2;
            v128.store(ACC32 + q, f32x4.add(v128.load(ACC32 + q), v128.load(row + q)));
          }
          for (; j < w; j++) {
            const q = <usize>j << 2;
            store<f32>(ACC32 + q, load<f32>(ACC32 + q) + load<f32>(row + q));
          }
        }
        let j = 0;
        for (; j + 4 <= w; j += 4) {
          const v = v128.load(ACC32 + (<usize>j << 2));
          const hi = v128.shuffle<f32>(v, v, 2, 3, 0, 1);
          const a = ACC + (<usize>j << 3);
          v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
          v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(hi)), 16);
        }
        for (; j < w; j++) {
          const a = ACC + (<usize>j << 3);
          store<f64>(a, load<f64>(a) + <f64>load<f32>(ACC32 + (<usize>j << 2)));
        }
      }
      for (let j = 0; j < w; j++) store<f32>(out + (<usize>(j0 + j) << 2), <f32>load<f64>(ACC + (<usize>j << 3)));
    }
  }
}

/** int32/uint32 row sums (wrapping). */
export function sum_rows_i32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<i32>(OP_SUM, src, dst, rows, n); }
/** int32/uint32 column sums (wrapping). */
export function sum_cols_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<i32>(OP_SUM, src, dst, outer, n, inner); }

/** uint8/bool row sums into 32-bit outputs (pairwise-widening SIMD adds). */
export function sum_rows_u8(src: usize, dst: usize, rows: i32, n: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = src + <usize>r * <usize>n;
    let a0 = i32x4.splat(0);
    let a1 = a0;
    let i = 0;
    for (; i + 32 <= n; i += 32) {
      a0 = i32x4.add(a0, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(v128.load(p + <usize>i))));
      a1 = i32x4.add(a1, i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(v128.load(p + <usize>i, 16))));
    }
    a0 = i32x4.add(a0, a1);
    let s: u32 = <u32>(i32x4.extract_lane(a0, 0) + i32x4.extract_lane(a0, 1) + i32x4.extract_lane(a0, 2) + i32x4.extract_lane(a0, 3));
    for (; i < n; i++) s += <u32>load<u8>(p + <usize>i);
    store<u32>(dst + (<usize>r << 2), s);
  }
}

/** uint8/bool column sums into 32-bit outputs. */
export function sum_cols_u8(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void {
  for (let o = 0; o < outer; o++) {
    const base = src + <usize>o * <usize>n * <usize>inner;
    const out = dst + (<usize>o * <usize>inner << 2);
    memory.fill(out, 0, <usize>inner << 2);
    for (let k = 0; k < n; k++) {
      const row = base + <usize>k * <usize>inner;
      let j = 0;
      for (; j + 4 <= inner; j += 4) {
        const w = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(row + <usize>j)));
        const q = out + (<usize>j << 2);
        v128.store(q, i32x4.add(v128.load(q), w));
      }
      for (; j < inner; j++) {
        const q = out + (<usize>j << 2);
        store<u32>(q, load<u32>(q) + <u32>load<u8>(row + <usize>j));
      }
    }
  }
}

// ---------------------------------------------------------------- prod, max, min

/** float32 row products. */
export function prod_rows_f32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<f32>(OP_PROD, src, dst, rows, n); }
/** float32 column products. */
export function prod_cols_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<f32>(OP_PROD, src, dst, outer, n, inner); }
/** int32/uint32 row products (wrapping). */
export function prod_rows_i32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<i32>(OP_PROD, src, dst, rows, n); }
/** int32/uint32 column products (wrapping). */
export function prod_cols_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<i32>(OP_PROD, src, dst, outer, n, inner); }

/** Row maxima. */
export function max_rows_f32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<f32>(OP_MAX, src, dst, rows, n); }
export function max_rows_i32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<i32>(OP_MAX, src, dst, rows, n); }
export function max_rows_u32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<u32>(OP_MAX, src, dst, rows, n); }
export function max_rows_u8(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<u8>(OP_MAX, src, dst, rows, n); }
/** Column maxima. */
export function max_cols_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<f32>(OP_MAX, src, dst, outer, n, inner); }
export function max_cols_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<i32>(OP_MAX, src, dst, outer, n, inner); }
export function max_cols_u32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<u32>(OP_MAX, src, dst, outer, n, inner); }
export function max_cols_u8(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<u8>(OP_MAX, src, dst, outer, n, inner); }
/** Row minima. */
export function min_rows_f32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<f32>(OP_MIN, src, dst, rows, n); }
export function min_rows_i32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<i32>(OP_MIN, src, dst, rows, n); }
export function min_rows_u32(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<u32>(OP_MIN, src, dst, rows, n); }
export function min_rows_u8(src: usize, dst: usize, rows: i32, n: i32): void { rowsT<u8>(OP_MIN, src, dst, rows, n); }
/** Column minima. */
export function min_cols_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<f32>(OP_MIN, src, dst, outer, n, inner); }
export function min_cols_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<i32>(OP_MIN, src, dst, outer, n, inner); }
export function min_cols_u32(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<u32>(OP_MIN, src, dst, outer, n, inner); }
export function min_cols_u8(src: usize, dst: usize, outer: i32, n: i32, inner: i32): void { colsT<u8>(OP_MIN, src, dst, outer, n, inner); }

// ---------------------------------------------------------------- argmax, argmin

/** True when v replaces best: strictly better, or the first NaN (float). */
@inline function better<T>(isMax: bool, v: T, best: T): bool {
  if (isFloat<T>()) {
    const b = isMax ? v > best : v < best;
    return b || (v != v && best == best);
  }
  return isMax ? v > best : v < best;
}

/** Lane mask of `better` for 4 lanes of 4-byte elements. */
@inline function vbetter<T>(isMax: bool, v: v128, best: v128): v128 {
  if (isFloat<T>()) {
    const b = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
    return v128.or(b, v128.and(f32x4.ne(v, v), f32x4.eq(best, best)));
  }
  if (isSigned<T>()) return isMax ? i32x4.gt_s(v, best) : i32x4.lt_s(v, best);
  return isMax ? i32x4.gt_u(v, best) : i32x4.lt_u(v, best);
}

/** True when lane value v (index li) beats the current best (index bi): better, or equal and earlier. */
@inline function takeLane<T>(isMax: bool, v: T, li: i32, best: T, bi: i32): bool {
  const same = isFloat<T>() ? v == best || (v != v && best != best) : v == best;
  return better<T>(isMax, v, best) || (same && li < bi);
}

@inline function argRowsT<T>(isMax: bool, src: usize, dst: usize, rows: i32, n: i32): void {
  const es = sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const p = src + <usize>r * <usize>n * es;
    if (n <= 0) {
      store<u32>(dst + (<usize>r << 2), 0);
      continue;
    }
    let best: T = load<T>(p);
    let bi: i32 = 0;
    let i = 1;
    if (sizeof<T>() == 4 && n >= 8) {
      // 4 lanes each track their own first best; lane l sees indices l, l+4, ...
      let bv = v128.load(p);
      let iv = i32x4(0, 1, 2, 3);
      let cur = iv;
      const four = i32x4.splat(4);
      i = 4;
      for (; i + 4 <= n; i += 4) {
        cur = i32x4.add(cur, four);
        const v = v128.load(p + <usize>i * es);
        const m = vbetter<T>(isMax, v, bv);
        bv = v128.bitselect(v, bv, m);
        iv = v128.bitselect(cur, iv, m);
      }
      best = lane<T>(bv, 0);
      bi = i32x4.extract_lane(iv, 0);
      if (takeLane<T>(isMax, lane<T>(bv, 1), i32x4.extract_lane(iv, 1), best, bi)) {
        best = lane<T>(bv, 1);
        bi = i32x4.extract_lane(iv, 1);
      }
      if (takeLane<T>(isMax, lane<T>(bv, 2), i32x4.extract_lane(iv, 2), best, bi)) {
        best = lane<T>(bv, 2);
        bi = i32x4.extract_lane(iv, 2);
      }
      if (takeLane<T>(isMax, lane<T>(bv, 3), i32x4.extract_lane(iv, 3), best, bi)) {
        best = lane<T>(bv, 3);
        bi = i32x4.extract_lane(iv, 3);
      }
    }
    for (; i < n; i++) {
      const v = load<T>(p + <usize>i * es);
      if (better<T>(isMax, v, best)) {
        best = v;
        bi = i;
      }
    }
    store<u32>(dst + (<usize>r << 2), <u32>bi);
  }
}

@inline function argColsT<T>(isMax: bool, src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void {
  const ACC = tmp; // best values so far, CHUNK elements
  const es = sizeof<T>();
  const rowBytes = <usize>inner * es;
  for (let o = 0; o < outer; o++) {
    const base = src + <usize>o * <usize>n * rowBytes;
    const out = dst + (<usize>o * <usize>inner << 2);
    memory.fill(out, 0, <usize>inner << 2);
    if (n <= 0) continue;
    for (let j0 = 0; j0 < inner; j0 += CHUNK) {
      const w = min(CHUNK, inner - j0);
      const oc = out + (<usize>j0 << 2);
      memory.copy(ACC, base + <usize>j0 * es, <usize>w * es); // best values so far
      for (let k = 1; k < n; k++) {
        const row = base + <usize>k * rowBytes + <usize>j0 * es;
        let j = 0;
        if (sizeof<T>() == 4) {
          const kv = i32x4.splat(k);
          for (; j + 4 <= w; j += 4) {
            const q = <usize>j << 2;
            const v = v128.load(row + q);
            const bv = v128.load(ACC + q);
            const m = vbetter<T>(isMax, v, bv);
            v128.store(ACC + q, v128.bitselect(v, bv, m));
            v128.store(oc + q, v128.bitselect(kv, v128.load(oc + q), m));
          }
        }
        for (; j < w; j++) {
          const v = load<T>(row + <usize>j * es);
          if (better<T>(isMax, v, load<T>(ACC + <usize>j * es))) {
            store<T>(ACC + <usize>j * es, v);
            store<u32>(oc + (<usize>j << 2), <u32>k);
          }
        }
      }
    }
  }
}

/** Row argmax (uint32 indices). */
export function argmax_rows_f32(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<f32>(true, src, dst, rows, n); }
export function argmax_rows_i32(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<i32>(true, src, dst, rows, n); }
export function argmax_rows_u32(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<u32>(true, src, dst, rows, n); }
export function argmax_rows_u8(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<u8>(true, src, dst, rows, n); }
/** Column argmax (uint32 indices). */
export function argmax_cols_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<f32>(true, src, dst, outer, n, inner, tmp); }
export function argmax_cols_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<i32>(true, src, dst, outer, n, inner, tmp); }
export function argmax_cols_u32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<u32>(true, src, dst, outer, n, inner, tmp); }
export function argmax_cols_u8(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<u8>(true, src, dst, outer, n, inner, tmp); }
/** Row argmin (uint32 indices). */
export function argmin_rows_f32(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<f32>(false, src, dst, rows, n); }
export function argmin_rows_i32(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<i32>(false, src, dst, rows, n); }
export function argmin_rows_u32(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<u32>(false, src, dst, rows, n); }
export function argmin_rows_u8(src: usize, dst: usize, rows: i32, n: i32): void { argRowsT<u8>(false, src, dst, rows, n); }
/** Column argmin (uint32 indices). */
export function argmin_cols_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<f32>(false, src, dst, outer, n, inner, tmp); }
export function argmin_cols_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<i32>(false, src, dst, outer, n, inner, tmp); }
export function argmin_cols_u32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<u32>(false, src, dst, outer, n, inner, tmp); }
export function argmin_cols_u8(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize): void { argColsT<u8>(false, src, dst, outer, n, inner, tmp); }

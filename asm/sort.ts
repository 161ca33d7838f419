// Kernel family: sort — sort and (stable) argsort along one axis.
// Layout: the input is contiguous row-major, viewed as [outer, n, inner] with the sorted axis in
//   the middle: element (o, i, k) is at o*n*inner + i*inner + k. Each of the outer*inner rows
//   (stride `inner`) is sorted independently; the output has the same layout.
// Method: every element is mapped to an unsigned 32-bit key whose unsigned order is the
//   element order (float32: sign-flip trick, -0 -> +0, every NaN -> 0xFFFFFFFF so NaN sorts
//   last as in NumPy; int32: sign bit flipped; uint32/uint8: the value). Keys and indices are
//   sorted together by a stable LSD radix sort (8-bit digits, passes whose digit is the same
//   for the whole row are skipped), or by insertion sort for rows of at most 32 elements.
//   sort gathers the original values through the sorted indices (NaN payloads and -0 are kept);
//   argsort writes the indices as uint32. Equal keys keep their input order (stable).
// Scratch: `tmp` must hold 16*n bytes (two key and two index buffers); a 4 KiB static histogram.
// Limits: n < 2^32; element offsets fit in i32.

const HIST = memory.data(4 * 256 * 4, 16);
const SMALL: i32 = 32;

@inline function keyOf<T>(v: T): u32 {
  if (isFloat<T>()) {
    const f = <f32>v;
    if (f != f) return 0xffffffff;
    const b = reinterpret<u32>(f + <f32>0.0); // -0 + 0 = +0
    return b ^ (<u32>(<i32>b >> 31) | 0x80000000);
  } else if (isSigned<T>()) {
    return (<u32>(<i32>v)) ^ 0x80000000;
  } else {
    return <u32>v;
  }
}

/** Fills keys/indices of one row; SIMD when the row is contiguous (inner == 1). */
@inline function loadKeys<T>(src: usize, inner: i32, n: i32, keys: usize, idx: usize): void {
  let i = 0;
  if (inner == 1 && sizeof<T>() == 4) {
    const lane = i32x4(0, 1, 2, 3);
    const sign = i32x4.splat(0x80000000);
    for (; i + 4 <= n; i += 4) {
      const p = <usize>i << 2;
      let k: v128;
      if (isFloat<T>()) {
        const v = v128.load(src + p);
        const bits = f32x4.add(v, f32x4.splat(0.0));
        const nan = f32x4.ne(v, v);
        k = v128.or(v128.xor(bits, v128.or(i32x4.shr_s(bits, 31), sign)), nan);
      } else if (isSigned<T>()) {
        k = v128.xor(v128.load(src + p), sign);
      } else {
        k = v128.load(src + p);
      }
      v128.store(keys + p, k);
      v128.store(idx + p, i32x4.add(i32x4.splat(i), lane));
    }
  }
  for (; i < n; i++) {
    store<u32>(keys + (<usize>i << 2), keyOf<T>(load<T>(src + <usize>i * <usize>inner * sizeof<T>())));
    store<u32>(idx + (<usize>i << 2), <u32>i);
  }
}

/** Stable insertion sort of (keys, idx) pairs. */
@inline function insertionSort(keys: usize, idx: usize, n: i32): void {
  for (let i = 1; i < n; i++) {
    const k = load<u32>(keys + (<usize>i << 2));
    const x = load<u32>(idx + (<usize>i << 2));
    let j = i;
    while (j > 0) {
      const kp = load<u32>(keys + (<usize>(j - 1) << 2));
      if (kp <= k) break;
      store<u32>(keys + (<usize>j << 2), kp);
      store<u32>(idx + (<usize>j << 2), load<u32>(idx + (<usize>(j - 1) << 2)));
      j--;
    }
    store<u32>(keys + (<usize>j << 2), k);
    store<u32>(idx + (<usize>j << 2), x);
  }
}

/** Stable LSD radix sort; returns the buffer index (0: keysA/idxA, 1: keysB/idxB) holding the result. */
function radixSort(keysA: usize, idxA: usize, keysB: usize, idxB: usize, n: i32): i32 {
  memory.fill(HIST, 0, 4 * 256 * 4);
  for (let i = 0; i < n; i++) {
    const k = load<u32>(keysA + (<usize>i << 2));
    const h0 = HIST + ((<usize>(k & 255)) << 2);
    const h1 = HIST + 1024 + ((<usize>((k >>> 8) & 255)) << 2);
    const h2 = HIST + 2048 + ((<usize>((k >>> 16) & 255)) << 2);
    const h3 = HIST + 3072 + ((<usize>(k >>> 24)) << 2);
    store<u32>(h0, load<u32>(h0) + 1);
    store<u32>(h1, load<u32>(h1) + 1);
    store<u32>(h2, load<u32>(h2) + 1);
    store<u32>(h3, load<u32>(h3) + 1);
  }
  let which = 0;
  let ks = keysA, is = idxA, kd = keysB, id = idxB;
  const first = load<u32>(keysA);
  for (let pass = 0; pass < 4; pass++) {
    const shift = <u32>(pass * 8);
    const h = HIST + (<usize>pass << 10);
    // all keys share this digit: the pass would not move anything
    if (load<u32>(h + ((<usize>((first >>> shift) & 255)) << 2)) == <u32>n) continue;
    let sum: u32 = 0;
    for (let d = 0; d < 256; d++) {
      const c = load<u32>(h + (<usize>d << 2));
      store<u32>(h + (<usize>d << 2), sum);
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = load<u32>(ks + (<usize>i << 2));
      const hp = h + ((<usize>((k >>> shift) & 255)) << 2);
      const pos = load<u32>(hp);
      store<u32>(hp, pos + 1);
      store<u32>(kd + (<usize>pos << 2), k);
      store<u32>(id + (<usize>pos << 2), load<u32>(is + (<usize>i << 2)));
    }
    const tk = ks; ks = kd; kd = tk;
    const ti = is; is = id; id = ti;
    which ^= 1;
  }
  return which;
}

@inline function sortRows<T>(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize, arg: i32): void {
  if (n == 0) return;
  const keysA = tmp;
  const keysB = tmp + (<usize>n << 2);
  const idxA = tmp + (<usize>n << 3);
  const idxB = idxA + (<usize>n << 2);
  const es = sizeof<T>();
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = <usize>o * <usize>n * <usize>inner + <usize>k;
      const row = src + base * es;
      loadKeys<T>(row, inner, n, keysA, idxA);
      let idx = idxA;
      if (n <= SMALL) insertionSort(keysA, idxA, n);
      else if (radixSort(keysA, idxA, keysB, idxB, n) == 1) idx = idxB;
      if (arg) {
        const out = dst + (base << 2);
        if (inner == 1) memory.copy(out, idx, <usize>n << 2);
        else for (let i = 0; i < n; i++) store<u32>(out + <usize>i * <usize>inner * 4, load<u32>(idx + (<usize>i << 2)));
      } else {
        const out = dst + base * es;
        const st = <usize>inner * es;
        for (let i = 0; i < n; i++) {
          const j = <usize>load<u32>(idx + (<usize>i << 2));
          store<T>(out + <usize>i * st, load<T>(row + j * st));
        }
      }
    }
  }
}

/** Sorts (arg = 0: values) or argsorts (arg = 1: uint32 indices) float32 rows; NaN last. */
export function sort_f32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize, arg: i32): void {
  sortRows<f32>(src, dst, outer, n, inner, tmp, arg);
}
/** Sorts or argsorts int32 rows. */
export function sort_i32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize, arg: i32): void {
  sortRows<i32>(src, dst, outer, n, inner, tmp, arg);
}
/** Sorts or argsorts uint32 rows. */
export function sort_u32(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize, arg: i32): void {
  sortRows<u32>(src, dst, outer, n, inner, tmp, arg);
}
/** Sorts or argsorts uint8 (and bool) rows. */
export function sort_u8(src: usize, dst: usize, outer: i32, n: i32, inner: i32, tmp: usize, arg: i32): void {
  sortRows<u8>(src, dst, outer, n, inner, tmp, arg);
}

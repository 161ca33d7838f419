// Kernel family: indexing — gather / scatter with index arrays (NumPy advanced indexing),
// take-along-axis / put-along-axis, and strided slice updates.
// Layout: arrays are contiguous row-major; pointers are byte offsets into the shared memory;
// elements are 4 bytes (float32/int32/uint32) or 1 byte (uint8/bool), chosen by `esize`.
// Gather/scatter descriptor (int32 words at `desc`), iterating the "update" shape U:
//   [nd, k, shape[nd], srcStr[nd], bStr[nd], valStr[nd], cnt[nd],
//    axStr[k], axSize[k], idxPtr[k], unsigned[k], err[2]]
//   srcStr: element strides into x for the plain (sliced) dims, 0 for index dims;
//   bStr: strides into the broadcast index arrays (all of one shape B, contiguous) for the
//   index dims, 0 for plain dims; valStr: strides of the value (scatter) — may be 0.
//   The element of x read/written is offset + sum(u_d*srcStr_d) + sum_j wrap(idx_j[b])*axStr_j.
// Bounds: an index outside [-size, size) stops the kernel, which returns 1 after storing
//   (index array j, bad value) in err; 0 means success. Negative indices wrap as in NumPy.
// Slice update descriptor: [nd, shape[nd], dstStr[nd], valStr[nd], cnt[nd]].
// Limits: element offsets fit in i32 (arrays below 8 GiB); ndim <= 32; the scratch is 64 KiB.

@inline function w(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

@inline function ws(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

/** Moves n elements of type T between strided locations (strides in elements). */
@inline function moveElems<T>(dst: usize, dstStr: i32, src: usize, srcStr: i32, n: i32): void {
  const sz = <i32>sizeof<T>();
  if (dstStr == 1 && srcStr == 1) {
    memory.copy(dst, src, <usize>(n * sz));
    return;
  }
  if (srcStr == 0) {
    const v = load<T>(src);
    if (dstStr == 1 && sz == 4) {
      const vv = i32x4.splat(<i32>v);
      let i = 0;
      for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), vv);
      for (; i < n; i++) store<T>(dst + (<usize>i << 2), v);
      return;
    }
    if (dstStr == 1) {
      memory.fill(dst, <u8>v, <usize>n);
      return;
    }
    let q = dst;
    const dq = <isize>dstStr * sz;
    for (let i = 0; i < n; i++) {
      store<T>(q, v);
      q += dq;
    }
    return;
  }
  let p = src;
  let q = dst;
  const dp = <isize>srcStr * sz;
  const dq = <isize>dstStr * sz;
  for (let i = 0; i < n; i++) {
    store<T>(q, load<T>(p));
    p += dp;
    q += dq;
  }
}

@inline function moveAny(dst: usize, dstStr: i32, src: usize, srcStr: i32, n: i32, esize: i32): void {
  if (esize == 4) moveElems<u32>(dst, dstStr, src, srcStr, n);
  else moveElems<u8>(dst, dstStr, src, srcStr, n);
}

// Field pointers of the current gather/scatter descriptor (globals: the stub runtime must not allocate).
let gNd: i32 = 0;
let gK: i32 = 0;
let gShp: usize = 0;
let gSstr: usize = 0;
let gBstr: usize = 0;
let gVstr: usize = 0;
let gCnt: usize = 0;
let gAxStr: usize = 0;
let gAxSize: usize = 0;
let gIdxPtr: usize = 0;
let gUns: usize = 0;
let gErr: usize = 0;

function parse(desc: usize): void {
  const nd = load<i32>(desc);
  const k = load<i32>(desc + 4);
  gNd = nd;
  gK = k;
  gShp = desc + 8;
  gSstr = gShp + (<usize>nd << 2);
  gBstr = gSstr + (<usize>nd << 2);
  gVstr = gBstr + (<usize>nd << 2);
  gCnt = gVstr + (<usize>nd << 2);
  gAxStr = gCnt + (<usize>nd << 2);
  gAxSize = gAxStr + (<usize>k << 2);
  gIdxPtr = gAxSize + (<usize>k << 2);
  gUns = gIdxPtr + (<usize>k << 2);
  gErr = gUns + (<usize>k << 2);
  for (let d = 0; d < nd; d++) ws(gCnt, d, 0);
}

// Element offset contributed by the index arrays at broadcast position b, or -1 on a bad index.
@inline function indexOffset(b: i32): i64 {
  let off: i64 = 0;
  for (let j = 0; j < gK; j++) {
    const p = <usize>w(gIdxPtr, j) + (<usize>b << 2);
    const size = w(gAxSize, j);
    let v: i64;
    if (w(gUns, j) != 0) v = <i64>load<u32>(p);
    else {
      v = <i64>load<i32>(p);
      if (v < 0) v += <i64>size;
    }
    if (v < 0 || v >= <i64>size) {
      ws(gErr, 0, j);
      ws(gErr, 1, load<i32>(p));
      return -1;
    }
    off += v * <i64>w(gAxStr, j);
  }
  return off;
}

// Advances the outer counters (all dims but the last); returns false when done.
@inline function step(state: usize): bool {
  // state: [base, bBase, vBase] as i32 words
  for (let d = gNd - 2; d >= 0; d--) {
    const c = w(gCnt, d) + 1;
    if (c < w(gShp, d)) {
      ws(gCnt, d, c);
      ws(state, 0, w(state, 0) + w(gSstr, d));
      ws(state, 1, w(state, 1) + w(gBstr, d));
      ws(state, 2, w(state, 2) + w(gVstr, d));
      return true;
    }
    ws(gCnt, d, 0);
    ws(state, 0, w(state, 0) - (c - 1) * w(gSstr, d));
    ws(state, 1, w(state, 1) - (c - 1) * w(gBstr, d));
    ws(state, 2, w(state, 2) - (c - 1) * w(gVstr, d));
  }
  return false;
}

// Innermost gather loop over one index array: out[i] = x[base + i*sIn + wrap(idx[bBase + i*bIn])*ax].
@inline function gatherInner<T>(o: usize, x: usize, ip: usize, bBase: i32, bIn: i32, base: i32, sIn: i32, size: i32, ax: i32, uns: bool, inner: i32): i32 {
  const sz = <usize>sizeof<T>();
  let q = ip + (<usize>bBase << 2);
  const dq = <usize>(bIn << 2);
  let sb = base;
  for (let i = 0; i < inner; i++) {
    const raw = load<i32>(q);
    let v = raw;
    if (!uns && v < 0) v += size;
    if (<u32>v >= <u32>size) {
      ws(gErr, 0, 0);
      ws(gErr, 1, raw);
      return 1;
    }
    store<T>(o + <usize>i * sz, load<T>(x + <usize>(sb + v * ax) * sz));
    q += dq;
    sb += sIn;
  }
  return 0;
}

// Shared walk of gather (mode 0: x -> out) and scatter (mode 1: val -> out at the indexed spots).
function walk(x: usize, out: usize, val: usize, desc: usize, offset: i32, esize: i32, mode: i32): i32 {
  parse(desc);
  const nd = gNd;
  let total: i64 = 1;
  for (let d = 0; d < nd; d++) total *= <i64>w(gShp, d);
  if (total == 0) return 0;
  const last = nd - 1;
  const inner = w(gShp, last);
  const sIn = w(gSstr, last);
  const bIn = w(gBstr, last);
  const vIn = w(gVstr, last);
  const state = gErr + 8; // 3 scratch words after the descriptor
  ws(state, 0, offset);
  ws(state, 1, 0);
  ws(state, 2, 0);
  let o = out;
  const es = <usize>esize;
  do {
    const base = w(state, 0);
    const bBase = w(state, 1);
    const vBase = w(state, 2);
    if (bIn == 0) {
      // innermost dim is a plain dim: one index lookup per row
      const off = indexOffset(bBase);
      if (off < 0) return 1;
      const src = x + <usize>(<i64>base + off) * es;
      if (mode == 0) {
        moveAny(o, 1, src, sIn, inner, esize);
        o += <usize>inner * es;
      } else {
        moveAny(out + <usize>(<i64>base + off) * es, sIn, val + <usize>vBase * es, vIn, inner, esize);
      }
    } else if (gK == 1) {
      // innermost dim walks the single index array: the common take/gather-columns case
      const ip = <usize>w(gIdxPtr, 0);
      const size = w(gAxSize, 0);
      const ax = w(gAxStr, 0);
      const uns = w(gUns, 0) != 0;
      if (mode == 0) {
        const r = esize == 4
          ? gatherInner<u32>(o, x, ip, bBase, bIn, base, sIn, size, ax, uns, inner)
          : gatherInner<u8>(o, x, ip, bBase, bIn, base, sIn, size, ax, uns, inner);
        if (r != 0) return 1;
        o += <usize>inner * es;
        continue;
      }
      for (let i = 0; i < inner; i++) {
        const raw = load<i32>(ip + (<usize>(bBase + i * bIn) << 2));
        let v = raw;
        if (!uns && v < 0) v += size;
        if (<u32>v >= <u32>size) {
          ws(gErr, 0, 0);
          ws(gErr, 1, raw);
          return 1;
        }
        const e = <usize>(base + i * sIn + v * ax) * es;
        if (mode == 0) {
          if (esize == 4) store<u32>(o, load<u32>(x + e));
          else store<u8>(o, load<u8>(x + e));
          o += es;
        } else {
          const vp = val + <usize>(vBase + i * vIn) * es;
          if (esize == 4) store<u32>(out + e, load<u32>(vp));
          else store<u8>(out + e, load<u8>(vp));
        }
      }
    } else {
      for (let i = 0; i < inner; i++) {
        const off = indexOffset(bBase + i * bIn);
        if (off < 0) return 1;
        const e = <usize>(<i64>base + <i64>i * <i64>sIn + off) * es;
        if (mode == 0) {
          if (esize == 4) store<u32>(o, load<u32>(x + e));
          else store<u8>(o, load<u8>(x + e));
          o += es;
        } else {
          const vp = val + <usize>(vBase + i * vIn) * es;
          if (esize == 4) store<u32>(out + e, load<u32>(vp));
          else store<u8>(out + e, load<u8>(vp));
        }
      }
    }
  } while (step(state));
  return 0;
}

/** Advanced-indexing gather into a contiguous output; returns 0, or 1 on an out-of-range index. */
export function gather(x: usize, out: usize, desc: usize, offset: i32, esize: i32): i32 {
  return walk(x, out, 0, desc, offset, esize, 0);
}

/** out = copy of x (nbytes), then out[indexed spots] = val (last write wins); 0 or 1 as gather. */
export function scatter(x: usize, out: usize, val: usize, desc: usize, offset: i32, esize: i32, nbytes: i32): i32 {
  if (out != x) memory.copy(out, x, <usize>nbytes);
  return walk(x, out, val, desc, offset, esize, 1);
}

/** out = copy of x (nbytes), then the strided region at `offset` receives val (broadcast by its strides). */
export function slice_update(x: usize, out: usize, val: usize, desc: usize, offset: i32, esize: i32, nbytes: i32): void {
  if (out != x) memory.copy(out, x, <usize>nbytes);
  const nd = load<i32>(desc);
  const shp = desc + 4;
  const dstr = shp + (<usize>nd << 2);
  const vstr = dstr + (<usize>nd << 2);
  const cnt = vstr + (<usize>nd << 2);
  let total: i64 = 1;
  for (let d = 0; d < nd; d++) {
    total *= <i64>w(shp, d);
    ws(cnt, d, 0);
  }
  if (total == 0) return;
  const last = nd - 1;
  const inner = w(shp, last);
  const dIn = w(dstr, last);
  const vIn = w(vstr, last);
  const es = <usize>esize;
  let base = offset;
  let vb = 0;
  while (true) {
    moveAny(out + <usize>base * es, dIn, val + <usize>vb * es, vIn, inner, esize);
    let d = nd - 2;
    for (; d >= 0; d--) {
      const c = w(cnt, d) + 1;
      if (c < w(shp, d)) {
        ws(cnt, d, c);
        base += w(dstr, d);
        vb += w(vstr, d);
        break;
      }
      ws(cnt, d, 0);
      base -= (c - 1) * w(dstr, d);
      vb -= (c - 1) * w(vstr, d);
    }
    if (d < 0) break;
  }
}

// Wraps a raw index into [0, n); returns -1 (after storing the raw value at err) when out of range.
@inline function wrapIndex(raw: i32, n: i32, uns: bool, err: usize): i32 {
  let v = raw;
  if (!uns && v < 0) v += n;
  if (<u32>v >= <u32>n) {
    store<i32>(err, raw);
    return -1;
  }
  return v;
}

@inline function alongLoop<T>(x: usize, idx: usize, out: usize, val: usize, pre: i32, n: i32, m: i32, post: i32, uns: bool, err: usize, put: bool): i32 {
  const sz = <usize>sizeof<T>();
  let e: usize = 0;
  for (let p = 0; p < pre; p++) {
    const xrow = <usize>(p * n * post) * sz;
    for (let j = 0; j < m; j++) {
      for (let q = 0; q < post; q++) {
        const v = wrapIndex(load<i32>(idx + (e << 2)), n, uns, err);
        if (v < 0) return 1;
        const s = xrow + <usize>(v * post + q) * sz;
        if (put) store<T>(out + s, load<T>(val + e * sz));
        else store<T>(out + e * sz, load<T>(x + s));
        e++;
      }
    }
  }
  return 0;
}

/** out[p,j,q] = x[p, idx[p,j,q], q] for x [pre,n,post], idx/out [pre,m,post]; 0, or 1 (bad value at err). */
export function take_along(x: usize, idx: usize, out: usize, pre: i32, n: i32, m: i32, post: i32, esize: i32, uns: i32, err: usize): i32 {
  if (esize == 4) return alongLoop<u32>(x, idx, out, 0, pre, n, m, post, uns != 0, err, false);
  return alongLoop<u8>(x, idx, out, 0, pre, n, m, post, uns != 0, err, false);
}

/** out = copy of x; out[p, idx[p,j,q], q] = val[p,j,q] (val shaped like idx); 0, or 1 (bad value at err). */
export function put_along(x: usize, out: usize, idx: usize, val: usize, pre: i32, n: i32, m: i32, post: i32, esize: i32, uns: i32, err: usize): i32 {
  if (out != x) memory.copy(out, x, <usize>(pre * n * post * esize));
  if (esize == 4) return alongLoop<u32>(x, idx, out, val, pre, n, m, post, uns != 0, err, true);
  return alongLoop<u8>(x, idx, out, val, pre, n, m, post, uns != 0, err, true);
}

// Shared float32 GEMM core (used by the matmul and conv kernel families).
// C[M,N] (+)= A[M,K] @ B[K,N], all float32, byte pointers into the shared memory.
// Operand layout: A(i,k) = a[i*lda + k] (ta = 0) or a[k*lda + i] (ta = 1);
//                 B(k,j) = b[k*ldb + j] (tb = 0) or b[j*ldb + k] (tb = 1); C(i,j) = c[i*ldc + j].
// Tiling (BLIS order jc, pc, ic, ir, jr): N in blocks of <= NC, K and M in balanced blocks of
// <= KC and <= MC (784 = 4 x 196, not 3 x 256 + 16). Each K x N block of B is packed into
// NR-wide panels (pb[panel][k][0..8)); each M x K block of A into MR-tall panels stored
// *pre-broadcast* (pa[panel][k][i] = f32x4.splat(A(i,k)), 16 bytes an element, L2-resident);
// edges zero-padded, all inside the caller's work buffer. The 6x8 micro-kernel keeps its A
// panel in L1 and streams B: per k, 2 B loads + 6 A loads (plain v128.load, no shuffle) and
// 12 mul + 12 add into 12 f32x4 accumulators (12 + 2 B + 1 A + 1 product = the 16 xmm registers
// JavaScriptCore allocates; unrolling k spills). Why pre-broadcast: JSC lowers load32_splat to
// load + movq + shufps (2 port-5 uops), which held the former 4x8 kernel to ~2/3 of the ports.
// Edge tiles run the 6x8 (or, for <= 4 valid rows, a 4x8) kernel into a tile buffer and copy
// the valid part. Small N (e.g. 128x512 @ 512x10) runs swapped, C^T = B^T A^T with C written
// transposed, when a cost model (padding + packing) says so. Transposed B is packed with 4x4
// shuffle transposes. Relaxed SIMD is not used: JSC lowers f32x4.relaxed_madd to mul + add.
// Measured (Bun 1.4.5, 1 thread, Xeon SPR 2 vCPU; % of the WASM SIMD peak of bench/peak.ts,
// ~34.7 GFLOP/s when the machine is quiet, measured in the same run; was 66% with the 4x8
// load32_splat kernel at 1024^2): 1024^2 ~31.5 GFLOP/s (91%), 2048^2 ~32 (92%), 256^2 ~31 (89%),
// 128x784x512 ~30.4 (88%), 128x512x10 ~22 (64%); A^T / B^T forms 82-91% at 1024^2.
// Limits: element offsets fit in i32; the work buffer must hold gemm_work_floats(M, N, K) floats
// (16-byte aligned).

export const MR: i32 = 6;
export const NR: i32 = 8;
export const MC: i32 = 96;
export const KC: i32 = 256;
export const NC: i32 = 2048;

@inline function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

@inline function ceilDiv(x: i32, m: i32): i32 {
  return (x + m - 1) / m;
}

// Block length for a dimension of `n` split into equal blocks of at most `max`, rounded up to `q`.
@inline function blockLen(n: i32, max: i32, q: i32): i32 {
  return min(max, roundUp(ceilDiv(n, ceilDiv(n, max)), q));
}

// Work floats for one orientation (packed B, packed A pre-broadcast, one tile).
function workFloats(M: i32, N: i32, K: i32): i32 {
  const kc = blockLen(max(K, 1), KC, 4);
  const nc = roundUp(min(max(N, 1), NC), NR);
  const mc = blockLen(max(M, 1), MC, MR);
  return kc * nc + 4 * mc * kc + MR * NR + 8;
}

/** Floats of work space gemm_f32 needs for these sizes (either orientation, see swapped()). */
export function gemm_work_floats(M: i32, N: i32, K: i32): i32 {
  return max(workFloats(M, N, K), workFloats(N, M, K));
}

// Packs B[pc:pc+kc, jc:jc+nc] into panels of NR columns: dst[panel][k][0..NR).
function packB(b: usize, ldb: i32, tb: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  const zero = f32x4.splat(0);
  for (let jp = 0; jp < nc; jp += NR) {
    const nr = min(NR, nc - jp);
    const j0 = jc + jp;
    if (tb == 0) {
      let src = b + ((<usize>pc * <usize>ldb + <usize>j0) << 2);
      const step = <usize>ldb << 2;
      if (nr == NR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          v128.store(dst, v128.load(src, 16), 16);
          dst += 32;
          src += step;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, zero);
          v128.store(dst, zero, 16);
          for (let j = 0; j < nr; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
          dst += 32;
          src += step;
        }
      }
    } else if (nr == NR) {
      // B stored transposed: column j of B is a contiguous row; 4x4 transposes of 8 rows
      const step = <usize>ldb << 2;
      let r0 = b + ((<usize>j0 * <usize>ldb + <usize>pc) << 2);
      let k = 0;
      for (; k + 4 <= kc; k += 4) {
        transpose4(r0, step, dst, 32);
        transpose4(r0 + 4 * step, step, dst + 16, 32);
        dst += 128;
        r0 += 16;
      }
      for (; k < kc; k++) {
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), load<f32>(r0 + <usize>j * step));
        dst += 32;
        r0 += 4;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, zero);
        v128.store(dst, zero, 16);
        dst += 32;
      }
      dst -= <usize>kc << 5;
      for (let j = 0; j < nr; j++) {
        let src = b + ((<usize>(j0 + j) * <usize>ldb + <usize>pc) << 2);
        let d = dst + (<usize>j << 2);
        for (let k = 0; k < kc; k++) {
          store<f32>(d, load<f32>(src));
          src += 4;
          d += 32;
        }
      }
      dst += <usize>kc << 5;
    }
  }
}

// Reads a 4x4 block (4 rows of 4 floats, row stride `step` bytes) and writes its transpose as
// 4 vectors `dstep` bytes apart.
@inline function transpose4(src: usize, step: usize, dst: usize, dstep: usize): void {
  const x0 = v128.load(src);
  const x1 = v128.load(src + step);
  const x2 = v128.load(src + 2 * step);
  const x3 = v128.load(src + 3 * step);
  const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
  v128.store(dst + dstep, i64x2.shuffle(t0, t1, 1, 3));
  v128.store(dst + 2 * dstep, i64x2.shuffle(t2, t3, 0, 2));
  v128.store(dst + 3 * dstep, i64x2.shuffle(t2, t3, 1, 3));
}

// Packs A[ic:ic+mc, pc:pc+kc] into panels of MR rows, pre-broadcast: dst[panel][k][i] is
// f32x4.splat(A(ic+panel*MR+i, pc+k)); rows past M are zero.
function packA(a: usize, lda: i32, ta: i32, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  const kstep: usize = <usize>MR << 4; // bytes per k in a panel
  for (let ip = 0; ip < mc; ip += MR) {
    const mr = min(MR, mc - ip);
    const i0 = ic + ip;
    if (ta == 1) {
      // A(i,k) = a[k*lda + i]: row k of the stored matrix holds the panel's column k
      let src = a + ((<usize>pc * <usize>lda + <usize>i0) << 2);
      const step = <usize>lda << 2;
      let d = dst;
      if (mr == MR) {
        // one 4-float load + lane splats (pshufd) for rows 0-3, load32_splat for rows 4-5
        for (let k = 0; k < kc; k++) {
          const x = v128.load(src);
          v128.store(d, i32x4.shuffle(x, x, 0, 0, 0, 0));
          v128.store(d, i32x4.shuffle(x, x, 1, 1, 1, 1), 16);
          v128.store(d, i32x4.shuffle(x, x, 2, 2, 2, 2), 32);
          v128.store(d, i32x4.shuffle(x, x, 3, 3, 3, 3), 48);
          v128.store(d, v128.load32_splat(src, 16), 64);
          v128.store(d, v128.load32_splat(src, 20), 80);
          d += kstep;
          src += step;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          for (let i = 0; i < mr; i++) v128.store(d + (<usize>i << 4), v128.load32_splat(src + (<usize>i << 2)));
          for (let i = mr; i < MR; i++) v128.store(d + (<usize>i << 4), f32x4.splat(0));
          d += kstep;
          src += step;
        }
      }
    } else {
      for (let i = 0; i < MR; i++) {
        let d = dst + (<usize>i << 4);
        if (i >= mr) {
          for (let k = 0; k < kc; k++) {
            v128.store(d, f32x4.splat(0));
            d += kstep;
          }
          continue;
        }
        let src = a + ((<usize>(i0 + i) * <usize>lda + <usize>pc) << 2);
        let k = 0;
        for (; k + 4 <= kc; k += 4) {
          const x = v128.load(src);
          v128.store(d, i32x4.shuffle(x, x, 0, 0, 0, 0));
          v128.store(d + kstep, i32x4.shuffle(x, x, 1, 1, 1, 1));
          v128.store(d + 2 * kstep, i32x4.shuffle(x, x, 2, 2, 2, 2));
          v128.store(d + 3 * kstep, i32x4.shuffle(x, x, 3, 3, 3, 3));
          d += 4 * kstep;
          src += 16;
        }
        for (; k < kc; k++) {
          v128.store(d, v128.load32_splat(src));
          d += kstep;
          src += 4;
        }
      }
    }
    dst += <usize>kc * kstep;
  }
}

// C[0:6, 0:8] (+)= packedA(6 x kc, pre-broadcast) @ packedB(kc x 8); c row stride ldc floats.
function micro6x8(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  let c50 = f32x4.splat(0), c51 = f32x4.splat(0);
  const pbEnd = pb + (<usize>kc << 5);
  while (pb < pbEnd) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load(pa, 16);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load(pa, 32);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load(pa, 48);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    a = v128.load(pa, 64);
    c40 = f32x4.add(c40, f32x4.mul(a, b0));
    c41 = f32x4.add(c41, f32x4.mul(a, b1));
    a = v128.load(pa, 80);
    c50 = f32x4.add(c50, f32x4.mul(a, b0));
    c51 = f32x4.add(c51, f32x4.mul(a, b1));
    pa += 96;
    pb += 32;
  }
  const s = <usize>ldc << 2;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + s)); c11 = f32x4.add(c11, v128.load(c + s, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * s)); c21 = f32x4.add(c21, v128.load(c + 2 * s, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * s)); c31 = f32x4.add(c31, v128.load(c + 3 * s, 16));
    c40 = f32x4.add(c40, v128.load(c + 4 * s)); c41 = f32x4.add(c41, v128.load(c + 4 * s, 16));
    c50 = f32x4.add(c50, v128.load(c + 5 * s)); c51 = f32x4.add(c51, v128.load(c + 5 * s, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + s, c10); v128.store(c + s, c11, 16);
  v128.store(c + 2 * s, c20); v128.store(c + 2 * s, c21, 16);
  v128.store(c + 3 * s, c30); v128.store(c + 3 * s, c31, 16);
  v128.store(c + 4 * s, c40); v128.store(c + 4 * s, c41, 16);
  v128.store(c + 5 * s, c50); v128.store(c + 5 * s, c51, 16);
}

// Estimated cost (in multiply-add slots) of computing C[M,N] with A pre-broadcast: padded
// micro-kernel work, packing (pre-broadcast A costs ~6 slots an element, B ~3) and, for the
// transposed-output form, the per-tile scatter through the tile buffer.
function cost(M: i32, N: i32, K: i32, scatter: bool): f64 {
  const tiles = <f64>ceilDiv(M, MR) * <f64>ceilDiv(N, NR);
  let c = tiles * <f64>(MR * NR) * <f64>K + 6.0 * <f64>M * <f64>K * <f64>ceilDiv(N, NC) + 3.0 * <f64>K * <f64>N;
  if (scatter) c += tiles * <f64>ceilDiv(K, KC) * 600.0;
  return c;
}

// True when computing C^T = B^T A^T (pre-broadcasting B, writing C transposed) is cheaper:
// small N (e.g. 128x512 @ 512x10) pads less and packs the small operand 4x instead of the large.
@inline function swapped(M: i32, N: i32, K: i32): bool {
  return cost(N, M, K, true) < cost(M, N, K, false);
}

// Rows 0-3 of a panel only (an edge panel with <= 4 valid rows): same layout as micro6x8.
function micro4x8(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  const pbEnd = pb + (<usize>kc << 5);
  while (pb < pbEnd) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load(pa, 16);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load(pa, 32);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load(pa, 48);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 96;
    pb += 32;
  }
  const s = <usize>ldc << 2;
  v128.store(c, c00); v128.store(c, c01, 16);
  v128.store(c + s, c10); v128.store(c + s, c11, 16);
  v128.store(c + 2 * s, c20); v128.store(c + 2 * s, c21, 16);
  v128.store(c + 3 * s, c30); v128.store(c + 3 * s, c31, 16);
}

/**
 * C (+)= A @ B for float32 (see the header for the operand layouts). `accumulate` = 0 overwrites
 * C, 1 adds to it. `work` holds gemm_work_floats(M, N, K) floats, 16-byte aligned.
 */
export function gemm_f32(
  a: usize, lda: i32, ta: i32, b: usize, ldb: i32, tb: i32, c: usize, ldc: i32,
  M: i32, N: i32, K: i32, work: usize, accumulate: i32,
): void {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (accumulate == 0) for (let i = 0; i < M; i++) memory.fill(c + ((<usize>i * <usize>ldc) << 2), 0, <usize>N << 2);
    return;
  }
  // C^T = B^T A^T: B^T(i,k) = B(k,i) is "A transposed" when B is plain, and vice versa
  if (swapped(M, N, K)) gemm(b, ldb, 1 - tb, a, lda, 1 - ta, c, ldc, 1, N, M, K, work, accumulate);
  else gemm(a, lda, ta, b, ldb, tb, c, ldc, 0, M, N, K, work, accumulate);
}

// The blocked GEMM; tc = 1 writes the result transposed: C(i,j) goes to c[j*ldc + i].
function gemm(
  a: usize, lda: i32, ta: i32, b: usize, ldb: i32, tb: i32, c: usize, ldc: i32, tc: i32,
  M: i32, N: i32, K: i32, work: usize, accumulate: i32,
): void {
  const KB = blockLen(K, KC, 4);
  const MB = blockLen(M, MC, MR);
  const packedB = work;
  const packedA = packedB + ((<usize>KB * <usize>roundUp(min(N, NC), NR)) << 2);
  const tile = packedA + ((<usize>MB * <usize>KB) << 4);
  const cs: usize = <usize>ldc << 2;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KB) {
      const kc = min(KB, K - pc);
      const acc = accumulate != 0 || pc > 0;
      packB(b, ldb, tb, pc, jc, kc, nc, packedB);
      for (let ic = 0; ic < M; ic += MB) {
        const mc = min(MB, M - ic);
        packA(a, lda, ta, ic, pc, mc, kc, packedA);
        for (let ir = 0; ir < mc; ir += MR) {
          const mr = min(MR, mc - ir);
          const pa = packedA + ((<usize>ir * <usize>kc) << 4);
          for (let jr = 0; jr < nc; jr += NR) {
            const nr = min(NR, nc - jr);
            const pb = packedB + ((<usize>jr * <usize>kc) << 2);
            const i0 = ic + ir;
            const j0 = jc + jr;
            if (tc == 0 && mr == MR && nr == NR) {
              micro6x8(pa, pb, kc, c + <usize>i0 * cs + (<usize>j0 << 2), ldc, acc);
              continue;
            }
            if (mr <= 4) micro4x8(pa, pb, kc, tile, NR);
            else micro6x8(pa, pb, kc, tile, NR, false);
            for (let i = 0; i < mr; i++) {
              const trow = tile + (<usize>(i * NR) << 2);
              // element (i0+i, j0+j): row-major at c + (i0+i)*cs + (j0+j)*4, transposed swaps them
              let o = tc == 0 ? c + <usize>(i0 + i) * cs + (<usize>j0 << 2) : c + <usize>j0 * cs + (<usize>(i0 + i) << 2);
              const step: usize = tc == 0 ? 4 : cs;
              for (let j = 0; j < nr; j++) {
                const v = load<f32>(trow + (<usize>j << 2));
                store<f32>(o, acc ? load<f32>(o) + v : v);
                o += step;
              }
            }
          }
        }
      }
    }
  }
}

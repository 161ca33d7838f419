// Shared float32 GEMM core (used by the matmul and conv kernel families).
// C[M,N] (+)= A[M,K] @ B[K,N], all float32, byte pointers into the shared memory.
// Operand layout: A(i,k) = a[i*lda + k] (ta = 0) or a[k*lda + i] (ta = 1);
//                 B(k,j) = b[k*ldb + j] (tb = 0) or b[j*ldb + k] (tb = 1); C(i,j) = c[i*ldc + j].
// Tiling (BLIS order): N in blocks of NC, K in blocks of KC, M in blocks of MC. Each K x N block
// of B is packed into NR-wide column panels and each M x K block of A into MR-tall row panels
// (zero-padded at the edges) inside the caller's work buffer, so the MR x NR micro-kernel
// streams both operands contiguously. The micro-kernel keeps MR x NR accumulators in
// MR*NR/4 f32x4 values (4x8: 8 accumulators + 2 B vectors + 1 A splat, fits 16 registers).
// Edge tiles run the same micro-kernel into a small tile buffer, then copy the valid part.
// Limits: element offsets fit in i32; the work buffer must hold gemm_work_floats(M, N, K) floats.

export const MR: i32 = 4;
export const NR: i32 = 8;
export const MC: i32 = 64;
export const KC: i32 = 256;
export const NC: i32 = 2048;

@inline function roundUp(x: i32, m: i32): i32 {
  return ((x + m - 1) / m) * m;
}

/** Floats of work space gemm_f32 needs for these sizes (packed B, packed A, one tile). */
export function gemm_work_floats(M: i32, N: i32, K: i32): i32 {
  const kc = min(K, KC);
  const nc = roundUp(min(N, NC), NR);
  const mc = roundUp(min(M, MC), MR);
  return kc * nc + mc * kc + MR * NR + 8;
}

// Packs B[pc:pc+kc, jc:jc+nc] into panels of NR columns: dst[panel][k][0..NR).
function packB(b: usize, ldb: i32, tb: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
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
          v128.store(dst, f32x4.splat(0));
          v128.store(dst, f32x4.splat(0), 16);
          for (let j = 0; j < nr; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
          dst += 32;
          src += step;
        }
      }
    } else {
      // B is stored transposed: column j of B is a contiguous row of length K
      for (let k = 0; k < kc; k++) {
        v128.store(dst, f32x4.splat(0));
        v128.store(dst, f32x4.splat(0), 16);
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

// Packs A[ic:ic+mc, pc:pc+kc] into panels of MR rows: dst[panel][k][0..MR).
function packA(a: usize, lda: i32, ta: i32, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ip = 0; ip < mc; ip += MR) {
    const mr = min(MR, mc - ip);
    const i0 = ic + ip;
    if (ta == 1) {
      let src = a + ((<usize>pc * <usize>lda + <usize>i0) << 2);
      const step = <usize>lda << 2;
      if (mr == MR) {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, v128.load(src));
          dst += 16;
          src += step;
        }
      } else {
        for (let k = 0; k < kc; k++) {
          v128.store(dst, f32x4.splat(0));
          for (let i = 0; i < mr; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
          dst += 16;
          src += step;
        }
      }
    } else if (mr == MR) {
      const step = <usize>lda << 2;
      let r0 = a + ((<usize>i0 * <usize>lda + <usize>pc) << 2);
      let k = 0;
      // 4x4 blocks: load four row vectors, transpose, store four k-columns
      for (; k + 4 <= kc; k += 4) {
        const x0 = v128.load(r0);
        const x1 = v128.load(r0 + step);
        const x2 = v128.load(r0 + 2 * step);
        const x3 = v128.load(r0 + 3 * step);
        const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t2 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
        const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
        v128.store(dst, i64x2.shuffle(t0, t1, 0, 2));
        v128.store(dst, i64x2.shuffle(t0, t1, 1, 3), 16);
        v128.store(dst, i64x2.shuffle(t2, t3, 0, 2), 32);
        v128.store(dst, i64x2.shuffle(t2, t3, 1, 3), 48);
        dst += 64;
        r0 += 16;
      }
      for (; k < kc; k++) {
        store<f32>(dst, load<f32>(r0));
        store<f32>(dst, load<f32>(r0 + step), 4);
        store<f32>(dst, load<f32>(r0 + 2 * step), 8);
        store<f32>(dst, load<f32>(r0 + 3 * step), 12);
        dst += 16;
        r0 += 4;
      }
    } else {
      for (let k = 0; k < kc; k++) {
        v128.store(dst, f32x4.splat(0));
        for (let i = 0; i < mr; i++) {
          store<f32>(dst + (<usize>i << 2), load<f32>(a + ((<usize>(i0 + i) * <usize>lda + <usize>(pc + k)) << 2)));
        }
        dst += 16;
      }
    }
  }
}

// C[0:4, 0:8] (+)= packedA(4 x kc) @ packedB(kc x 8); c row stride ldc floats.
@inline function micro4x8(pa: usize, pb: usize, kc: i32, c: usize, ldc: i32, acc: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(a, b0));
    c01 = f32x4.add(c01, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(a, b0));
    c11 = f32x4.add(c11, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(a, b0));
    c21 = f32x4.add(c21, f32x4.mul(a, b1));
    a = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(a, b0));
    c31 = f32x4.add(c31, f32x4.mul(a, b1));
    pa += 16;
    pb += 32;
  }
  const s = <usize>ldc << 2;
  if (acc) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + s)); c11 = f32x4.add(c11, v128.load(c + s, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * s)); c21 = f32x4.add(c21, v128.load(c + 2 * s, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * s)); c31 = f32x4.add(c31, v128.load(c + 3 * s, 16));
  }
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
  const kcMax = min(K, KC);
  const ncMax = roundUp(min(N, NC), NR);
  const packedB = work;
  const packedA = packedB + ((<usize>kcMax * <usize>ncMax) << 2);
  const tile = packedA + ((<usize>roundUp(min(M, MC), MR) * <usize>kcMax) << 2);
  for (let jc = 0; jc < N; jc += NC) {
    const nc = min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = min(KC, K - pc);
      const acc = accumulate != 0 || pc > 0;
      packB(b, ldb, tb, pc, jc, kc, nc, packedB);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = min(MC, M - ic);
        packA(a, lda, ta, ic, pc, mc, kc, packedA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = packedB + ((<usize>jr * <usize>kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = packedA + ((<usize>ir * <usize>kc) << 2);
            const cp = c + ((<usize>(ic + ir) * <usize>ldc + <usize>(jc + jr)) << 2);
            if (mr == MR && nr == NR) {
              micro4x8(pa, pb, kc, cp, ldc, acc);
            } else {
              micro4x8(pa, pb, kc, tile, NR, false);
              for (let i = 0; i < mr; i++) {
                const crow = cp + ((<usize>i * <usize>ldc) << 2);
                const trow = tile + (<usize>(i * NR) << 2);
                for (let j = 0; j < nr; j++) {
                  const v = load<f32>(trow + (<usize>j << 2));
                  const o = crow + (<usize>j << 2);
                  store<f32>(o, acc ? load<f32>(o) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

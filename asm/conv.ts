// Kernel family: conv — float32 2-D convolution (1-D is the same with H = 1), MLX layout.
// Layout: input NHWC, weight [O, kh, kw, C/groups] (OHWI), output NHWC, all contiguous float32.
// Geometry descriptor (int32 words at `desc`):
//   [N, H, W, C, O, kh, kw, Ho, Wo, sh, sw, ph, pw, dh, dw, groups, tileRows]
// Tiling: implicit GEMM per group. Output pixels (N*Ho*Wo rows) go in tiles of `tileRows`; each
// tile's patches are gathered (im2col, zeros for the symmetric padding) into `work`, then the
// shared GEMM (asm/shared/matmul_gemm.ts, 6x8 f32x4 micro-kernel) multiplies them by the
// group's weights read in place as a transposed [kh*kw*Cg, Og] operand. A 1x1 / stride 1 /
// no-padding convolution skips the gather (the input already is the [N*H*W, C] matrix).
// Depthwise (groups == C == O): direct kernel vectorised over channels with f32x4.
// Limits: element offsets fit in i32; work must hold conv_work_floats(...) floats.
import { gemm_f32, gemm_work_floats } from "./shared/matmul_gemm";

@inline function geti(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

/** Floats of work space conv_f32 needs: an im2col tile plus the GEMM's packing space. */
export function conv_work_floats(tileRows: i32, Og: i32, Kg: i32): i32 {
  return tileRows * Kg + gemm_work_floats(tileRows, Og, Kg) + 4;
}

/** Grouped convolution by im2col tiles + GEMM (see the header). */
export function conv_f32(x: usize, w: usize, out: usize, desc: usize, work: usize): void {
  const N = geti(desc, 0), H = geti(desc, 1), W = geti(desc, 2), C = geti(desc, 3), O = geti(desc, 4);
  const kh = geti(desc, 5), kw = geti(desc, 6), Ho = geti(desc, 7), Wo = geti(desc, 8);
  const sh = geti(desc, 9), sw = geti(desc, 10), ph = geti(desc, 11), pw = geti(desc, 12);
  const dh = geti(desc, 13), dw = geti(desc, 14), groups = geti(desc, 15), T = geti(desc, 16);
  const Cg = C / groups;
  const Og = O / groups;
  const Kg = kh * kw * Cg;
  const P = N * Ho * Wo;
  if (P == 0 || Og == 0) return;
  const pointwise = kh == 1 && kw == 1 && sh == 1 && sw == 1 && ph == 0 && pw == 0;
  const col = work;
  const gw = work + (((<usize>T * <usize>Kg + 3) & ~3) << 2);
  for (let g = 0; g < groups; g++) {
    const wg = w + ((<usize>g * <usize>Og * <usize>Kg) << 2);
    if (pointwise) {
      gemm_f32(x + (<usize>(g * Cg) << 2), C, 0, wg, Kg, 1, out + (<usize>(g * Og) << 2), O, P, Og, Kg, gw, 0);
      continue;
    }
    for (let p0 = 0; p0 < P; p0 += T) {
      const t = min(T, P - p0);
      for (let r = 0; r < t; r++) {
        const p = p0 + r;
        const n = p / (Ho * Wo);
        const rem = p - n * Ho * Wo;
        const oy = rem / Wo;
        const ox = rem - oy * Wo;
        let dst = col + ((<usize>r * <usize>Kg) << 2);
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - ph + ky * dh;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - pw + kx * dw;
            if (iy >= 0 && iy < H && ix >= 0 && ix < W) {
              const src = x + ((<usize>((n * H + iy) * W + ix) * <usize>C + <usize>(g * Cg)) << 2);
              memory.copy(dst, src, <usize>Cg << 2);
            } else {
              memory.fill(dst, 0, <usize>Cg << 2);
            }
            dst += <usize>Cg << 2;
          }
        }
      }
      gemm_f32(col, Kg, 0, wg, Kg, 1, out + ((<usize>p0 * <usize>O + <usize>(g * Og)) << 2), O, t, Og, Kg, gw, 0);
    }
  }
}

/** Depthwise convolution (groups == C == O): direct, f32x4 over channels; work holds kh*kw*C floats. */
export function conv_depthwise_f32(x: usize, w: usize, out: usize, desc: usize, work: usize): void {
  const N = geti(desc, 0), H = geti(desc, 1), W = geti(desc, 2), C = geti(desc, 3);
  const kh = geti(desc, 5), kw = geti(desc, 6), Ho = geti(desc, 7), Wo = geti(desc, 8);
  const sh = geti(desc, 9), sw = geti(desc, 10), ph = geti(desc, 11), pw = geti(desc, 12);
  const dh = geti(desc, 13), dw = geti(desc, 14);
  const KK = kh * kw;
  // weights [C, KK] -> [KK, C] so that one tap's weights are a contiguous channel vector
  for (let c = 0; c < C; c++) {
    for (let t = 0; t < KK; t++) {
      store<f32>(work + ((<usize>t * <usize>C + <usize>c) << 2), load<f32>(w + ((<usize>c * <usize>KK + <usize>t) << 2)));
    }
  }
  const C4 = C & ~3;
  let o = out;
  for (let n = 0; n < N; n++) {
    for (let oy = 0; oy < Ho; oy++) {
      for (let ox = 0; ox < Wo; ox++) {
        memory.fill(o, 0, <usize>C << 2);
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * sh - ph + ky * dh;
          if (iy < 0 || iy >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * sw - pw + kx * dw;
            if (ix < 0 || ix >= W) continue;
            const src = x + ((<usize>((n * H + iy) * W + ix) * <usize>C) << 2);
            const wt = work + ((<usize>(ky * kw + kx) * <usize>C) << 2);
            let c = 0;
            for (; c < C4; c += 4) {
              const off = <usize>c << 2;
              v128.store(o + off, f32x4.add(v128.load(o + off), f32x4.mul(v128.load(src + off), v128.load(wt + off))));
            }
            for (; c < C; c++) {
              const off = <usize>c << 2;
              store<f32>(o + off, load<f32>(o + off) + load<f32>(src + off) * load<f32>(wt + off));
            }
          }
        }
        o += <usize>C << 2;
      }
    }
  }
}

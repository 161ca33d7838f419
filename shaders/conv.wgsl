// Kernel family: conv — float32 convolution (cross-correlation, as MLX) as an implicit GEMM on
// the tiled skeleton of matmul.wgsl (this file is appended to it; no im2col buffer exists).
// Per group g: C[p, o] = sum_k A[p, k] * Wg[o, k], with p = (n, oy, ox) an output pixel
// (M = N*Ho*Wo), o < O/groups (N of the GEMM), k = (ky, kx, c) < kh*kw*C/groups (K).
// A is the virtual patch matrix, gathered from the NHWC input tile by tile (zeros in the
// padding); the [O, kh, kw, C/groups] weight is B stored [N, K] (flag bT) at offset g*Og*Kg; the
// output element (p, g*Og + o) is at p*O + g*Og + o (NHWC). The group is the GEMM batch.
// aV (flag 4): C and C/groups are multiples of 4, so 4 consecutive k share (ky, kx) and one vec4 load.
// Descriptor words after the skeleton's seven: [N, H, W, C, O, kh, kw, Ho, Wo, sh, sw, ph, pw,
// dh, dw, Cg] (padding symmetric per axis; conv1d has H = kh = 1). Limits: as matmul.wgsl.

fn cv_setup(g: u32) {
  a_off = g * D[22]; // channel offset of the group in each input pixel
  a_ld = D[10];
  b_off = g * dN * dK;
  b_ld = dK;
  c_off = g * dN;
  c_ld = D[11];
}

/** Input value of patch row p at k = (ky, kx, c) (0 in the padding or past K). */
fn cv_one(n: u32, oy: u32, ox: u32, k: u32) -> f32 {
  if (k >= dK) { return 0.0; }
  let Cg = D[22];
  let c = k % Cg;
  let t = k / Cg;
  let kx = t % D[13];
  let ky = t / D[13];
  let iy = i32(oy * D[16] + ky * D[20]) - i32(D[18]);
  let ix = i32(ox * D[17] + kx * D[21]) - i32(D[19]);
  if (iy < 0 || iy >= i32(D[8]) || ix < 0 || ix >= i32(D[9])) { return 0.0; }
  let e = ((n * D[8] + u32(iy)) * D[9] + u32(ix)) * D[10] + a_off + c;
  return IA[e >> 2u][e & 3u];
}

/** Patch values A[p, k..k+3]. */
fn cv_ld_a(p: u32, k: u32) -> vec4f {
  if (p >= dM || k >= dK) { return vec4f(0.0); }
  let Wo = D[15];
  let Ho = D[14];
  let ox = p % Wo;
  let t = p / Wo;
  let oy = t % Ho;
  let n = t / Ho;
  if (aV) {
    let Cg = D[22];
    let c = k % Cg;
    let t2 = k / Cg;
    let kx = t2 % D[13];
    let ky = t2 / D[13];
    let iy = i32(oy * D[16] + ky * D[20]) - i32(D[18]);
    let ix = i32(ox * D[17] + kx * D[21]) - i32(D[19]);
    if (iy < 0 || iy >= i32(D[8]) || ix < 0 || ix >= i32(D[9])) { return vec4f(0.0); }
    let e = ((n * D[8] + u32(iy)) * D[9] + u32(ix)) * D[10] + a_off + c;
    return IA[e >> 2u];
  }
  return vec4f(cv_one(n, oy, ox, k), cv_one(n, oy, ox, k + 1u), cv_one(n, oy, ox, k + 2u), cv_one(n, oy, ox, k + 3u));
}

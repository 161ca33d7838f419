// Kernel family: conv — float32 2-D convolution (cross-correlation, as MLX), NHWC input,
// [O, kh, kw, C/groups] weight, NHWC output [N, Ho, Wo, O]; symmetric zero padding, stride,
// dilation, groups (conv1d is the same primitive with H = kh = 1).
// Tiling: direct — one invocation per output element (64 per workgroup, id folded over x/y);
// each sums kh*kw*(C/groups) products, skipping taps that fall in the padding. Neighbouring
// invocations share (n, ho, wo) and read the same input pixel (broadcast) with consecutive
// weight rows. A correct baseline; an implicit-GEMM tiling is the speed issue's work.
// Descriptor: [N, H, W, C, O, kh, kw, Ho, Wo, sh, sw, ph, pw, dh, dw, groups].
// Limits: element offsets < 2^32.

@group(0) @binding(0) var<storage, read_write> Y: array<f32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;
@group(0) @binding(2) var<storage, read> X: array<f32>;
@group(0) @binding(3) var<storage, read> Wt: array<f32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let e = gid.x + gid.y * nw.x * 64u;
  let N = D[0]; let H = D[1]; let W = D[2]; let C = D[3]; let O = D[4];
  let kh = D[5]; let kw = D[6]; let Ho = D[7]; let Wo = D[8];
  let sh = D[9]; let sw = D[10]; let ph = D[11]; let pw = D[12]; let dh = D[13]; let dw = D[14];
  let groups = D[15];
  if (e >= N * Ho * Wo * O) { return; }
  let o = e % O;
  let wo = (e / O) % Wo;
  let ho = (e / (O * Wo)) % Ho;
  let n = e / (O * Wo * Ho);
  let Cg = C / groups;
  let g = o / (O / groups);
  var acc = 0.0;
  for (var i = 0u; i < kh; i++) {
    let hi = i32(ho * sh + i * dh) - i32(ph);
    if (hi < 0 || hi >= i32(H)) { continue; }
    for (var j = 0u; j < kw; j++) {
      let wi = i32(wo * sw + j * dw) - i32(pw);
      if (wi < 0 || wi >= i32(W)) { continue; }
      let xb = ((n * H + u32(hi)) * W + u32(wi)) * C + g * Cg;
      let wb = ((o * kh + i) * kw + j) * Cg;
      for (var c = 0u; c < Cg; c++) { acc += X[xb + c] * Wt[wb + c]; }
    }
  }
  Y[e] = acc;
}

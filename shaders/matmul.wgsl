// Kernel family: matmul — C = A @ B in float32, tiled in workgroup memory with 4x4 register
// blocks. This file is also the GEMM skeleton of conv.wgsl (implicit GEMM).
// Variant header (written by src/backend/gpu/matmul.ts) defines TM, TN (the C tile, 16 or 64
// each), BK (K step), WG = (TM/4)*(TN/4) invocations and the hooks `setup(batch)`,
// `ld_a(m, k)`, `ld_b(k, n)` (4 values along the operand's contiguous direction, zeros outside
// the matrix). Operand forms are run-time flags (uniform branches, so one pipeline per tile
// shape and family serves all of them): 1 aT (A stored [K, M]), 2 bT (B stored [N, K]),
// 4 aV / 8 bV (the operand's rows are 16-byte aligned: single vec4 loads).
// Layout: output O as array<f32>; inputs bound as array<vec4f> (buffers are 16-byte
// multiples; a scalar is IA[e >> 2][e & 3]). D: [M, N, K, tilesM, tilesN, count, flags,
// family words...].
// Tiling: workgroup w = wid.x + wid.y * nw.x takes tile (batch, tm, tn), tn fastest. Each K
// step stages As[k][m] (TM x BK) and Bs[k][n] (BK x TN) in workgroup memory (8 KiB at
// 64x64x16), then every invocation accumulates a 4x4 block of C (rows ty*4.., cols tx*4..)
// from vec4 reads of both tiles. Edges: loads outside M, N, K give 0, stores are masked, so
// any M, N, K works (K = 0 writes zeros).
// matmul family words: [lda, ldb, nb, batchShape[nb], aBatchStrides[nb], bBatchStrides[nb]].
// Limits: element offsets < 2^32; tiles * batch < 2^32.

@group(0) @binding(0) var<storage, read_write> O: array<f32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;
@group(0) @binding(2) var<storage, read> IA: array<vec4f>;
@group(0) @binding(3) var<storage, read> IB: array<vec4f>;

var<workgroup> As: array<vec4f, BK * TM / 4u>;
var<workgroup> Bs: array<vec4f, BK * TN / 4u>;

// Per-tile geometry, set by the family's setup(): element offsets and leading dimensions.
var<private> dM: u32;
var<private> dN: u32;
var<private> dK: u32;
var<private> a_off: u32;
var<private> a_ld: u32;
var<private> b_off: u32;
var<private> b_ld: u32;
var<private> c_off: u32;
var<private> c_ld: u32;
var<private> aT: bool;
var<private> bT: bool;
var<private> aV: bool;
var<private> bV: bool;

/** Stores the first n lanes of v at element e of the output. */
fn store_c(e: u32, v: vec4f, n: u32) {
  O[e] = v.x;
  if (n > 1u) { O[e + 1u] = v.y; }
  if (n > 2u) { O[e + 2u] = v.z; }
  if (n > 3u) { O[e + 3u] = v.w; }
}

fn ldA1(e: u32, ok: bool) -> f32 { if (ok) { return IA[e >> 2u][e & 3u]; } return 0.0; }
fn ldB1(e: u32, ok: bool) -> f32 { if (ok) { return IB[e >> 2u][e & 3u]; } return 0.0; }

/** matmul: operand offsets of batch b (mixed radix over the collapsed batch shape). */
fn mm_setup(b: u32) {
  let nb = D[9];
  var rem = b;
  var oa = 0u;
  var ob = 0u;
  for (var d = nb; d > 0u; d--) {
    let s = D[9u + d];
    let i = rem % s;
    rem = rem / s;
    oa += i * D[9u + nb + d];
    ob += i * D[9u + 2u * nb + d];
  }
  a_off = oa;
  b_off = ob;
  a_ld = D[7];
  b_ld = D[8];
  c_off = b * dM * dN;
  c_ld = dN;
}

/** A at (m, k..k+3), or with aT at (m..m+3, k). */
fn mm_ld_a(m: u32, k: u32) -> vec4f {
  if (!aT) {
    if (m >= dM) { return vec4f(0.0); }
    let e = a_off + m * a_ld + k;
    if (aV) { if (k >= dK) { return vec4f(0.0); } return IA[e >> 2u]; }
    return vec4f(ldA1(e, k < dK), ldA1(e + 1u, k + 1u < dK), ldA1(e + 2u, k + 2u < dK), ldA1(e + 3u, k + 3u < dK));
  }
  if (k >= dK) { return vec4f(0.0); }
  let e = a_off + k * a_ld + m;
  if (aV) { if (m >= dM) { return vec4f(0.0); } return IA[e >> 2u]; }
  return vec4f(ldA1(e, m < dM), ldA1(e + 1u, m + 1u < dM), ldA1(e + 2u, m + 2u < dM), ldA1(e + 3u, m + 3u < dM));
}

/** B at (k, n..n+3), or with bT at (k..k+3, n). */
fn mm_ld_b(k: u32, n: u32) -> vec4f {
  if (!bT) {
    if (k >= dK) { return vec4f(0.0); }
    let e = b_off + k * b_ld + n;
    if (bV) { if (n >= dN) { return vec4f(0.0); } return IB[e >> 2u]; }
    return vec4f(ldB1(e, n < dN), ldB1(e + 1u, n + 1u < dN), ldB1(e + 2u, n + 2u < dN), ldB1(e + 3u, n + 3u < dN));
  }
  if (n >= dN) { return vec4f(0.0); }
  let e = b_off + n * b_ld + k;
  if (bV) { if (k >= dK) { return vec4f(0.0); } return IB[e >> 2u]; }
  return vec4f(ldB1(e, k < dK), ldB1(e + 1u, k + 1u < dK), ldB1(e + 2u, k + 2u < dK), ldB1(e + 3u, k + 3u < dK));
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let K = D[2];
  let tilesM = D[3];
  let tilesN = D[4];
  let id = wid.x + wid.y * nw.x;
  if (id >= D[5]) { return; }
  dM = D[0];
  dN = D[1];
  dK = K;
  let flags = D[6];
  aT = (flags & 1u) != 0u;
  bT = (flags & 2u) != 0u;
  aV = (flags & 4u) != 0u;
  bV = (flags & 8u) != 0u;
  let tn = id % tilesN;
  let rest = id / tilesN;
  let m0 = (rest % tilesM) * TM;
  let n0 = tn * TN;
  setup(rest / tilesM);
  let tx = lid % (TN / 4u);
  let ty = lid / (TN / 4u);
  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  for (var k0 = 0u; k0 < K; k0 += BK) {
    for (var l = lid; l < TM * BK / 4u; l += WG) {
      if (!aT) {
        let m = l / (BK / 4u);
        let k = (l % (BK / 4u)) * 4u;
        let v = ld_a(m0 + m, k0 + k);
        let i = k * (TM / 4u) + m / 4u;
        let j = m % 4u;
        As[i][j] = v.x;
        As[i + TM / 4u][j] = v.y;
        As[i + TM / 2u][j] = v.z;
        As[i + 3u * TM / 4u][j] = v.w;
      } else {
        let k = l / (TM / 4u);
        let mq = l % (TM / 4u);
        As[l] = ld_a(m0 + mq * 4u, k0 + k);
      }
    }
    for (var l = lid; l < TN * BK / 4u; l += WG) {
      if (!bT) {
        let k = l / (TN / 4u);
        let nq = l % (TN / 4u);
        Bs[l] = ld_b(k0 + k, n0 + nq * 4u);
      } else {
        let n = l / (BK / 4u);
        let k = (l % (BK / 4u)) * 4u;
        let v = ld_b(k0 + k, n0 + n);
        let i = k * (TN / 4u) + n / 4u;
        let j = n % 4u;
        Bs[i][j] = v.x;
        Bs[i + TN / 4u][j] = v.y;
        Bs[i + TN / 2u][j] = v.z;
        Bs[i + 3u * TN / 4u][j] = v.w;
      }
    }
    workgroupBarrier();
    for (var k = 0u; k < BK; k++) {
      let a = As[k * (TM / 4u) + ty];
      let b = Bs[k * (TN / 4u) + tx];
      acc0 = fma(vec4f(a.x), b, acc0);
      acc1 = fma(vec4f(a.y), b, acc1);
      acc2 = fma(vec4f(a.z), b, acc2);
      acc3 = fma(vec4f(a.w), b, acc3);
    }
    workgroupBarrier();
  }
  let col = n0 + tx * 4u;
  if (col >= dN) { return; }
  let nv = min(4u, dN - col);
  let row = m0 + ty * 4u;
  if (row < dM) { store_c(c_off + row * c_ld + col, acc0, nv); }
  if (row + 1u < dM) { store_c(c_off + (row + 1u) * c_ld + col, acc1, nv); }
  if (row + 2u < dM) { store_c(c_off + (row + 2u) * c_ld + col, acc2, nv); }
  if (row + 3u < dM) { store_c(c_off + (row + 3u) * c_ld + col, acc3, nv); }
}

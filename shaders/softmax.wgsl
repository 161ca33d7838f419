// Kernel family: softmax — float32 softmax over the contiguous last axis.
// Layout: `rows` rows of `n` contiguous float32 values (input I0, output O, raw bits in
// array<u32>); D = [rows, n, log2 TPI].
// Tiling: 256 invocations per workgroup, split into GROUPS groups of TPI threads (TPI in 4,
// 16, 64, 256, a run-time word chosen by src/backend/gpu/softmax.ts); each group owns a row. Three sweeps
// per row, each thread striding over the row: max (shared-memory tree), exp(x - max) written
// to O and summed (tree), then O scaled by 1/sum by the same thread that wrote it.
// As the CPU kernel: a row containing NaN or +inf, or made only of -inf, gives NaN; -inf
// gives 0. exp is common.wgsl's k_exp (Cephes, agrees with the CPU's to a few ulp); results
// below FLT_MIN flush to 0. Limits: rows * n < 2^32; workgroups fold into y.

@group(0) @binding(0) var<storage, read_write> O: array<u32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;
@group(0) @binding(2) var<storage, read> I0: array<u32>;

var<workgroup> SH: array<f32, 256>;

// Special floats as runtime values (WGSL rejects inf/NaN in constant expressions).
var<private> SM_NEG_INF_BITS: u32 = 0xff800000u;


/** max that propagates NaN (as f32x4.max on the CPU). */
fn sm_max(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  return select(b, a, a > b);
}

/** Tree-combines the TPI values of each group in SH (max when `is_max`, else sum); returns the group's result. */
fn sm_tree(lid: u32, t: u32, g: u32, TPI: u32, is_max: bool) -> f32 {
  for (var s = TPI / 2u; s > 0u; s = s / 2u) {
    workgroupBarrier();
    if (t < s) {
      let a = SH[lid];
      let b = SH[lid + s];
      SH[lid] = select(a + b, sm_max(a, b), is_max);
    }
  }
  workgroupBarrier();
  let r = SH[g * TPI];
  workgroupBarrier(); // SH is reused by the next sweep
  return r;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let rows = D[0];
  let n = D[1];
  let tl = D[2];
  let TPI = 1u << tl;
  let GROUPS = 256u >> tl;
  let g = lid >> tl;
  let t = lid & (TPI - 1u);
  let row = (wid.x + wid.y * nw.x) * GROUPS + g;
  let live = row < rows;
  let base = row * n;
  var m = bitcast<f32>(SM_NEG_INF_BITS);
  if (live) {
    for (var k = t; k < n; k += TPI) { m = sm_max(m, bitcast<f32>(I0[base + k])); }
  }
  SH[lid] = m;
  m = sm_tree(lid, t, g, TPI, true);
  var s = 0.0;
  if (live) {
    for (var k = t; k < n; k += TPI) {
      let e = k_exp(bitcast<f32>(I0[base + k]) - m);
      O[base + k] = bitcast<u32>(e);
      s += e;
    }
  }
  SH[lid] = s;
  s = sm_tree(lid, t, g, TPI, false);
  let inv = 1.0 / s;
  if (live) {
    for (var k = t; k < n; k += TPI) { O[base + k] = bitcast<u32>(bitcast<f32>(O[base + k]) * inv); }
  }
}

// Kernel family: reduce — sum, prod, max, min, argmax, argmin, all, any.
// Layout: the input (contiguous, raw bits in array<u32>, 1-byte dtypes packed 4 per word) is
// seen as M outputs ("kept" index o) times n reduced elements (index k); element (o, k) sits
// at kept_offset(o) + red_offset(k), both mixed-radix over the collapsed kept / reduced dims.
// Each "item" reduces one chunk [c*L, min(n, c*L + L)) of one output; item = c*M + o, so
// consecutive groups of a workgroup read consecutive outputs (coalesced column reductions).
// Tiling: 256 invocations per workgroup, split into GROUPS groups of TPI threads (TPI in
// 1, 4, 16, 64, 256); a group's threads stride over its chunk, then a shared-memory tree
// (log2 TPI steps) combines them. Items of a multi-chunk pass (P = ceil(n / L) > 1) write
// partials (the value, and for argmax/argmin the index: 2 words) to a temporary laid out
// [P][M]; the next pass reduces those with the same kernel until P == 1.
// Float sums are pairwise-ish: at most ~32 serial adds per thread, then tree levels.
// Descriptor D: [M, n, L, items = M*P, nk, nr, log2 TPI, OUT_KIND, PARTIAL, MODE, identity
// bits, kshape[nk], kstride[nk], rshape[nr], rstride[nr]]. OUT_KIND 0: one 4-byte word per item (the index for
// argmax/argmin); 1: packed bytes (needs GROUPS % 4 == 0); 2: partials. PARTIAL: the input
// is a previous pass's partials. MODE picks one of a variant's two operations (sum/prod,
// max/min (also all/any), argmax/argmin). These are run-time words, so one compiled variant
// per (operation pair, compute type, input load) serves every pass and shape.
// The generator (src/backend/gpu/reduce.ts) prepends `alias V` (f32/i32/u32), const ARG
// (argmax/argmin: states carry indices), fn combine(a, b) (reads MODE) and fn load_input(e)
// (the value of input element e).
// NaN: max/min propagate it; argmax/argmin take the first NaN; ties keep the lowest index.
// Limits: element counts and offsets below 2^32; workgroups fold into y (linear id
// wid.x + wid.y * nw.x).

@group(0) @binding(0) var<storage, read_write> O: array<u32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;
@group(0) @binding(2) var<storage, read> I0: array<u32>;

struct S { v: V, i: u32 }

var<workgroup> SV: array<V, 256>;
var<workgroup> SI: array<u32, 256>;
var<private> MODE: u32;

fn identity() -> S { return S(bitcast<V>(D[10]), 0xffffffffu); }

// NaN tests on the bits: some WGSL compilers (SwiftShader's) fold x != x and NaN compares.
fn r_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn r_nonzero_f32(bits: u32) -> u32 { return select(0u, 1u, (bits & 0x7fffffffu) != 0u); }
fn r_nonzero(bits: u32) -> u32 { return select(0u, 1u, bits != 0u); }
/** Byte `e` of the packed input. */
fn r_byte(e: u32) -> u32 { return (I0[e >> 2u] >> ((e & 3u) * 8u)) & 0xffu; }

fn r_sum_f32(a: f32, b: f32) -> f32 { return a + b; }
fn r_sum_u32(a: u32, b: u32) -> u32 { return a + b; }
fn r_prod_f32(a: f32, b: f32) -> f32 { return a * b; }
fn r_prod_u32(a: u32, b: u32) -> u32 { return a * b; }
// max/min of floats: NaN wins; of equal values (only +0 / -0 differ) +0 is the max, -0 the min.
fn r_max_f32(a: f32, b: f32) -> f32 {
  if (r_nan(a)) { return a; }
  if (r_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) & bitcast<u32>(b)); }
  return select(b, a, a > b);
}
fn r_min_f32(a: f32, b: f32) -> f32 {
  if (r_nan(a)) { return a; }
  if (r_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) | bitcast<u32>(b)); }
  return select(b, a, a < b);
}
fn r_max_i32(a: i32, b: i32) -> i32 { return max(a, b); }
fn r_min_i32(a: i32, b: i32) -> i32 { return min(a, b); }
fn r_max_u32(a: u32, b: u32) -> u32 { return max(a, b); }
fn r_min_u32(a: u32, b: u32) -> u32 { return min(a, b); }

// argmax/argmin: true when candidate (vb, ib) replaces (va, ia). An index of 0xffffffff marks
// an empty candidate. b is better when strictly greater (less), or NaN against a non-NaN;
// equal values (or two NaNs) keep the lower index.
fn r_take_f32(is_max: bool, va: f32, ia: u32, vb: f32, ib: u32) -> bool {
  if (ib == 0xffffffffu) { return false; }
  if (ia == 0xffffffffu) { return true; }
  let na = r_nan(va);
  let nb = r_nan(vb);
  if (na || nb) { return (nb && !na) || (na && nb && ib < ia); }
  if (va == vb) { return ib < ia; }
  return select((vb < va), (vb > va), is_max);
}
fn r_take_i32(is_max: bool, va: i32, ia: u32, vb: i32, ib: u32) -> bool {
  if (ib == 0xffffffffu) { return false; }
  if (ia == 0xffffffffu) { return true; }
  if (va == vb) { return ib < ia; }
  return select((vb < va), (vb > va), is_max);
}
fn r_take_u32(is_max: bool, va: u32, ia: u32, vb: u32, ib: u32) -> bool {
  if (ib == 0xffffffffu) { return false; }
  if (ia == 0xffffffffu) { return true; }
  if (va == vb) { return ib < ia; }
  return select((vb < va), (vb > va), is_max);
}

const KB: u32 = 11u; // first kshape word

/** State of element e at reduced index k: read from the input, or from a partials pass. */
fn load_state(e: u32, k: u32) -> S {
  if (D[8] == 0u) { return S(load_input(e), k); }
  if (ARG) { return S(bitcast<V>(I0[2u * e]), I0[2u * e + 1u]); }
  return S(bitcast<V>(I0[e]), 0u);
}

/** Offset of output o's first element: mixed radix over the kept dims. */
fn kept_offset(o: u32) -> u32 {
  let nk = D[4];
  var rem = o;
  var off = 0u;
  for (var d = nk; d > 0u; d--) {
    let sz = D[KB + d - 1u];
    off += (rem % sz) * D[KB + nk + d - 1u];
    rem = rem / sz;
  }
  return off;
}

/** Offset of reduced element k from its output's first element. */
fn red_offset(k: u32) -> u32 {
  let nk = D[4];
  let nr = D[5];
  let base = KB + 2u * nk;
  if (nr == 0u) { return 0u; }
  if (nr == 1u) { return k * D[base + 1u]; }
  var rem = k;
  var off = 0u;
  for (var d = nr; d > 0u; d--) {
    let sz = D[base + d - 1u];
    off += (rem % sz) * D[base + nr + d - 1u];
    rem = rem / sz;
  }
  return off;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let wg = wid.x + wid.y * nw.x;
  let M = D[0];
  let n = D[1];
  let L = D[2];
  let items = D[3];
  let tl = D[6];
  let TPI = 1u << tl;
  let GROUPS = 256u >> tl;
  let OUT_KIND = D[7];
  MODE = D[9];
  let g = lid >> tl;
  let t = lid & (TPI - 1u);
  let item = wg * GROUPS + g;
  var acc = identity();
  if (item < items) {
    let o = item % M;
    let c = item / M;
    let base = kept_offset(o);
    let k0 = c * L;
    let k1 = min(n, k0 + L);
    for (var k = k0 + t; k < k1; k += TPI) {
      acc = combine(acc, load_state(base + red_offset(k), k));
    }
  }
  SV[lid] = acc.v;
  SI[lid] = acc.i;
  for (var s = TPI / 2u; s > 0u; s = s / 2u) {
    workgroupBarrier();
    if (t < s) {
      let r = combine(S(SV[lid], SI[lid]), S(SV[lid + s], SI[lid + s]));
      SV[lid] = r.v;
      SI[lid] = r.i;
    }
  }
  workgroupBarrier();
  if (OUT_KIND == 1u) {
    // packed bytes: thread w' writes the word of items 4w'..4w'+3 of this workgroup
    let words = GROUPS / 4u;
    if (lid < words) {
      let first = wg * GROUPS + lid * 4u;
      if (first < items) {
        var word = 0u;
        for (var j = 0u; j < 4u; j++) {
          if (first + j < items) {
            let q = (lid * 4u + j) * TPI;
            word = word | ((bitcast<u32>(SV[q]) & 0xffu) << (8u * j));
          }
        }
        O[first >> 2u] = word;
      }
    }
    return;
  }
  if (t != 0u || item >= items) { return; }
  if (!ARG) {
    O[item] = bitcast<u32>(SV[lid]);
  } else if (OUT_KIND == 2u) {
    O[2u * item] = bitcast<u32>(SV[lid]);
    O[2u * item + 1u] = SI[lid];
  } else {
    O[item] = SI[lid];
  }
}

// Kernel family: sort — sort and stable argsort along one axis, by a bitonic network.
// Layout: the contiguous input is viewed as [outer, n, inner] (element (o, i, k) at
// o*n*inner + i*inner + k); each of the rows = outer*inner rows is sorted independently.
// A temporary T holds, per row, P = nextPow2(n) (key, index) pairs (2 words each); pair g of
// T is row g / P, position g % P. The network (stages k = 2..P, steps j = k/2..1; pair i
// meets i + j, ascending where (i & k) == 0) runs as:
//   chunk pass (one invocation per chunk of C = SORT_CHUNK consecutive pairs, in private
//     arrays, no barriers — barriers are very slow on SwiftShader): the first pass reads x,
//     builds (key(x[r, i]), i) for i < n and (0xffffffff, i) for the padding, and runs every
//     stage k <= min(P, C); later passes re-read T and finish stage k's steps j < C;
//   global step (one invocation per compare-exchange pair of T) for steps j >= C;
//   the output pass (elementwise skeleton, see src/backend/gpu/sort.ts) reads T[r][i].index.
// A chunk holds whole rows when P < C (rows are P-aligned) and pairs never cross rows, so a
// chunk's tail past rows*P pairs is padding that is compared but never read or stored.
// Keys are the CPU's (asm/sort.ts): order-preserving 32-bit keys (float32 sign trick, -0 -> +0,
// every NaN -> 0xffffffff so NaN sorts last; int32 sign bit flipped; unsigned as is). Pairs
// compare as (key, index), so equal keys keep their input order (stable, like the CPU's radix
// sort) and padding (index >= n) sorts after every real element, NaNs included.
// Tiling: 256 invocations per workgroup, workgroup id folded over x and y.
// Descriptor: [rows, n, P, inner, k, j] (global step), [rows, n, P, inner, k0, k1, j0] (chunk
// pass: stages k0..k1, the first one from step j0). Limits: rows*P*8 bytes fit one storage
// buffer; rows*P < 2^31.

@group(0) @binding(0) var<storage, read_write> T: array<u32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;

// One chunk of SORT_CHUNK consecutive pairs per invocation (SORT_CHUNK is declared by each
// variant's module, from src/backend/gpu/sort.ts) in private arrays.
var<private> CK: array<u32, SORT_CHUNK>;
var<private> CI: array<u32, SORT_CHUNK>;

fn sort_wg(wid: vec3u, nw: vec3u) -> u32 { return wid.x + wid.y * nw.x; }

fn sort_gid(lid: vec3u, wid: vec3u, nw: vec3u) -> u32 {
  return lid.x + 256u * sort_wg(wid, nw);
}

fn key_f32(bits0: u32) -> u32 {
  if ((bits0 & 0x7fffffffu) > 0x7f800000u) { return 0xffffffffu; }
  let b = select(bits0, 0u, bits0 == 0x80000000u);
  return select(b | 0x80000000u, ~b, (b & 0x80000000u) != 0u);
}
fn key_i32(bits: u32) -> u32 { return bits ^ 0x80000000u; }
fn key_u32(bits: u32) -> u32 { return bits; }

/** (key, index) pair a sorts after pair b. */
fn pair_after(ka: u32, ia: u32, kb: u32, ib: u32) -> bool {
  return ka > kb || (ka == kb && ia > ib);
}

/** One global compare-exchange: pair t of step (D[4], D[5]). */
fn bitonic_step(t: u32) {
  let rows = D[0]; let P = D[2]; let k = D[4]; let j = D[5];
  let halfP = P >> 1u;
  if (t >= rows * halfP) { return; }
  let r = t / halfP;
  let p = t % halfP;
  let i = 2u * j * (p / j) + (p % j);
  let l = i + j;
  let base = r * P;
  let a = 2u * (base + i);
  let b = 2u * (base + l);
  let ka = T[a]; let ia = T[a + 1u];
  let kb = T[b]; let ib = T[b + 1u];
  let ascending = (i & k) == 0u;
  if (pair_after(ka, ia, kb, ib) == ascending) {
    T[a] = kb; T[a + 1u] = ib;
    T[b] = ka; T[b + 1u] = ia;
  }
}

/**
 * The chunk pass's network on the chunk in CK/CI (first pair `base` of T): stages D[4]..D[5],
 * the first from step D[6]; every step has j < SORT_CHUNK, so pairs stay in the chunk.
 */
fn chunk_network(base: u32) {
  let P = D[2]; let k1 = D[5];
  var k = D[4];
  var j = D[6];
  loop {
    if (k > k1) { break; }
    loop {
      if (j == 0u) { break; }
      for (var p = 0u; p < SORT_CHUNK / 2u; p++) {
        let i = 2u * j * (p / j) + (p % j);
        let l = i + j;
        let ka = CK[i]; let ia = CI[i];
        let kb = CK[l]; let ib = CI[l];
        let ascending = (((base + i) & (P - 1u)) & k) == 0u;
        if (pair_after(ka, ia, kb, ib) == ascending) {
          CK[i] = kb; CI[i] = ib;
          CK[l] = ka; CI[l] = ia;
        }
      }
      j = j >> 1u;
    }
    k = k << 1u;
    j = k >> 1u;
  }
}

/** Stores the chunk's pairs that lie inside T (rows * P pairs). */
fn chunk_store(base: u32) {
  let total = D[0] * D[2];
  for (var s = 0u; s < SORT_CHUNK; s++) {
    let g = base + s;
    if (g < total) {
      T[2u * g] = CK[s];
      T[2u * g + 1u] = CI[s];
    }
  }
}

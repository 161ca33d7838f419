// Kernel family: sort — sort and stable argsort along one axis, by a bitonic network.
// Layout: the contiguous input is viewed as [outer, n, inner] (element (o, i, k) at
// o*n*inner + i*inner + k); each of the rows = outer*inner rows is sorted independently.
// A temporary T holds, per row, P = nextPow2(n) (key, index) pairs (2 words each):
//   init: T[r][i] = (key(x[r, i]), i) for i < n, (0xffffffff, i) for the padding;
//   step (k, j) of the network: one invocation per compare-exchange pair of every row;
//   the output pass (elementwise skeleton, see src/backend/gpu/sort.ts) reads T[r][i].index.
// Keys are the CPU's (asm/sort.ts): order-preserving 32-bit keys (float32 sign trick, -0 -> +0,
// every NaN -> 0xffffffff so NaN sorts last; int32 sign bit flipped; unsigned as is). Pairs
// compare as (key, index), so equal keys keep their input order (stable, like the CPU's radix
// sort) and padding (index >= n) sorts after every real element, NaNs included.
// Tiling: 256 invocations per workgroup, workgroup id folded over x and y.
// Descriptor: [rows, n, P, inner, k, j]. Limits: rows*P*8 bytes fit one storage buffer.

@group(0) @binding(0) var<storage, read_write> T: array<u32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;

fn sort_gid(lid: vec3u, wid: vec3u, nw: vec3u) -> u32 {
  return lid.x + 256u * (wid.x + wid.y * nw.x);
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

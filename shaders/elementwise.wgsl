// Kernel family: elementwise — the skeleton every elementwise WGSL kernel runs in (not a
// primitive family; common.wgsl and the family files define the math it calls).
// Layout: every buffer is bound as array<u32> of raw bits. 4-byte dtypes (float32, int32,
// uint32) are one element per word; 1-byte dtypes (uint8, bool 0/1) are packed 4 per word,
// little-endian, exactly the host byte layout, so host<->GPU transfers are plain byte copies.
// One invocation writes one whole 32-bit output word (1 element, or 4 packed bytes), so no
// two invocations ever write the same word.
// Descriptor D (u32 words): [n, outBytes, nd, shape[nd], per input k: offset_k, strides_k[nd],
// kernel params...]; strides and offsets are int32 element counts (may be 0 or negative).
// elementwiseSource (src/backend/gpu/kernel.ts) adds common.wgsl, the family file, the input
// bindings (binding 2+k, named I0, I1, ...) with their loaders ld0, ld1, ... and the kernel's
// `fn elem(e: u32) -> u32`
// (output bits of element e) and `fn keep(e: u32) -> bool` (true: leave element e as it is).
// Tiling: 64 invocations per workgroup; dispatches wider than 65535 workgroups use the y
// dimension (word = x + y * 65535 * 64). Limits: n < 2^32, element offsets < 2^31.

@group(0) @binding(0) var<storage, read_write> O: array<u32>;
@group(0) @binding(1) var<storage, read> D: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let w = gid.x + gid.y * nw.x * 64u;
  let n = D[0];
  if (D[1] == 4u) {
    if (w >= n) { return; }
    if (keep(w)) { return; }
    O[w] = elem(w);
    return;
  }
  let e0 = w * 4u;
  if (e0 >= n) { return; }
  var word = O[w];
  for (var j = 0u; j < 4u; j++) {
    let e = e0 + j;
    if (e < n && !keep(e)) {
      let sh = j * 8u;
      word = (word & ~(0xffu << sh)) | ((elem(e) & 0xffu) << sh);
    }
  }
  O[w] = word;
}

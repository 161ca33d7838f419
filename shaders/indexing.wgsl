// Kernel family: indexing — gather, take/put along an axis, scatter, strided slice updates.
// Layout: inputs contiguous row-major, raw bits in array<u32> (1-byte dtypes packed 4 per word).
// gather / takeAlongAxis run in the common.wgsl skeleton (one invocation per output word);
//   gather reads x at offset + sum(u_d*srcStr_d) + sum_j wrap(idx_j)*axStr_j, the first two
//   terms through the skeleton's src_index.
// scatter / putAlongAxis: three dispatches — W = 0 over the output (a u32 temporary); one
//   invocation per update u does atomicMax(W[pos(u)], u + 1) (the highest u is the CPU's last
//   write, so duplicates resolve as on the CPU whatever the GPU's order); the output pass
//   (skeleton, whole words, so 1-byte outputs are safe) takes val[W - 1] where W names an
//   update, else x. Work is linear in output + updates. sliceUpdate: the skeleton copies x, then one
//   invocation per region element stores val (4-byte: atomicStore; 1-byte: a compare-exchange
//   loop on the word, so neighbouring bytes written by other invocations survive).
// Bounds: the GPU cannot raise an error mid-kernel. An index outside [-size, size) reads 0
//   (gather, takeAlongAxis) or is dropped (scatter, putAlongAxis); nothing is read or written
//   outside a buffer. The CPU stream raises a KilnError for the same input.
// Limits: element offsets < 2^31; at most 4 index arrays per gather/scatter (storage-buffer
//   bindings per stage); descriptor layout as common.wgsl.

/** Index `raw` wrapped into [0, size), or -1 when it is out of range. */
fn wrap_index(raw: u32, size: u32, unsigned: bool) -> i32 {
  if (unsigned) { return select(-1, bitcast<i32>(raw), raw < size); }
  var i = bitcast<i32>(raw);
  if (i < 0) { i = i + bitcast<i32>(size); }
  return select(-1, i, i >= 0 && i < bitcast<i32>(size));
}

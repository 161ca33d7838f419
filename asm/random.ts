// Kernel family: random — counter-based random bits (Threefry-2x32, 20 rounds, as JAX/MLX).
// Threefry-2x32: key (k0, k1), key schedule ks = [k0, k1, k0 ^ k1 ^ 0x1BD11BDA]; 5 groups of
//   4 rounds with rotations [13,15,26,6] / [17,29,16,24] alternately; after group g (1-based)
//   x0 += ks[g % 3], x1 += ks[(g + 1) % 3] + g.
// Counter layout (the GPU kernel must reproduce it): for n output words, half = ceil(n/2);
//   word pair j in [0, half) is threefry2x32(key, (j, j + half)) -> out[j] = x0 and
//   out[j + half] = x1 when j + half < n (for odd n the last x1 is dropped).
//   For even n this is JAX's (non-partitionable) threefry_random_bits / split layout.
// Width 1 (uint8 output) takes the bytes of the n4 = ceil(n/4) words generated that way,
//   little-endian, i.e. out8[i] = byte i of the uint32 stream of n4 words.
// Tiling: 4 counter pairs per iteration with i32x4 lanes, scalar tail.
// Limits: n < 2^32 words (counters are 32-bit).

@inline function rotl4(x: v128, r: i32): v128 {
  return v128.or(i32x4.shl(x, r), i32x4.shr_u(x, 32 - r));
}

@inline function rotl(x: u32, r: u32): u32 {
  return (x << r) | (x >>> (32 - r));
}

/** Scalar Threefry-2x32; writes (x0, x1) to dst. */
@inline function threefry(k0: u32, k1: u32, c0: u32, c1: u32, dst0: usize, dst1: usize, both: bool): void {
  const k2: u32 = k0 ^ k1 ^ 0x1bd11bda;
  let x0: u32 = c0 + k0;
  let x1: u32 = c1 + k1;
  x0 += x1; x1 = rotl(x1, 13) ^ x0;
  x0 += x1; x1 = rotl(x1, 15) ^ x0;
  x0 += x1; x1 = rotl(x1, 26) ^ x0;
  x0 += x1; x1 = rotl(x1, 6) ^ x0;
  x0 += k1; x1 += k2 + 1;
  x0 += x1; x1 = rotl(x1, 17) ^ x0;
  x0 += x1; x1 = rotl(x1, 29) ^ x0;
  x0 += x1; x1 = rotl(x1, 16) ^ x0;
  x0 += x1; x1 = rotl(x1, 24) ^ x0;
  x0 += k2; x1 += k0 + 2;
  x0 += x1; x1 = rotl(x1, 13) ^ x0;
  x0 += x1; x1 = rotl(x1, 15) ^ x0;
  x0 += x1; x1 = rotl(x1, 26) ^ x0;
  x0 += x1; x1 = rotl(x1, 6) ^ x0;
  x0 += k0; x1 += k1 + 3;
  x0 += x1; x1 = rotl(x1, 17) ^ x0;
  x0 += x1; x1 = rotl(x1, 29) ^ x0;
  x0 += x1; x1 = rotl(x1, 16) ^ x0;
  x0 += x1; x1 = rotl(x1, 24) ^ x0;
  x0 += k1; x1 += k2 + 4;
  x0 += x1; x1 = rotl(x1, 13) ^ x0;
  x0 += x1; x1 = rotl(x1, 15) ^ x0;
  x0 += x1; x1 = rotl(x1, 26) ^ x0;
  x0 += x1; x1 = rotl(x1, 6) ^ x0;
  x0 += k2; x1 += k0 + 5;
  store<u32>(dst0, x0);
  if (both) store<u32>(dst1, x1);
}

/** n uint32 words of Threefry-2x32 bits of the key at `key` (2 words), in the layout above. */
export function random_bits_u32(key: usize, out: usize, n: u32): void {
  if (n == 0) return;
  const k0 = load<u32>(key);
  const k1 = load<u32>(key, 4);
  const k2: u32 = k0 ^ k1 ^ 0x1bd11bda;
  const half: u32 = (n >>> 1) + (n & 1);
  // full pairs: j + half < n  <=>  j < n - half
  const full: u32 = n - half;
  const K0 = i32x4.splat(k0);
  const K1 = i32x4.splat(k1);
  const K2 = i32x4.splat(k2);
  const lane = i32x4(0, 1, 2, 3);
  let j: u32 = 0;
  for (; j + 4 <= full; j += 4) {
    const c0 = i32x4.add(i32x4.splat(j), lane);
    const c1 = i32x4.add(i32x4.splat(j + half), lane);
    let x0 = i32x4.add(c0, K0);
    let x1 = i32x4.add(c1, K1);
    for (let g = 1; g <= 5; g++) {
      if (g & 1) {
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 13), x0);
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 15), x0);
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 26), x0);
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 6), x0);
      } else {
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 17), x0);
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 29), x0);
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 16), x0);
        x0 = i32x4.add(x0, x1); x1 = v128.xor(rotl4(x1, 24), x0);
      }
      const m = g % 3;
      const a = m == 0 ? K0 : m == 1 ? K1 : K2;
      const b = m == 0 ? K1 : m == 1 ? K2 : K0;
      x0 = i32x4.add(x0, a);
      x1 = i32x4.add(x1, i32x4.add(b, i32x4.splat(g)));
    }
    v128.store(out + (<usize>j << 2), x0);
    v128.store(out + (<usize>(j + half) << 2), x1);
  }
  for (; j < half; j++) {
    const both = j + half < n;
    threefry(k0, k1, j, j + half, out + (<usize>j << 2), out + (<usize>(j + half) << 2), both);
  }
}

/** n uint8 values: the first n bytes of the ceil(n/4)-word stream, staged through `tmp` (ceil(n/4) words). */
export function random_bits_u8(key: usize, out: usize, n: u32, tmp: usize): void {
  if (n == 0) return;
  const words = (n + 3) >>> 2;
  random_bits_u32(key, tmp, words);
  memory.copy(out, tmp, <usize>n);
}

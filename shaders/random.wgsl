// Kernel family: random — Threefry-2x32 random bits (20 rounds), bit-identical to asm/random.ts.
// Runs in the common.wgsl skeleton: elem(e) gives output element e. Counter layout (see
// asm/random.ts): for a stream of n words, half = ceil(n/2); word j < half is x0 of
// threefry(key, (j, j + half)), word j >= half is x1 of threefry(key, (j - half, j)).
// Width 1 (uint8) outputs byte e of the stream of ceil(n/4) words (little-endian), so each
// byte recomputes its word (4x the work; bits are cheap next to a readback).
// Descriptor params: [k0, k1, words, half]. Limits: fewer than 2^32 words.

fn rotl(x: u32, r: u32) -> u32 { return (x << r) | (x >> (32u - r)); }

fn threefry2x32(k0: u32, k1: u32, c0: u32, c1: u32) -> vec2u {
  let k2 = k0 ^ k1 ^ 0x1bd11bdau;
  let ks = array<u32, 3>(k0, k1, k2);
  var x0 = c0 + k0;
  var x1 = c1 + k1;
  let ra = array<u32, 4>(13u, 15u, 26u, 6u);
  let rb = array<u32, 4>(17u, 29u, 16u, 24u);
  for (var g = 1u; g <= 5u; g++) {
    for (var i = 0u; i < 4u; i++) {
      let r = select(rb[i], ra[i], (g & 1u) == 1u);
      x0 = x0 + x1;
      x1 = rotl(x1, r) ^ x0;
    }
    x0 = x0 + ks[g % 3u];
    x1 = x1 + ks[(g + 1u) % 3u] + g;
  }
  return vec2u(x0, x1);
}

/** Word w of the stream of `words` words for key (k0, k1). */
fn random_word(k0: u32, k1: u32, words: u32, half: u32, w: u32) -> u32 {
  if (w < half) { return threefry2x32(k0, k1, w, w + half).x; }
  return threefry2x32(k0, k1, w - half, w).y;
}

import { describe, expect, test } from "bun:test";
import { mx, streamsFor } from "./helpers.ts";

// ---- plain-TypeScript reference ----
const ROT = [
  [13, 15, 26, 6],
  [17, 29, 16, 24],
];
function rotl(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}
/** Threefry-2x32, 20 rounds (Salmon et al.; as in JAX). */
function threefry2x32(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let g = 1; g <= 5; g++) {
    for (const r of ROT[(g - 1) % 2]!) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, r) ^ x0;
    }
    x0 = (x0 + ks[g % 3]!) >>> 0;
    x1 = (x1 + ks[(g + 1) % 3]! + g) >>> 0;
  }
  return [x0, x1 >>> 0];
}
/** n words in kiln's counter layout: pair j = (j, j + half) -> out[j], out[j + half]. */
function refBits(k0: number, k1: number, n: number): Uint32Array {
  const out = new Uint32Array(n);
  const half = Math.ceil(n / 2);
  for (let j = 0; j < half; j++) {
    const [a, b] = threefry2x32(k0, k1, j, j + half);
    out[j] = a;
    if (j + half < n) out[j + half] = b;
  }
  return out;
}
const refUniform = (w: number) => Math.fround((w >>> 9) * 2 ** -23);

function mean(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}
function variance(a: ArrayLike<number>): number {
  const m = mean(a);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - m) ** 2;
  return s / a.length;
}

test("threefry2x32 reference matches JAX's known-answer vectors", async () => {
  expect(threefry2x32(0x13198a2e, 0x03707344, 0x243f6a88, 0x85a308d3)).toEqual([0xc4923a9c, 0x483df7a0]);
  expect(threefry2x32(0, 0, 0, 0)).toEqual([0x6b200159, 0x99ba4efe]);
  expect(threefry2x32(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).toEqual([0x1cb996fc, 0xbb002be7]);
});

describe.each(streamsFor("random"))("random on $name", ({ stream }) => {
  test("bits match the counter layout on several sizes", async () => {
    const key = mx.array(new Uint32Array([0x13198a2e, 0x03707344]));
    for (const shape of [[0], [1], [2], [3], [7], [8], [9], [33], [2, 5], [101]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const b = mx.random.bits(shape, { key, stream });
      expect(b.shape).toEqual(shape);
      expect(b.dtype).toBe(mx.uint32);
      expect(Array.from(await b.data())).toEqual(Array.from(refBits(0x13198a2e, 0x03707344, n)));
    }
    // n = 2: one pair, counter (0, 1)
    const z = mx.random.bits([2], { key: mx.array(new Uint32Array([0, 0])), stream });
    expect(Array.from(await z.data())[0]).toBe(threefry2x32(0, 0, 0, 1)[0]);
    expect(Array.from(await mx.random.bits([], { key: mx.random.key(3), stream }).data())).toEqual(Array.from(refBits(0, 3, 1)));
  });

  test("width-1 bits are the bytes of the word stream", async () => {
    const key = mx.random.key(42);
    const b = mx.random.bits([11], { key, width: 1, stream });
    expect(b.dtype).toBe(mx.uint8);
    const words = refBits(0, 42, 3);
    expect(Array.from(await b.data())).toEqual(Array.from(new Uint8Array(words.buffer).slice(0, 11)));
  });

  test("key and split follow JAX's layout", async () => {
    const k = mx.random.key(7);
    expect(k.shape).toEqual([2]);
    expect(k.dtype).toBe(mx.uint32);
    expect(await k.tolistAsync()).toEqual([0, 7]);
    expect(await mx.random.key(2 ** 32 + 5).tolistAsync()).toEqual([1, 5]);
    const parts = mx.random.split(k, 3, { stream });
    expect(parts.shape).toEqual([3, 2]);
    const w = refBits(0, 7, 6);
    expect(Array.from(await parts.data())).toEqual(Array.from(w));
    const two = (await mx.random.split(k, { stream }).tolistAsync()) as number[][];
    expect(two.length).toBe(2);
    expect(two[0]).not.toEqual(two[1]);
    // JAX: split(PRNGKey(0)) == [[4146024105, 967050713], [2718843009, 1272950319]]
    expect(await mx.random.split(mx.random.key(0), { stream }).tolistAsync()).toEqual([
      [4146024105, 967050713],
      [2718843009, 1272950319],
    ]);
  });

  test("same key gives the same numbers; different keys differ", async () => {
    const k = mx.random.key(1);
    const a = (await mx.random.bits([64], { key: k, stream }).data());
    const b = (await mx.random.bits([64], { key: k, stream }).data());
    expect(Array.from(a)).toEqual(Array.from(b));
    const c = (await mx.random.bits([64], { key: mx.random.key(2), stream }).data());
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  test("seed makes keyless draws reproducible and each draw advances the state", async () => {
    mx.random.seed(123);
    const a = (await mx.random.bits([16], { stream }).data()).slice();
    const b = (await mx.random.bits([16], { stream }).data()).slice();
    expect(Array.from(a)).not.toEqual(Array.from(b));
    mx.random.seed(123);
    expect(Array.from(await mx.random.bits([16], { stream }).data())).toEqual(Array.from(a));
    // the first keyless draw uses split(key(123))[1]
    const sub = (await mx.random.split(mx.random.key(123), { stream }).tolistAsync()) as number[][];
    expect(Array.from(a)).toEqual(Array.from(refBits(sub[1]![0]!, sub[1]![1]!, 16)));
  });

  test("uniform: exact values from the top 23 bits, range, mean and variance", async () => {
    const key = mx.random.key(5);
    const u = mx.random.uniform({ shape: [100000], key, stream });
    expect(u.dtype).toBe(mx.float32);
    const d = await u.data();
    const w = refBits(0, 5, 100000);
    for (let i = 0; i < 50; i++) expect(d[i]).toBe(refUniform(w[i]!));
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of d) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThan(1);
    expect(Math.abs(mean(d) - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance(d) - 1 / 12)).toBeLessThan(0.002);
  });

  test("uniform with bounds: positional, shape-first and array bounds", async () => {
    const key = mx.random.key(9);
    const a = (await mx.random.uniform(-2, 3, [1000], { key, stream }).data());
    const w = refBits(0, 9, 1000);
    for (let i = 0; i < 20; i++) expect(a[i]).toBeCloseTo(-2 + 5 * refUniform(w[i]!), 5);
    for (const v of a) expect(v >= -2 && v < 3).toBe(true);
    const b = mx.random.uniform([4, 5], { key, stream });
    expect(b.shape).toEqual([4, 5]);
    const lo = mx.array([0, 10, 100], mx.float32);
    const c = (await mx.random.uniform(lo, mx.add(lo, 1), [2, 3], { key, stream }).tolistAsync()) as number[][];
    for (const row of c) row.forEach((v, j) => expect(v >= [0, 10, 100][j]! && v < [1, 11, 101][j]!).toBe(true));
    // rounding up to high is clamped below it
    const tight = (await mx.random.uniform(1, 1.0000001, [1000], { key, stream }).data());
    for (const v of tight) expect(v < Math.fround(1.0000001)).toBe(true);
    // low > high is allowed (MLX): values lie in (high, low]
    for (const v of (await mx.random.uniform(3, 1, [200], { key, stream }).data())) expect(v > 1 && v <= 3).toBe(true);
    // integer bounds are cast to float32
    const ib = mx.random.uniform(mx.array([2, 5], mx.uint8), 6, [100, 2], { key, stream });
    expect(ib.dtype).toBe(mx.float32);
    for (const [a, b] of (await ib.tolistAsync()) as number[][]) expect(a! >= 2 && a! < 6 && b! >= 5 && b! < 6).toBe(true);
  });

  test("normal: mean and standard deviation, loc/scale", async () => {
    const d = await mx.random.normal([100000], { key: mx.random.key(11), stream }).data();
    expect(Math.abs(mean(d))).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(variance(d)) - 1)).toBeLessThan(0.02);
    for (const v of d) expect(Number.isFinite(v)).toBe(true);
    const e = await mx.random.normal({ shape: [50000], loc: 3, scale: 0.5, key: mx.random.key(12), stream }).data();
    expect(Math.abs(mean(e) - 3)).toBeLessThan(0.02);
    expect(Math.abs(Math.sqrt(variance(e)) - 0.5)).toBeLessThan(0.02);
  });

  test("truncatedNormal stays in bounds; gumbel has the right mean", async () => {
    const t = await mx.random.truncatedNormal(-1, 0.5, [20000], { key: mx.random.key(13), stream }).data();
    for (const v of t) expect(v >= -1 && v <= 0.5).toBe(true);
    const g = await mx.random.gumbel([50000], { key: mx.random.key(14), stream }).data();
    expect(Math.abs(mean(g) - 0.5772156649)).toBeLessThan(0.03);
  });

  test("randint: range, dtype and rough uniformity", async () => {
    const r = mx.random.randint(-3, 4, [70000], { key: mx.random.key(15), stream });
    expect(r.dtype).toBe(mx.int32);
    const d = await r.data();
    const counts = new Map<number, number>();
    for (const v of d) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (const c of counts.values()) expect(Math.abs(c - 10000)).toBeLessThan(500);
    const w = refBits(0, 15, 70000);
    for (let i = 0; i < 10; i++) expect(d[i]).toBe(-3 + (w[i]! % 7));
    const u = mx.random.randint(0, 256, [300], { dtype: mx.uint8, key: mx.random.key(16), stream });
    expect(u.dtype).toBe(mx.uint8);
    const w16 = refBits(0, 16, 300);
    expect(Array.from(await u.data())).toEqual(Array.from(w16, (v) => v % 256));
    const hiU = await mx.random.randint(2 ** 32 - 10, 2 ** 32, [200], { dtype: mx.uint32, key: mx.random.key(26), stream }).data();
    for (const v of hiU) expect(v >= 2 ** 32 - 10 && v < 2 ** 32).toBe(true);
    const big = await mx.random.randint(-(2 ** 31), 2 ** 31, [1000], { key: mx.random.key(17), stream }).data();
    expect(big.some((v) => v < -(2 ** 30))).toBe(true);
    expect(big.some((v) => v > 2 ** 30)).toBe(true);
    const arr = (await mx.random.randint(mx.array([0, 100]), mx.array([2, 103]), [500, 2], { key: mx.random.key(18), stream }).tolistAsync()) as number[][];
    for (const [a, b] of arr) {
      expect(a! >= 0 && a! < 2).toBe(true);
      expect(b! >= 100 && b! < 103).toBe(true);
    }
  });

  test("bernoulli frequency", async () => {
    const b = mx.random.bernoulli(0.3, [100000], { key: mx.random.key(19), stream });
    expect(b.dtype).toBe(mx.bool);
    expect(Math.abs(mean(await b.data()) - 0.3)).toBeLessThan(0.01);
    const p = mx.array([0, 1, 0.5], mx.float32);
    const c = (await mx.random.bernoulli(p, [20000, 3], { key: mx.random.key(20), stream }).tolistAsync()) as boolean[][];
    const col = (j: number) => c.reduce((s, r) => s + (r[j] ? 1 : 0), 0) / c.length;
    expect(col(0)).toBe(0);
    expect(col(1)).toBe(1);
    expect(Math.abs(col(2) - 0.5)).toBeLessThan(0.02);
    expect(mx.random.bernoulli({ key: mx.random.key(1), stream }).shape).toEqual([]);
  });

  test("categorical frequencies on 3 classes, axis and numSamples", async () => {
    const probs = [0.2, 0.5, 0.3];
    const logits = mx.array(probs.map(Math.log), mx.float32);
    const s = mx.random.categorical(logits, { numSamples: 60000, key: mx.random.key(21), stream });
    expect(s.shape).toEqual([60000]);
    expect(s.dtype).toBe(mx.uint32);
    const d = await s.data();
    probs.forEach((p, k) => expect(Math.abs(d.filter((v) => v === k).length / d.length - p)).toBeLessThan(0.01));
    // classes along axis 0, batch of 2 with one certain class each
    const l2 = mx.array([[0, -Infinity], [-Infinity, 0], [-Infinity, -Infinity]], mx.float32);
    expect(await mx.random.categorical(l2, { axis: 0, key: mx.random.key(22), stream }).tolistAsync()).toEqual([0, 1]);
    const sh = mx.random.categorical(l2.T, { shape: [4, 2], key: mx.random.key(23), stream });
    expect(await sh.tolistAsync()).toEqual([[0, 1], [0, 1], [0, 1], [0, 1]]);
  });

  test("permutation is a permutation", async () => {
    const p = mx.random.permutation(1000, { key: mx.random.key(24), stream });
    expect(p.shape).toEqual([1000]);
    const d = Array.from(await p.data());
    expect([...d].sort((a, b) => a - b)).toEqual([...Array(1000).keys()]);
    expect(d).not.toEqual([...Array(1000).keys()]);
    const x = mx.reshape(mx.arange(12), [3, 4]);
    const px = (await mx.random.permutation(x, { axis: 1, key: mx.random.key(25), stream }).tolistAsync()) as number[][];
    const order = px[0]!.map((v) => v);
    px.forEach((row, i) => expect(row).toEqual(order.map((c) => c + 4 * i)));
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3]);
    expect(mx.random.permutation(0, { key: mx.random.key(1), stream }).shape).toEqual([0]);
  });

  test("errors name the op", async () => {
    const bad = mx.array([1, 2, 3], mx.uint32);
    expect(() => mx.random.uniform({ key: bad, stream })).toThrow(/\[uniform\] .*\(3\)/);
    expect(() => mx.random.uniform({ key: mx.array([1, 2]), stream })).toThrow(/\[uniform\] .*int32/);
    expect(() => mx.random.normal([-1], { stream })).toThrow(/\[normal\]/);
    expect(() => mx.random.uniform({ shape: [2], dtype: mx.int32, stream })).toThrow(/\[uniform\]/);
    expect(() => mx.random.uniform(mx.zeros([3]), 1, [2], { stream })).toThrow(/\[uniform\]/);
    expect(() => mx.random.randint(5, 5, [2], { stream })).toThrow(/\[randint\] low must be less than high/);
    expect(() => mx.random.randint(0, 1.5, [2], { stream })).toThrow(/\[randint\]/);
    expect(() => mx.random.randint(-1, 3, [2], { dtype: mx.uint8, stream })).toThrow(/\[randint\]/);
    expect(() => mx.random.split(bad)).toThrow(/\[split\]/);
    expect(() => mx.random.bits([2], { width: 2 as 4, stream })).toThrow(/\[bits\]/);
    expect(() => mx.random.categorical(mx.zeros([2, 3]), { axis: 2, stream })).toThrow(/\[categorical\]/);
    expect(() => mx.random.permutation(mx.array(3), { stream })).toThrow(/\[permutation\]/);
    expect(() => mx.random.seed(1.5)).toThrow(/\[seed\]/);
  });
});

describe.skipIf(!mx.gpu.available)("random: the GPU draws the CPU's numbers", () => {
  const key = mx.random.key(1234);
  const both = async (f: (s: { stream: mx.Device }) => mx.MxArray) => [await f({ stream: mx.cpu }).data(), await f({ stream: mx.gpu }).data()] as const;
  test("bits (4- and 1-byte, odd sizes), uniform, randint and bernoulli are bit-identical", async () => {
    for (const n of [1, 2, 3, 7, 64, 1001]) {
      const [c, g] = await both((s) => mx.random.bits([n], { key, ...s }));
      expect(Array.from(g)).toEqual(Array.from(c));
      const [c8, g8] = await both((s) => mx.random.bits([n], { key, width: 1, ...s }));
      expect(Array.from(g8)).toEqual(Array.from(c8));
    }
    for (const f of [
      (s: { stream: mx.Device }) => mx.random.uniform([5, 7], { key, ...s }),
      (s: { stream: mx.Device }) => mx.random.randint(-5, 9, [33], { key, ...s }),
      (s: { stream: mx.Device }) => mx.random.bernoulli(0.3, [40], { key, ...s }),
    ]) {
      const [c, g] = await both(f);
      expect(Array.from(g)).toEqual(Array.from(c));
    }
  });
  test("normal agrees to float rounding (the inverse-erf polynomial runs on each device)", async () => {
    const [c, g] = await both((s) => mx.random.normal([300], { key, ...s }));
    for (let i = 0; i < c.length; i++) expect(Math.abs(g[i]! - c[i]!)).toBeLessThanOrEqual(2e-6 * (1 + Math.abs(c[i]!)));
  });
  test("split, uniform with array bounds, uint8 randint and bernoulli with array p are bit-identical", async () => {
    for (const f of [
      (s: { stream: mx.Device }) => mx.random.split(key, 5, s),
      (s: { stream: mx.Device }) => mx.random.uniform(mx.array([-1, 0, 10], mx.float32), 20, [50, 3], { key, ...s }),
      (s: { stream: mx.Device }) => mx.random.randint(0, 256, [257], { dtype: mx.uint8, key, ...s }),
      (s: { stream: mx.Device }) => mx.random.randint(mx.array([0, -7]), mx.array([3, 100]), [65, 2], { key, ...s }),
      (s: { stream: mx.Device }) => mx.random.bernoulli(mx.array([0.1, 0.5, 0.9], mx.float32), [31, 3], { key, ...s }),
    ]) {
      const [c, g] = await both(f);
      expect(Array.from(g)).toEqual(Array.from(c));
    }
  });
  test("permutation (bits + argsort + take) is identical; categorical and gumbel agree", async () => {
    for (const n of [1, 2, 7, 300, 1025]) {
      const [c, g] = await both((s) => mx.random.permutation(n, { key, ...s }));
      expect(Array.from(g)).toEqual(Array.from(c));
    }
    const x = mx.reshape(mx.arange(60), [5, 12]);
    const [cx, gx] = await both((s) => mx.random.permutation(x, { axis: 1, key, ...s }));
    expect(Array.from(gx)).toEqual(Array.from(cx));
    // gumbel = -log(-log(u)): each device's log, so agreement is to float rounding
    const [cg, gg] = await both((s) => mx.random.gumbel([400], { key, ...s }));
    for (let i = 0; i < cg.length; i++) expect(Math.abs(gg[i]! - cg[i]!)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(cg[i]!)));
    // categorical = argmax(gumbel + logits): identical unless two classes tie within rounding
    const logits = mx.array(Float32Array.from({ length: 4 * 6 }, (_, i) => Math.sin(i) * 2), { shape: [4, 6] });
    const [cc, gc] = await both((s) => mx.random.categorical(logits, { numSamples: 50, key, ...s }));
    let same = 0;
    for (let i = 0; i < cc.length; i++) same += cc[i] === gc[i] ? 1 : 0;
    expect(same).toBeGreaterThanOrEqual(cc.length - 2);
    const [ct, gt] = await both((s) => mx.random.truncatedNormal(-1, 2, [200], { key, ...s }));
    for (let i = 0; i < ct.length; i++) expect(Math.abs(gt[i]! - ct[i]!)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(ct[i]!)));
  });
});

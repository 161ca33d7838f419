/**
 * Cases aimed at the GPU's tiled GEMM (shaders/matmul.wgsl) and implicit-GEMM conv, run on
 * both streams (cheap on the CPU, whose kernels they also check): every
 * tile shape (16/64 per side), operand form (transposed or not) and vec4/scalar load and store
 * variant, tile edges (M, N, K around 16 and 64, 1, 0), broadcast batches with transposed
 * operands, more than 65535 workgroups, and conv geometries that take the vec4 patch loads.
 * Tolerance against the float64 references: rtol 1e-4, atol 1e-4 (float32 sums of <= 70 terms).
 */
import { describe, expect, test } from "bun:test";
import { expectArray, mx, randomArray, rng, streamsFor } from "./helpers.ts";
import { refConv, type Geo } from "./conv_reference.ts";

const TOL = { rtol: 1e-4, atol: 1e-4 };

/** C[b] = A[b] @ B[b] in float64 on row-major [batch, M, K] x [batch, K, N] data (batch 1 broadcasts). */
function ref(a: ArrayLike<number>, b: ArrayLike<number>, batch: number, ba: boolean, bb: boolean, M: number, N: number, K: number): Float64Array {
  const out = new Float64Array(batch * M * N);
  for (let t = 0; t < batch; t++) {
    const oa = ba ? t * M * K : 0;
    const ob = bb ? t * K * N : 0;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[oa + i * K + k]! * b[ob + k * N + j]!;
        out[(t * M + i) * N + j] = s;
      }
    }
  }
  return out;
}

/** Row-major [r, c] -> [c, r] of each of the `d.length / (r*c)` matrices. */
function tr(d: ArrayLike<number>, r: number, c: number): Float64Array {
  const out = new Float64Array(d.length);
  for (let b = 0; b < d.length / (r * c || 1); b++) {
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[b * r * c + j * r + i] = d[b * r * c + i * c + j]!;
  }
  return out;
}

describe.each(streamsFor("matmul"))("tiled GEMM on $name", ({ stream }) => {
  const shapes: [number, number, number][] = [
    [64, 64, 64], // every load and store vec4, one 64x64 tile
    [65, 63, 17], // tile edges on all sides, scalar paths
    [4, 8, 16],
    [1, 64, 4], // M = 1
    [64, 1, 8], // N = 1
    [17, 16, 1], // K = 1
    [5, 7, 0], // K = 0: zeros
    [20, 12, 33], // K not a multiple of the K step
  ];
  for (const [M, N, K] of shapes) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      test(`M=${M} N=${N} K=${K} transA=${ta} transB=${tb}`, async () => {
        const { x: a0, data: ad } = randomArray(ta ? [K, M] : [M, K], -1, 1, M * 7 + K);
        const { x: b0, data: bd } = randomArray(tb ? [N, K] : [K, N], -1, 1, N * 5 + K + 1);
        const a = ta ? mx.transpose(a0) : a0;
        const b = tb ? mx.transpose(b0) : b0;
        const c = mx.matmul(a, b, { stream });
        expect(c._node.params).toMatchObject({ transA: ta, transB: tb });
        const expected = ref(ta ? tr(ad, K, M) : ad, tb ? tr(bd, N, K) : bd, 1, false, false, M, N, K);
        await expectArray(c, [M, N], expected, TOL);
      });
    }
  }

  test("random shapes, operand forms and broadcast batches", async () => {
    const r = rng(91);
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    for (let t = 0; t < 16; t++) {
      const [M, N, K] = [int(1, 70), int(1, 70), int(0, 40)];
      const [ta, tb] = [r() < 0.5, r() < 0.5];
      const batch = int(1, 3);
      const [ba, bb] = batch === 1 ? [false, false] : [r() < 0.7, r() < 0.7];
      const { x: a0, data: ad } = randomArray([...(ba ? [batch] : []), ...(ta ? [K, M] : [M, K])], -1, 1, 300 + t);
      const { x: b0, data: bd } = randomArray([...(bb ? [batch] : []), ...(tb ? [N, K] : [K, N])], -1, 1, 400 + t);
      const a = ta ? mx.swapaxes(a0, -1, -2) : a0;
      const b = tb ? mx.swapaxes(b0, -1, -2) : b0;
      const nb = ba || bb ? batch : 1;
      const expected = ref(ta ? tr(ad, K, M) : ad, tb ? tr(bd, N, K) : bd, nb, ba, bb, M, N, K);
      await expectArray(mx.matmul(a, b, { stream }), [...(ba || bb ? [batch] : []), M, N], expected, TOL);
    }
  });

  test("broadcast batch dimensions with transposed operands read in place", async () => {
    // A: [3, 1, 12, 8] transposed to [3, 1, 8, 12]; B: [4, 12, 20] -> C [3, 4, 8, 20]
    const { x: a0, data: ad } = randomArray([3, 1, 12, 8], -1, 1, 1);
    const { x: b, data: bd } = randomArray([4, 12, 20], -1, 1, 2);
    const c = mx.matmul(mx.transpose(a0, [0, 1, 3, 2]), b, { stream });
    expect(c._node.params).toMatchObject({ transA: true, transB: false });
    const at = tr(ad, 12, 8);
    const expected = new Float64Array(3 * 4 * 8 * 20);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 4; j++) {
        const one = ref(at.subarray(i * 96, (i + 1) * 96), bd.subarray(j * 240, (j + 1) * 240), 1, false, false, 8, 20, 12);
        expected.set(one, (i * 4 + j) * 160);
      }
    }
    await expectArray(c, [3, 4, 8, 20], expected, TOL);
    // B broadcast against a batched A, B transposed
    const { x: p, data: pd } = randomArray([5, 6, 8], -1, 1, 3);
    const { x: q0, data: qd } = randomArray([4, 8], -1, 1, 4); // B^T: [8, 4]
    const r = mx.matmul(p, mx.transpose(q0), { stream });
    await expectArray(r, [5, 6, 4], ref(pd, tr(qd, 4, 8), 5, true, false, 6, 4, 8), TOL);
  });

  test("more than 65535 workgroups fold into y", async () => {
    const n = 66000;
    const { x: a, data: ad } = randomArray([n, 1, 2], -1, 1, 5);
    const b = mx.array([[2], [-1]]);
    const c = await mx.matmul(a, b, { stream }).data();
    expect(c.length).toBe(n);
    for (const i of [0, 1, 65535, 65536, n - 1]) expect(c[i]).toBeCloseTo(2 * ad[2 * i]! - ad[2 * i + 1]!, 5);
  }, 120_000); // ~1M invocations with barriers: slow on SwiftShader

  test("K = 0 with batches writes zeros", async () => {
    await expectArray(mx.matmul(mx.zeros([3, 4, 0]), mx.zeros([0, 5]), { stream }), [3, 4, 5], new Float64Array(60));
  });

  test("agrees with the CPU stream on a multi-tile product (trivially on the CPU)", async () => {
    const { x: a } = randomArray([100, 70], -1, 1, 6);
    const { x: b } = randomArray([70, 130], -1, 1, 7);
    const g = await mx.matmul(a, b, { stream }).data();
    const c = await mx.matmul(a, b, { stream: mx.cpu }).data();
    for (let i = 0; i < c.length; i++) expect(Math.abs(g[i]! - c[i]!)).toBeLessThan(1e-4 + 1e-4 * Math.abs(c[i]!));
  });
});

describe.each(streamsFor("conv"))("implicit-GEMM conv on $name", ({ stream }) => {
  const g = (p: Partial<Geo> & Pick<Geo, "N" | "H" | "W" | "C" | "O" | "kh" | "kw">): Geo => ({ stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, ...p });
  const cases: Geo[] = [
    g({ N: 2, H: 5, W: 6, C: 8, O: 8, kh: 3, kw: 3, padding: [1, 1] }), // vec4 patches, weights, stores
    g({ N: 1, H: 6, W: 5, C: 8, O: 8, kh: 3, kw: 2, groups: 2, stride: [2, 1], padding: [1, 0] }), // Cg = Og = 4: vec4 per group
    g({ N: 1, H: 9, W: 9, C: 4, O: 20, kh: 3, kw: 3, padding: [2, 0], stride: [1, 3], dilation: [2, 1] }), // 64x64 tiles, per-axis padding
    g({ N: 1, H: 7, W: 7, C: 8, O: 8, kh: 3, kw: 3, groups: 8, padding: [1, 1] }), // depthwise
    g({ N: 1, H: 5, W: 5, C: 12, O: 6, kh: 1, kw: 1, groups: 3 }), // grouped pointwise, Cg = 4, Og = 2
    g({ N: 3, H: 1, W: 30, C: 3, O: 5, kh: 1, kw: 4, stride: [1, 2], dilation: [1, 3], padding: [0, 3] }), // conv1d-like, many pixels
  ];
  test.each(cases.map((c) => [JSON.stringify(c), c] as const))("conv2d %s", async (_, c) => {
    const { x, data: xd } = randomArray([c.N, c.H, c.W, c.C], -1, 1, 51);
    const { x: w, data: wd } = randomArray([c.O, c.kh, c.kw, c.C / c.groups], -1, 1, 52);
    const r = refConv(xd, wd, c);
    const y = mx.conv2d(x, w, { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups, stream });
    await expectArray(y, [c.N, r.Ho, r.Wo, c.O], r.data, TOL);
  });

  test("conv1d with vec4 channels agrees with the CPU stream", async () => {
    const { x } = randomArray([2, 37, 8], -1, 1, 53);
    const { x: w } = randomArray([12, 5, 8], -1, 1, 54);
    const opts = { stride: 2, padding: 2, dilation: 2 };
    const gpu = await mx.conv1d(x, w, { ...opts, stream }).data();
    const cpu = await mx.conv1d(x, w, { ...opts, stream: mx.cpu }).data();
    expect(gpu.length).toBe(cpu.length);
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(gpu[i]! - cpu[i]!)).toBeLessThan(1e-4 + 1e-4 * Math.abs(cpu[i]!));
  });
});

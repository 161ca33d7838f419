import { describe, expect, test } from "bun:test";
import { streamsFor, expectArray, mx, randomArray, strides } from "./helpers.ts";

/** NumPy matmul in float64 on flat row-major data (1-D operands, broadcast batch dims). */
function refMatmul(a: ArrayLike<number>, as: number[], b: ArrayLike<number>, bs: number[]): { data: Float64Array; shape: number[] } {
  const A = as.length === 1 ? [1, as[0]!] : as;
  const B = bs.length === 1 ? [bs[0]!, 1] : bs;
  const M = A[A.length - 2]!, K = A[A.length - 1]!, N = B[B.length - 1]!;
  const ba = A.slice(0, -2), bb = B.slice(0, -2);
  const nd = Math.max(ba.length, bb.length);
  const pa = [...new Array<number>(nd - ba.length).fill(1), ...ba];
  const pb = [...new Array<number>(nd - bb.length).fill(1), ...bb];
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const count = batch.reduce((x, y) => x * y, 1);
  const sa = strides(pa), sb = strides(pb), so = strides(batch);
  const out = new Float64Array(count * M * N);
  for (let t = 0; t < count; t++) {
    let oa = 0, ob = 0;
    for (let d = 0; d < nd; d++) {
      const i = Math.floor(t / so[d]!) % batch[d]!;
      if (pa[d] !== 1) oa += i * sa[d]!;
      if (pb[d] !== 1) ob += i * sb[d]!;
    }
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += a[(oa * M + i) * K + k]! * b[(ob * K + k) * N + j]!;
        out[(t * M + i) * N + j] = s;
      }
    }
  }
  const shape = [...batch];
  if (as.length > 1) shape.push(M);
  if (bs.length > 1) shape.push(N);
  return { data: out, shape };
}

/** Row-major transpose of the last two axes of flat data. */
function refTranspose(d: ArrayLike<number>, shape: number[]): Float64Array {
  const r = shape[shape.length - 2]!, c = shape[shape.length - 1]!;
  const out = new Float64Array(d.length);
  for (let b = 0; b < d.length / (r * c || 1); b++) {
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[b * r * c + j * r + i] = d[b * r * c + i * c + j]!;
  }
  return out;
}

describe.each(streamsFor("matmul"))("matmul on $name", ({ stream }) => {
  const cases: [number[], number[]][] = [
    [[1, 1], [1, 1]],
    [[3, 5], [5, 7]],
    [[4, 8], [8, 8]],
    [[17, 33], [33, 65]],
    [[70, 300], [300, 21]], // M and K blocking
    [[5, 3], [3, 2100]], // N blocking
    [[5], [5]],
    [[5], [5, 3]],
    [[2, 5], [5]],
    [[2, 3, 5], [5]],
    [[7], [2, 7, 3]],
    [[2, 1, 3, 4], [5, 4, 6]],
    [[3, 4], [2, 4, 5]],
    [[2, 3, 4], [4, 5]],
    [[1, 3, 4], [6, 4, 2]],
    [[3, 0], [0, 4]],
    [[0, 3], [3, 4]],
    [[3, 3], [3, 0]],
    [[2, 0, 3], [3, 4]],
  ];
  test.each(cases)("%p @ %p vs float64 reference", async (as, bs) => {
    const { x, data: ad } = randomArray(as, -1, 1, 3);
    const { x: y, data: bd } = randomArray(bs, -1, 1, 4);
    const ref = refMatmul(ad, as, bd, bs);
    const z = mx.matmul(x, y, { stream });
    expect(z.dtype).toBe(mx.float32);
    await expectArray(z, ref.shape, ref.data, { rtol: 1e-4, atol: 1e-4 });
  });

  test("K = 0 gives zeros", async () => {
    const z = mx.matmul(mx.zeros([3, 0]), mx.zeros([0, 4]), { stream });
    await expectArray(z, [3, 4], new Float64Array(12));
  });

  test("transposed operands read in place and materialised transposes agree", async () => {
    const { x, data: ad } = randomArray([9, 6], -1, 1, 5); // A^T is [6, 9]
    const { x: y, data: bd } = randomArray([11, 9], -1, 1, 6); // B^T is [9, 11]
    const at = refTranspose(ad, [9, 6]);
    const bt = refTranspose(bd, [11, 9]);
    const ref = refMatmul(at, [6, 9], bt, [9, 11]);
    const both = mx.matmul(mx.transpose(x), mx.transpose(y), { stream });
    expect(both._node.params).toMatchObject({ transA: true, transB: true });
    await expectArray(both, [6, 11], ref.data, { rtol: 1e-4, atol: 1e-4 });
    await expectArray(mx.matmul(x.T, mx.transpose(y), { stream }), [6, 11], ref.data, { rtol: 1e-4, atol: 1e-4 });
    // an evaluated transpose is a plain contiguous operand
    const xt = mx.transpose(x);
    await mx.eval(xt);
    await expectArray(mx.matmul(xt, y.T, { stream }), [6, 11], ref.data, { rtol: 1e-4, atol: 1e-4 });
    // only B transposed, with a row-vector A
    const { x: v, data: vd } = randomArray([9], -1, 1, 7);
    await expectArray(mx.matmul(v, y.T, { stream }), [11], refMatmul(vd, [9], bt, [9, 11]).data, { rtol: 1e-4, atol: 1e-4 });
  });

  test("batched transposes: last-two-axes swap in place, other permutations copied", async () => {
    const { x, data: ad } = randomArray([2, 5, 3], -1, 1, 8);
    const { x: y, data: bd } = randomArray([2, 5, 4], -1, 1, 9);
    const at = refTranspose(ad, [2, 5, 3]); // [2,3,5]
    const ref = refMatmul(at, [2, 3, 5], bd, [2, 5, 4]);
    await expectArray(mx.matmul(mx.transpose(x, [0, 2, 1]), y, { stream }), [2, 3, 4], ref.data, { rtol: 1e-4, atol: 1e-4 });
    // [5,2,3] -> transpose [1,0,2] gives [2,5,3]: not a last-two swap, so it is materialised
    const { x: z, data: zd } = randomArray([5, 2, 3], -1, 1, 10);
    const zt = new Float64Array(30);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) zt[(j * 5 + i) * 3 + k] = zd[(i * 2 + j) * 3 + k]!;
    const { x: w, data: wd } = randomArray([3, 4], -1, 1, 11);
    await expectArray(mx.matmul(mx.transpose(z, [1, 0, 2]), w, { stream }), [2, 5, 4], refMatmul(zt, [2, 5, 3], wd, [3, 4]).data, { rtol: 1e-4, atol: 1e-4 });
  });

  test("integer inputs are promoted to float32; method form", async () => {
    const a = mx.array([[1, 2, 3], [4, 5, 6]]);
    const b = mx.array([[1, 0], [0, 1], [1, 1]]);
    const c = mx.matmul(a, b, { stream });
    expect(c.dtype).toBe(mx.float32);
    await expectArray(c, [2, 2], [4, 5, 10, 11]);
    await expectArray(a.matmul(b.astype(mx.float32)), [2, 2], [4, 5, 10, 11], { dtype: mx.float32 });
    await expectArray(mx.matmul(mx.array([true, false]), mx.array([[2], [3]]), { stream }), [1], [2]);
  });

  test("NaN and Inf propagate to their row and column only", async () => {
    const a = mx.array([[1, NaN], [1, 2], [0, 1]]);
    const b = mx.array([[1, 2], [Infinity, 1]]);
    await expectArray(mx.matmul(a, b, { stream }), [3, 2], [NaN, NaN, Infinity, 4, Infinity, 1]);
  });

  test("inner and outer", async () => {
    await expectArray(mx.inner(mx.array([1, 2, 3]), mx.array([4, 5, 6]), { stream }), [], [32]);
    await expectArray(mx.inner(mx.array([[1, 2], [3, 4]]), mx.array([[1, 0], [0, 1], [1, 1]]), { stream }), [2, 3], [1, 2, 3, 3, 4, 7]);
    await expectArray(mx.outer(mx.array([1, 2]), mx.array([3, 4, 5]), { stream }), [2, 3], [3, 4, 5, 6, 8, 10]);
    await expectArray(mx.inner(mx.array(2), mx.array([1, 2]), { stream }), [2], [2, 4]);
    await expectArray(mx.inner(mx.zeros([3, 0]), mx.zeros([2, 0]), { stream }), [3, 2], new Float64Array(6));
  });

  test("errors", async () => {
    expect(() => mx.matmul(mx.zeros([2, 3]), mx.zeros([4, 5]), { stream })).toThrow(
      "[matmul] Last dimension of first input with shape (2,3) must match second to last dimension of second input with shape (4,5).",
    );
    expect(() => mx.matmul(mx.zeros([3]), mx.zeros([4]), { stream })).toThrow(/\[matmul\].*\(3\).*\(4\)/);
    expect(() => mx.matmul(mx.array(1), mx.zeros([4]), { stream })).toThrow(/\[matmul\] Got 0 dimension input/);
    expect(() => mx.matmul(mx.zeros([2, 3, 4]), mx.zeros([3, 4, 5]), { stream })).toThrow(/\[matmul\].*cannot be broadcast/);
    expect(() => mx.inner(mx.zeros([2, 3]), mx.zeros([2, 4]), { stream })).toThrow(/\[inner\]/);
  });
});

import { describe, expect, test } from "bun:test";
import { streamsFor, expectArray, expectClose, mx, randomArray, strides } from "./helpers.ts";

/** float64 softmax over `axes` (all elements sharing the other coordinates form one group). */
function refSoftmax(d: ArrayLike<number>, shape: number[], axes: number[]): Float64Array {
  const st = strides(shape);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < d.length; i++) {
    const key = shape.map((s, ax) => (axes.includes(ax) ? "*" : Math.floor(i / st[ax]!) % s)).join(",");
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const out = new Float64Array(d.length);
  for (const g of groups.values()) {
    const m = Math.max(...g.map((i) => d[i]!));
    let s = 0;
    for (const i of g) s += Math.exp(d[i]! - m);
    for (const i of g) out[i] = Math.exp(d[i]! - m) / s;
  }
  return out;
}

describe.each(streamsFor("softmax"))("softmax on $name", ({ stream }) => {
  const cases: [number[], number | number[] | null | undefined][] = [
    [[7], undefined],
    [[3, 5], -1],
    [[3, 5], 0],
    [[4, 9], 1],
    [[2, 3, 17], undefined],
    [[2, 3, 17], 1],
    [[2, 3, 17], 0],
    [[2, 3, 4], [0, 2]],
    [[2, 3, 4], null],
    [[5, 1], -1],
    [[1, 1], 0],
    [[0, 4], -1],
    [[3, 1000], -1],
  ];
  test.each(cases)("shape %p axis %p vs float64 reference", async (shape, axis) => {
    const { x, data } = randomArray(shape, -5, 5, 51);
    const axes = axis === null ? shape.map((_, i) => i) : (typeof axis === "number" ? [axis] : axis ?? shape.map((_, i) => i)).map((a) => (a < 0 ? a + shape.length : a));
    const y = mx.softmax(x, { axis, stream });
    expect(y.dtype).toBe(mx.float32);
    await expectArray(y, shape, refSoftmax(data, shape, axes), { rtol: 2e-6, atol: 1e-7 });
  });

  test("rows sum to 1", async () => {
    const { x } = randomArray([6, 33], -20, 20, 52);
    const y = (await mx.softmax(x, { axis: -1, stream }).data()) as Float32Array;
    for (let r = 0; r < 6; r++) {
      let s = 0;
      for (let j = 0; j < 33; j++) s += y[r * 33 + j]!;
      expect(Math.abs(s - 1)).toBeLessThan(1e-6);
    }
  });

  test("large logits, -inf entries, all -inf rows, NaN and +inf", async () => {
    const x = mx.array([
      [1000, 1000, 999, -1000],
      [-Infinity, 0, -Infinity, 0],
      [-Infinity, -Infinity, -Infinity, -Infinity],
      [1, NaN, 2, 3],
      [1, Infinity, 2, 3],
    ]);
    const e = Math.exp(-1);
    const s = 2 + e;
    await expectArray(mx.softmax(x, { axis: -1, stream }), [5, 4], [
      1 / s, 1 / s, e / s, 0,
      0, 0.5, 0, 0.5,
      NaN, NaN, NaN, NaN,
      NaN, NaN, NaN, NaN,
      NaN, NaN, NaN, NaN,
    ], { rtol: 2e-6, atol: 0 });
    // the same along axis 0 (the transpose path), rows shorter than a vector
    await expectArray(mx.softmax(mx.array([[1000], [-Infinity]]), { axis: 0, stream }), [2, 1], [1, 0]);
  });

  test("the vectorised exp: rows [x, 0] for x in [-87, 20] match float64 to 1e-6 relative", async () => {
    const xs: number[] = [];
    for (let v = -87; v <= 20; v += 0.173) xs.push(Math.fround(v));
    xs.push(-87.3, -0.5 * Math.LN2, 0.5 * Math.LN2, Math.fround(-1e-7), 0);
    const flat = new Float32Array(xs.length * 2);
    xs.forEach((v, i) => (flat[2 * i] = v));
    const y = await mx.softmax(mx.array(flat).reshape([xs.length, 2]), { axis: -1, stream }).data();
    const exp = new Float64Array(flat.length);
    xs.forEach((v, i) => {
      const f = Math.fround(v);
      exp[2 * i] = 1 / (1 + Math.exp(-f));
      exp[2 * i + 1] = 1 / (1 + Math.exp(f));
    });
    expectClose(y, exp, 1e-6, 0);
    // far below the normal range the result is exactly 0 (and -inf too)
    await expectArray(mx.softmax(mx.array([-200, 0, -Infinity, -88]), { stream }), [4], [0, 1, 0, 0], { atol: 1e-37 });
  });

  test("integer and bool inputs give float32; scalar; method; non-contiguous input", async () => {
    await expectArray(mx.softmax(mx.array([0, 0, 0, 0]), { stream }), [4], [0.25, 0.25, 0.25, 0.25], { dtype: mx.float32 });
    await expectArray(mx.softmax(mx.array([true, false]), { stream }), [2], [Math.E / (1 + Math.E), 1 / (1 + Math.E)], { dtype: mx.float32 });
    await expectArray(mx.softmax(mx.array(3.5), { stream }), [], [1]);
    await expectArray(mx.withStream(stream, () => mx.array([1, 1]).softmax()), [2], [0.5, 0.5]);
    const { x, data } = randomArray([4, 6], -3, 3, 53);
    const t = mx.transpose(x);
    const tdata = new Float64Array(24);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 6; j++) tdata[j * 4 + i] = data[i * 6 + j]!;
    await expectArray(mx.softmax(t, { axis: -1, stream }), [6, 4], refSoftmax(tdata, [6, 4], [1]), { rtol: 2e-6, atol: 1e-7 });
  });

  test("errors", () => {
    expect(() => mx.softmax(mx.zeros([2, 3]), { axis: 2, stream })).toThrow(/\[softmax\] Axis 2 is out of bounds/);
    expect(() => mx.softmax(mx.zeros([2, 3]), { axis: [0, 0], stream })).toThrow(/\[softmax\] Received duplicate axes/);
    expect(() => mx.softmax(mx.array(1), { axis: 0, stream })).toThrow(/\[softmax\]/);
  });
});

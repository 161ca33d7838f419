import { describe, expect, test } from "bun:test";
import { streamsFor, expectArray, mx, randomArray, rng } from "./helpers.ts";
import { refConv, type Geo } from "./conv_reference.ts";

function geo(p: Partial<Geo> & { N: number; H: number; W: number; C: number; O: number; kh: number; kw: number }): Geo {
  return { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1, ...p };
}

describe.each(streamsFor("conv"))("conv on $name", ({ stream }) => {
  const fixed: Geo[] = [
    geo({ N: 1, H: 4, W: 4, C: 1, O: 1, kh: 3, kw: 3 }),
    geo({ N: 2, H: 5, W: 6, C: 3, O: 4, kh: 3, kw: 2, padding: [1, 1] }),
    geo({ N: 1, H: 7, W: 7, C: 4, O: 6, kh: 3, kw: 3, stride: [2, 2], padding: [1, 2] }),
    geo({ N: 1, H: 7, W: 8, C: 2, O: 3, kh: 2, kw: 3, dilation: [2, 3], padding: [1, 1] }),
    geo({ N: 2, H: 5, W: 5, C: 4, O: 6, kh: 3, kw: 3, groups: 2, padding: [1, 1] }),
    geo({ N: 1, H: 6, W: 6, C: 6, O: 6, kh: 3, kw: 3, groups: 3, stride: [2, 1] }),
    geo({ N: 2, H: 6, W: 5, C: 5, O: 5, kh: 3, kw: 3, groups: 5, padding: [1, 1] }), // depthwise
    geo({ N: 1, H: 7, W: 7, C: 4, O: 4, kh: 3, kw: 2, groups: 4, stride: [2, 2], dilation: [2, 1], padding: [2, 0] }), // depthwise
    geo({ N: 1, H: 4, W: 4, C: 3, O: 6, kh: 2, kw: 2, groups: 3 }), // depthwise with multiplier 2
    geo({ N: 2, H: 5, W: 3, C: 7, O: 9, kh: 1, kw: 1 }), // pointwise: no gather
    geo({ N: 1, H: 6, W: 6, C: 4, O: 6, kh: 1, kw: 1, groups: 2 }), // grouped pointwise
    geo({ N: 1, H: 5, W: 5, C: 3, O: 2, kh: 1, kw: 1, stride: [2, 2] }),
    geo({ N: 1, H: 1, W: 1, C: 2, O: 3, kh: 3, kw: 3, padding: [1, 1] }),
    geo({ N: 1, H: 40, W: 40, C: 16, O: 10, kh: 3, kw: 3, padding: [1, 1] }), // several pixel tiles
    geo({ N: 0, H: 3, W: 3, C: 2, O: 3, kh: 2, kw: 2 }),
  ];
  test.each(fixed.map((g) => [JSON.stringify(g), g] as const))("conv2d %s", async (_, g) => {
    const { x, data: xd } = randomArray([g.N, g.H, g.W, g.C], -1, 1, 21);
    const { x: w, data: wd } = randomArray([g.O, g.kh, g.kw, g.C / g.groups], -1, 1, 22);
    const ref = refConv(xd, wd, g);
    const y = mx.conv2d(x, w, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups, stream });
    expect(y.dtype).toBe(mx.float32);
    await expectArray(y, [g.N, ref.Ho, ref.Wo, g.O], ref.data, { rtol: 1e-4, atol: 1e-4 });
  });

  test("conv2d random geometries", async () => {
    const r = rng(77);
    const pick = (xs: number[]) => xs[Math.floor(r() * xs.length)]!;
    let ran = 0;
    while (ran < 25) {
      const groups = pick([1, 1, 2, 3]);
      const g = geo({
        N: pick([1, 2]), H: pick([1, 3, 5, 8]), W: pick([2, 4, 7]), C: groups * pick([1, 2, 3]), O: groups * pick([1, 2, 5]),
        kh: pick([1, 2, 3]), kw: pick([1, 2, 3]), stride: [pick([1, 2]), pick([1, 3])], padding: [pick([0, 1]), pick([0, 2])],
        dilation: [pick([1, 2]), pick([1, 2])], groups,
      });
      const ref = refConv([], [], { ...g, N: 0 });
      if (ref.Ho < 1 || ref.Wo < 1) continue;
      ran++;
      const { x, data: xd } = randomArray([g.N, g.H, g.W, g.C], -1, 1, 100 + ran);
      const { x: w, data: wd } = randomArray([g.O, g.kh, g.kw, g.C / groups], -1, 1, 200 + ran);
      const y = mx.conv2d(x, w, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups, stream });
      await expectArray(y, [g.N, ref.Ho, ref.Wo, g.O], refConv(xd, wd, g).data, { rtol: 1e-4, atol: 1e-4 });
    }
  });

  const oneD: [number, number, number, number, number, number, number, number, number][] = [
    // N, L, C, O, k, stride, padding, dilation, groups
    [1, 6, 1, 1, 2, 2, 0, 1, 1],
    [2, 9, 3, 4, 3, 1, 1, 1, 1],
    [1, 10, 4, 6, 3, 2, 2, 2, 2],
    [2, 8, 5, 5, 3, 1, 1, 1, 5],
    [1, 5, 3, 2, 1, 1, 0, 1, 1],
    [1, 3, 2, 2, 5, 1, 1, 1, 1],
  ];
  test.each(oneD)("conv1d N=%d L=%d C=%d O=%d k=%d stride=%d pad=%d dil=%d groups=%d", async (N, L, C, O, k, s, p, d, groups) => {
    const { x, data: xd } = randomArray([N, L, C], -1, 1, 31);
    const { x: w, data: wd } = randomArray([O, k, C / groups], -1, 1, 32);
    const g = geo({ N, H: 1, W: L, C, O, kh: 1, kw: k, stride: [1, s], padding: [0, p], dilation: [1, d], groups });
    const ref = refConv(xd, wd, g);
    const y = mx.conv1d(x, w, { stride: s, padding: p, dilation: d, groups, stream });
    await expectArray(y, [N, ref.Wo, O], ref.data, { rtol: 1e-4, atol: 1e-4 });
  });

  test("integer inputs give float32; a transposed (non-contiguous) input", async () => {
    const x = mx.arange(16).reshape([1, 4, 4, 1]);
    const y = mx.conv2d(x, mx.ones([1, 3, 3, 1], { dtype: mx.int32 }), { stream });
    await expectArray(y, [1, 2, 2, 1], [45, 54, 81, 90], { dtype: mx.float32 });
    const { x: a, data: ad } = randomArray([1, 3, 5, 2], -1, 1, 41); // [N, C?, ...] moved to NHWC below
    const xt = mx.transpose(a, [0, 2, 1, 3]); // [1, 5, 3, 2]
    const td = new Float64Array(30);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) for (let c = 0; c < 2; c++) td[(j * 3 + i) * 2 + c] = ad[(i * 5 + j) * 2 + c]!;
    const { x: w, data: wd } = randomArray([3, 2, 2, 2], -1, 1, 42);
    const g = geo({ N: 1, H: 5, W: 3, C: 2, O: 3, kh: 2, kw: 2, padding: [1, 0] });
    await expectArray(mx.conv2d(xt, w, { padding: [1, 0], stream }), [1, 6, 2, 3], refConv(td, wd, g).data, { rtol: 1e-4, atol: 1e-4 });
  });

  test("NaN in the input reaches only the outputs that read it", async () => {
    const x = mx.array([1, NaN, 2, 3, 4]).reshape([1, 5, 1]);
    await expectArray(mx.conv1d(x, mx.ones([1, 2, 1]), { stream }), [1, 4, 1], [NaN, NaN, 5, 7]);
  });

  test("errors", async () => {
    const x = mx.zeros([1, 5, 5, 4]);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 3]), { stream })).toThrow(
      "[conv2d] Expect the input channels in the input and weight array to match but got shapes - input: (1,5,5,4) and weight: (2,3,3,3).",
    );
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 3]), { groups: 2, stream })).toThrow(/\[conv2d\] Expect the input channels/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 1]), { groups: 3, stream })).toThrow(/\[conv2d\] The number of input channels \(4\) must be divisible/);
    expect(() => mx.conv2d(x, mx.zeros([3, 3, 3, 2]), { groups: 2, stream })).toThrow(/\[conv2d\] The number of output channels \(3\) must be divisible/);
    expect(() => mx.conv2d(x, mx.zeros([2, 6, 3, 4]), { stream })).toThrow(/\[conv2d\].*output size would be < 1/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 4]), { dilation: 3, stream })).toThrow(/\[conv2d\].*output size/);
    expect(() => mx.conv2d(mx.zeros([5, 5, 4]), mx.zeros([2, 3, 3, 4]), { stream })).toThrow(/\[conv2d\] Invalid input array with 3 dimensions/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 4]), { stream })).toThrow(/\[conv2d\] Invalid weight array with 3 dimensions/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 4]), { stride: 0, stream })).toThrow(/\[conv2d\] stride/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 4]), { padding: -1, stream })).toThrow(/\[conv2d\] padding/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 4]), { stride: [1, 2, 3] as unknown as [number, number], stream })).toThrow(/\[conv2d\] stride/);
    expect(() => mx.conv2d(x, mx.zeros([2, 3, 3, 4]), { groups: 0, stream })).toThrow(/\[conv2d\] groups/);
    expect(() => mx.conv1d(mx.zeros([1, 5, 2]), mx.zeros([1, 6, 2]), { stream })).toThrow(/\[conv1d\].*output size/);
    expect(() => mx.conv1d(mx.zeros([1, 5, 2]), mx.zeros([1, 2, 3]), { stream })).toThrow(/\[conv1d\] Expect the input channels/);
    expect(() => mx.conv1d(mx.zeros([5, 2]), mx.zeros([1, 2, 2]), { stream })).toThrow(/\[conv1d\] Invalid input array with 2 dimensions/);
  });
});

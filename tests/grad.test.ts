/**
 * Reverse-mode autodiff (mx.vjp, mx.grad, mx.valueAndGrad, mx.stopGradient, mx.tree):
 * every primitive family's vjp against central finite differences (float32 forward through
 * kiln, differences accumulated in float64), compositions, trees and the MLX MLP example.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { GPU_STREAMS, STREAMS, expectClose, mx, randomData } from "./helpers.ts";
import { GPU_FAMILIES } from "../src/backend/gpu/index.ts";

/** The finite-difference suite runs on the GPU too once every family it touches has GPU kernels. */
const FAMILIES = ["unary", "binary", "copy", "reduce", "indexing", "matmul", "conv", "softmax", "sort", "random"];
const GRAD_STREAMS = FAMILIES.every((f) => GPU_FAMILIES.includes(f)) ? [...STREAMS, ...GPU_STREAMS] : STREAMS;

type Input = [number[], Float32Array];
const inp = (shape: number[], lo = -1, hi = 1, seed = 1): Input => [shape, randomData(shape.reduce((a, b) => a * b, 1), lo, hi, seed)];

const worst: Record<string, number> = {};
const worstJvp: Record<string, number> = {};

/**
 * Checks the vjp of f at `inputs` against central differences of <u, f> for a random
 * cotangent u, element by element. Returns the largest |vjp - fd| / (1 + |fd|).
 */
async function checkVjp(family: string, f: (...a: mx.MxArray[]) => mx.MxArray, inputs: Input[], stream: mx.Device, opts: { eps?: number; tol?: number; only?: number[] } = {}): Promise<number> {
  const eps = opts.eps ?? 1e-2;
  const tol = opts.tol ?? 1e-2;
  const arrs = inputs.map(([sh, d]) => mx.array(d, { shape: sh }));
  const y0 = f(...arrs);
  const u = mx.array(randomData(y0.size, -1, 1, 77), { shape: y0.shape });
  const ud = await u.data();
  const [outs, vjps] = mx.vjp(f, arrs, [u]);
  expect(outs[0]!.shape).toEqual(y0.shape);
  // every perturbed evaluation is recorded first and evaluated together (one GPU round trip)
  const perturbed = inputs.map(([sh, d], i) =>
    opts.only && !opts.only.includes(i)
      ? []
      : Array.from(d, (_, j) =>
          [1, -1].map((sign) => {
            const p = d.slice();
            p[j] = d[j]! + sign * eps;
            const args = arrs.slice();
            args[i] = mx.array(p, { shape: sh });
            return { y: f(...args), dp: p[j]! - d[j]! };
          }),
        ),
  );
  const vs = inputs.map(([, d], i) => randomData(d.length, -1, 1, 300 + i));
  const [jo, jv] = mx.jvp(f, arrs, vs.map((v, i) => mx.array(v, { shape: inputs[i]![0] })));
  const dir = (sign: number) => f(...inputs.map(([sh, d], i) => mx.array(d.map((x, j) => x + sign * eps * vs[i]![j]!), { shape: sh })));
  const [yp, ym] = [dir(1), dir(-1)];
  await mx.eval(vjps, perturbed.flat(2).map((e) => e.y), jv, yp, ym);
  let maxErr = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (opts.only && !opts.only.includes(i)) continue;
    const [sh, d] = inputs[i]!;
    const got = await vjps[i]!.data();
    expect(vjps[i]!.shape).toEqual(sh);
    for (let j = 0; j < d.length; j++) {
      const [p, m] = perturbed[i]![j]!;
      const fp = await p!.y.data();
      const fm = await m!.y.data();
      let acc = 0;
      for (let k = 0; k < ud.length; k++) acc += ud[k]! * (Number(fp[k]) - Number(fm[k]));
      const fd = acc / (p!.dp - m!.dp);
      const err = Math.abs(Number(got[j]) - fd) / (1 + Math.abs(fd));
      if (!(err <= tol)) throw new Error(`${family} on ${stream}: input ${i} element ${j}: vjp ${got[j]} vs finite difference ${fd}`);
      maxErr = Math.max(maxErr, err);
    }
  }
  worst[family] = Math.max(worst[family] ?? 0, maxErr);
  // jvp: against the directional central difference, and <u, J v> == <J^T u, v>
  expect(jo[0]!.shape).toEqual(y0.shape);
  expect(jv[0]!.shape).toEqual(y0.shape);
  const jd = await jv[0]!.data();
  const fp = await yp.data();
  const fm = await ym.data();
  let jErr = 0;
  let uJv = 0;
  for (let k = 0; k < jd.length; k++) {
    const fd = (Number(fp[k]) - Number(fm[k])) / (2 * eps);
    const err = Math.abs(Number(jd[k]) - fd) / (1 + Math.abs(fd));
    if (!(err <= tol)) throw new Error(`${family} jvp on ${stream}: output element ${k}: jvp ${jd[k]} vs finite difference ${fd}`);
    jErr = Math.max(jErr, err);
    uJv += ud[k]! * Number(jd[k]);
  }
  let vJu = 0;
  for (let i = 0; i < inputs.length; i++) {
    const g = await vjps[i]!.data();
    for (let j = 0; j < g.length; j++) vJu += Number(g[j]) * vs[i]![j]!;
  }
  expect(Math.abs(uJv - vJu)).toBeLessThanOrEqual(1e-4 * (1 + Math.abs(uJv)));
  worstJvp[family] = Math.max(worstJvp[family] ?? 0, jErr);
  return maxErr;
}

afterAll(() => {
  // largest finite-difference error per family (relative to 1 + |fd|)
  const fmt = (o: Record<string, number>) => JSON.stringify(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Number(v.toExponential(2))])));
  console.log("vjp fd errors:", fmt(worst));
  console.log("jvp fd errors:", fmt(worstJvp));
});

describe.each(GRAD_STREAMS)("vjp vs finite differences ($name)", ({ stream }) => {
  const s = { stream };
  const unary: [string, (x: mx.MxArray) => mx.MxArray, number, number][] = [
    ["abs", (x) => mx.abs(x, s), 0.2, 2],
    ["negative", (x) => mx.negative(x, s), -1, 1],
    ["sqrt", (x) => mx.sqrt(x, s), 0.5, 2],
    ["rsqrt", (x) => mx.rsqrt(x, s), 0.5, 2],
    ["square", (x) => mx.square(x, s), -1, 1],
    ["reciprocal", (x) => mx.reciprocal(x, s), 0.5, 2],
    ["exp", (x) => mx.exp(x, s), -1, 1],
    ["expm1", (x) => mx.expm1(x, s), -1, 1],
    ["log", (x) => mx.log(x, s), 0.5, 2],
    ["log1p", (x) => mx.log1p(x, s), -0.5, 1],
    ["log2", (x) => mx.log2(x, s), 0.5, 2],
    ["sin", (x) => mx.sin(x, s), -2, 2],
    ["cos", (x) => mx.cos(x, s), -2, 2],
    ["tan", (x) => mx.tan(x, s), -1, 1],
    ["tanh", (x) => mx.tanh(x, s), -2, 2],
    ["sigmoid", (x) => mx.sigmoid(x, s), -2, 2],
    ["erf", (x) => mx.erf(x, s), -1.5, 1.5],
    ["erfinv", (x) => mx.erfinv(x, s), -0.7, 0.7],
  ];
  test.each(unary)("unary %s", async (_name, f, lo, hi) => {
    await checkVjp("unary", f, [inp([2, 3], lo, hi, 3)], stream, { eps: 1e-3 });
  });

  test("piecewise-constant and predicate unaries have zero gradient", async () => {
    const x = mx.array([0.3, -1.7, 2.2]);
    for (const f of [mx.floor, mx.ceil, mx.round, mx.sign]) {
      const g = mx.grad((a: mx.MxArray) => mx.sum(mx.multiply(f(a, s), a, s), s))(x);
      expectClose((await g.data()), (await f(x).data()), 1e-6, 1e-6);
    }
    const g = mx.grad((a: mx.MxArray) => mx.sum(mx.add(mx.astype(mx.isnan(a, s), mx.float32, s), a, s), s))(x);
    expectClose((await g.data()), [1, 1, 1]);
  });

  const binary: [string, (a: mx.MxArray, b: mx.MxArray) => mx.MxArray, number, number][] = [
    ["add", (a, b) => mx.add(a, b, s), -1, 1],
    ["subtract", (a, b) => mx.subtract(a, b, s), -1, 1],
    ["multiply", (a, b) => mx.multiply(a, b, s), -1, 1],
    ["divide", (a, b) => mx.divide(a, b, s), 0.5, 2],
    ["power", (a, b) => mx.power(a, b, s), 0.5, 2],
    ["logaddexp", (a, b) => mx.logaddexp(a, b, s), -2, 2],
  ];
  test.each(binary)("binary %s with broadcasting", async (_name, f, lo, hi) => {
    await checkVjp("binary", f, [inp([2, 3], lo, hi, 5), inp([3], lo, hi, 6)], stream, { eps: 1e-3 });
    await checkVjp("binary", f, [inp([2, 1], lo, hi, 7), inp([4, 1, 3], lo, hi, 8)], stream, { eps: 1e-3 });
    await checkVjp("binary", f, [inp([], lo, hi, 9), inp([2, 2], lo, hi, 10)], stream, { eps: 1e-3 });
  });

  test("remainder away from its jumps", async () => {
    await checkVjp("binary", (a, b) => mx.remainder(a, b, s), [inp([2, 3], 2.2, 2.4, 5), inp([3], 1, 1.05, 6)], stream, { eps: 1e-3 });
    await checkVjp("binary", (a, b) => mx.remainder(a, b, s), [inp([2, 1], 2.2, 2.4, 7), inp([1, 3], 1, 1.05, 8)], stream, { eps: 1e-3 });
  });

  test("maximum/minimum route the gradient like MLX (ties go to the second operand)", async () => {
    await checkVjp("binary", (a, b) => mx.maximum(a, b, s), [inp([2, 3], -1, 1, 11), inp([3], -1, 1, 12)], stream);
    await checkVjp("binary", (a, b) => mx.minimum(a, b, s), [inp([2, 3], -1, 1, 13), inp([2, 1], -1, 1, 14)], stream);
    const [ga, gb] = mx.grad((a: mx.MxArray, b: mx.MxArray) => mx.sum(mx.maximum(a, b, s), s), { argnums: [0, 1] })(mx.array([1, 2, 3], mx.float32), mx.array([1, 0, 5], mx.float32));
    expect(await ga.tolistAsync()).toEqual([0, 1, 0]);
    expect(await gb.tolistAsync()).toEqual([1, 0, 1]);
    const [ma, mb] = mx.grad((a: mx.MxArray, b: mx.MxArray) => mx.sum(mx.minimum(a, b, s), s), { argnums: [0, 1] })(mx.array([1, 2, 3], mx.float32), mx.array([1, 0, 5], mx.float32));
    expect(await ma.tolistAsync()).toEqual([0, 0, 1]);
    expect(await mb.tolistAsync()).toEqual([1, 1, 0]);
    const [ja] = mx.jvp((a: mx.MxArray) => mx.minimum(a, mx.array([1, 0, 5], mx.float32), s), [mx.array([1, 2, 3], mx.float32)], [mx.ones([3])])[1];
    expect(await ja!.tolistAsync()).toEqual([0, 0, 1]);
  });

  test("power at 0 has finite gradients (MLX)", async () => {
    const [gx, gz] = mx.grad((x: mx.MxArray, z: mx.MxArray) => mx.sum(mx.power(x, z, s), s), { argnums: [0, 1] })(mx.array([0, 0, 2], mx.float32), mx.array([2, 3, 3], mx.float32));
    expect(await gx.tolistAsync()).toEqual([0, 0, 12]);
    expectClose((await gz.data()), [0, 0, 8 * Math.log(2)], 1e-6);
  });

  test("where, comparisons and floorDivide", async () => {
    const c = mx.array([[true, false, true], [false, false, true]]);
    await checkVjp("binary", (a, b) => mx.where(c, a, b, s), [inp([2, 3], -1, 1, 15), inp([3], -1, 1, 16)], stream);
    const g = mx.grad((a: mx.MxArray) => mx.sum(mx.add(mx.floorDivide(a, 0.7, s), mx.astype(mx.greater(a, 0, s), mx.float32, s), s), s))(mx.array([0.5, -1]));
    expect(await g.tolistAsync()).toEqual([0, 0]);
  });

  test("copy family: transpose, broadcast, slices (negative steps), reshape, concatenate, pad, astype", async () => {
    await checkVjp("copy", (x) => mx.transpose(x, [2, 0, 1], s), [inp([2, 3, 2])], stream);
    await checkVjp("copy", (x) => mx.broadcastTo(x, [4, 2, 3], s), [inp([2, 1])], stream);
    await checkVjp("copy", (x) => x.get("::-1", "1::2"), [inp([3, 5])], stream);
    await checkVjp("copy", (x) => mx.reshape(mx.multiply(x, x, s), [6], s), [inp([2, 3])], stream);
    await checkVjp("copy", (a, b) => mx.concatenate([a, b, a], { axis: 1, ...s }), [inp([2, 2], -1, 1, 2), inp([2, 3], -1, 1, 3)], stream);
    await checkVjp("copy", (x) => mx.pad(x, [[1, 0], [2, 1]], s), [inp([2, 3])], stream);
    await checkVjp("copy", (x) => mx.stack(mx.split(x, 3, { axis: 1, ...s }), { axis: 0, ...s }), [inp([2, 3])], stream);
    await checkVjp("copy", (x) => mx.tile(mx.repeat(x, 2, { axis: 0, ...s }), [2, 1], s), [inp([2, 2])], stream);
    await checkVjp("copy", (x) => mx.squeeze(mx.expandDims(mx.swapaxes(x, 0, 1, s), 0, s), 0, s), [inp([2, 3])], stream);
    // a cast to an integer type has no gradient; float->float passes it through
    const g = mx.grad((x: mx.MxArray) => mx.sum(mx.add(mx.astype(mx.astype(x, mx.int32, s), mx.float32, s), mx.astype(x, mx.float32, s), s), s))(mx.array([1.5, 2.5]));
    expect(await g.tolistAsync()).toEqual([1, 1]);
  });

  test("reductions: sum, prod (with zeros), mean, var, std, logsumexp, max/min", async () => {
    await checkVjp("reduce", (x) => mx.sum(x, { axis: [0, 2], keepdims: true, ...s }), [inp([2, 3, 2])], stream);
    await checkVjp("reduce", (x) => mx.sum(x, 1, s), [inp([2, 3, 2])], stream);
    await checkVjp("reduce", (x) => mx.prod(x, 1, s), [inp([3, 4], 0.5, 1.5)], stream);
    await checkVjp("reduce", (x) => mx.mean(x, 0, s), [inp([3, 4])], stream);
    await checkVjp("reduce", (x) => mx.var(x, 1, s), [inp([3, 4])], stream);
    await checkVjp("reduce", (x) => mx.std(x, s), [inp([3, 4])], stream);
    await checkVjp("reduce", (x) => mx.logsumexp(x, 1, s), [inp([3, 4], -3, 3)], stream);
    await checkVjp("reduce", (x) => mx.max(x, 1, s), [inp([3, 4])], stream);
    await checkVjp("reduce", (x) => mx.min(x, { axis: 0, keepdims: true, ...s }), [inp([3, 4])], stream);
    // prod with zeros: exact
    const gp = mx.grad((x: mx.MxArray) => mx.sum(mx.prod(x, 1, s), s))(mx.array([[2, 0, 3], [0, 0, 4], [1, 2, 3]], mx.float32));
    expect(await gp.tolistAsync()).toEqual([[0, 6, 0], [0, 0, 0], [6, 3, 2]]);
    // ties share the gradient equally (MLX)
    const gm = mx.grad((x: mx.MxArray) => mx.max(x, s))(mx.array([1, 3, 3, 2], mx.float32));
    expect(await gm.tolistAsync()).toEqual([0, 0.5, 0.5, 0]);
    const ga = mx.grad((x: mx.MxArray) => mx.sum(mx.multiply(mx.astype(mx.argmax(x, s), mx.float32, s), x, s), s))(mx.array([1, 5, 2], mx.float32));
    expect(await ga.tolistAsync()).toEqual([1, 1, 1]);
  });

  test("indexing: get (index arrays with duplicates), take, takeAlongAxis, putAlongAxis, set, sliceUpdate", async () => {
    await checkVjp("indexing", (x) => x.get([0, 2, 0, -1], "1:"), [inp([3, 3])], stream);
    await checkVjp("indexing", (x) => mx.take(x, mx.array([[1, 1], [0, 2]]), { axis: 1, ...s }), [inp([2, 3])], stream);
    await checkVjp("indexing", (x) => mx.take(x, mx.array([3, 3, 5]), s), [inp([2, 3])], stream);
    await checkVjp("indexing", (x) => mx.takeAlongAxis(x, mx.array([[0, 0, 2], [1, 2, 1]]), { axis: 1, ...s }), [inp([2, 3])], stream);
    // advanced indexing: two arrays (adjacent and separated), None, negative indices, reversed slices
    await checkVjp("indexing", (x) => x.get(":", [0, 1, 1], [2, -1, 2]), [inp([2, 3, 4])], stream);
    await checkVjp("indexing", (x) => x.get([[1], [0]], "::-1", [0, 3, 3]), [inp([2, 3, 4])], stream);
    await checkVjp("indexing", (x) => x.get(null, 1, [2, 0, 2], "1:"), [inp([2, 3, 4])], stream);
    await checkVjp("indexing", (x) => x.get(mx.array(2), ":"), [inp([3, 2])], stream);
    // an embedding lookup with repeated tokens
    await checkVjp("indexing", (w) => mx.take(w, mx.array([[1, 3, 1], [0, 1, 1]]), { axis: 0, ...s }), [inp([4, 2])], stream);
    const idx = mx.array([[0], [2]]);
    await checkVjp("indexing", (x, v) => mx.putAlongAxis(x, idx, v, { axis: 1, ...s }), [inp([2, 3], -1, 1, 4), inp([2, 1], -1, 1, 5)], stream);
    const setA = (x: mx.MxArray, v: mx.MxArray) => {
      const y = mx.multiply(x, 1, s);
      y.set([0, 2], ":", v);
      return y;
    };
    await checkVjp("indexing", setA, [inp([3, 2], -1, 1, 6), inp([2], -1, 1, 7)], stream);
    const setB = (x: mx.MxArray, v: mx.MxArray) => {
      const y = mx.multiply(x, 1, s);
      y.set("::2", 1, v);
      return y;
    };
    await checkVjp("indexing", setB, [inp([3, 2], -1, 1, 8), inp([], -1, 1, 9)], stream);
    await checkVjp("indexing", (x, v) => mx.sliceUpdate(x, v, [1, 0], null, s), [inp([3, 3], -1, 1, 10), inp([2, 2], -1, 1, 11)], stream);
    await checkVjp("indexing", (x) => mx.slice(x, [1], [1], [2, 2], s), [inp([2, 3])], stream);
  });

  test("matmul: 2-D, 1-D operands, batched with broadcasting, transposed operands", async () => {
    await checkVjp("matmul", (a, b) => mx.matmul(a, b, s), [inp([2, 3], -1, 1, 1), inp([3, 4], -1, 1, 2)], stream);
    await checkVjp("matmul", (a, b) => mx.matmul(a, b, s), [inp([3], -1, 1, 3), inp([3, 2], -1, 1, 4)], stream);
    await checkVjp("matmul", (a, b) => mx.matmul(a, b, s), [inp([2, 3], -1, 1, 5), inp([3], -1, 1, 6)], stream);
    await checkVjp("matmul", (a, b) => mx.matmul(a, b, s), [inp([2, 1, 2, 3], -1, 1, 7), inp([3, 3, 2], -1, 1, 8)], stream);
    await checkVjp("matmul", (a, b) => mx.matmul(mx.transpose(a, s), mx.transpose(b, s), s), [inp([3, 2], -1, 1, 9), inp([4, 3], -1, 1, 10)], stream);
  });

  test("conv1d/conv2d: stride, padding, dilation, groups (input and weight)", async () => {
    await checkVjp("conv", (x, w) => mx.conv1d(x, w, { stride: 2, padding: 1, dilation: 1, ...s }), [inp([2, 7, 2], -1, 1, 1), inp([3, 3, 2], -1, 1, 2)], stream);
    await checkVjp("conv", (x, w) => mx.conv1d(x, w, { dilation: 2, groups: 2, ...s }), [inp([1, 6, 4], -1, 1, 3), inp([2, 2, 2], -1, 1, 4)], stream);
    await checkVjp("conv", (x, w) => mx.conv2d(x, w, { stride: [2, 1], padding: [1, 2], dilation: [1, 2], ...s }), [inp([1, 5, 4, 2], -1, 1, 5), inp([2, 2, 2, 2], -1, 1, 6)], stream);
    await checkVjp("conv", (x, w) => mx.conv2d(x, w, { stride: 2, padding: 1, groups: 2, ...s }), [inp([2, 4, 4, 2], -1, 1, 7), inp([4, 3, 3, 1], -1, 1, 8)], stream);
  });

  test("softmax, sort, random", async () => {
    await checkVjp("softmax", (x) => mx.softmax(x, { axis: -1, ...s }), [inp([2, 4], -2, 2)], stream);
    await checkVjp("softmax", (x) => mx.softmax(x, { axis: 0, ...s }), [inp([3, 2], -2, 2)], stream);
    await checkVjp("softmax", (x) => mx.softmax(x, s), [inp([2, 3], -2, 2)], stream);
    await checkVjp("sort", (x) => mx.sort(x, { axis: 0, ...s }), [inp([4, 3])], stream);
    await checkVjp("sort", (x) => mx.multiply(mx.sort(x, { axis: -1, ...s }), mx.arange(5), s), [inp([2, 5])], stream);
    const key = mx.random.key(3);
    const r = mx.random.uniform([3], { key });
    const g = mx.grad((x: mx.MxArray) => mx.sum(mx.multiply(x, mx.random.uniform([3], { key, ...s }), s), s))(mx.array([1, 2, 3], mx.float32));
    expectClose((await g.data()), (await r.data()));
    const gb = mx.grad((x: mx.MxArray) => mx.sum(mx.multiply(x, mx.astype(mx.argsort(x, s), mx.float32, s), s), s))(mx.array([3, 1, 2], mx.float32));
    expect(await gb.tolistAsync()).toEqual([1, 2, 0]);
  });
});

describe("transforms API", () => {
  test("grad(grad(x^3)) = 6x and third order", () => {
    const f = (x: mx.MxArray) => mx.multiply(x, mx.multiply(x, x));
    const d1 = mx.grad(f);
    const d2 = mx.grad(d1);
    const d3 = mx.grad(d2);
    for (const v of [-1.5, 0.5, 2]) {
      expect(d1(mx.array(v, mx.float32)).item()).toBeCloseTo(3 * v * v, 4);
      expect(d2(mx.array(v, mx.float32)).item()).toBeCloseTo(6 * v, 4);
      expect(d3(mx.array(v, mx.float32)).item()).toBeCloseTo(6, 4);
    }
  });

  test("second derivatives through rules match finite differences of the gradient", () => {
    const fs: ((x: mx.MxArray) => mx.MxArray)[] = [
      (x) => mx.sum(mx.tanh(x)),
      (x) => mx.logsumexp(mx.multiply(x, x)),
      (x) => mx.sum(mx.softmax(mx.sin(x), { axis: -1 }).get(0)),
      (x) => mx.sum(mx.matmul(x, mx.transpose(x))),
    ];
    for (const f of fs) checkVjp("second-order", (x) => mx.grad(f)(x), [inp([2, 3], -1, 1, 21)], mx.cpu);
  });

  test("valueAndGrad with several argnums and tree arguments", () => {
    const f = (p: { w: mx.MxArray; b: mx.MxArray[] }, x: mx.MxArray) => mx.sum(mx.multiply(mx.add(mx.multiply(p.w, x), p.b[0]!), p.b[1]!));
    const p = { w: mx.array([1, 2], mx.float32), b: [mx.array([0.5, 0.5]), mx.array([3, 4], mx.float32)] };
    const x = mx.array([10, 20], mx.float32);
    const [v, [gp, gx]] = mx.valueAndGrad(f, { argnums: [0, 1] })(p, x);
    expect(v.item()).toBeCloseTo(3 * 10.5 + 4 * 40.5, 4);
    expect(gp.w.tolist()).toEqual([30, 80]);
    expect(gp.b[0].tolist()).toEqual([3, 4]);
    expect(gp.b[1].tolist()).toEqual([10.5, 40.5]);
    expect(gx.tolist()).toEqual([3, 8]);
    const g1 = mx.grad(f, { argnums: 1 })(p, x);
    expect(g1.tolist()).toEqual([3, 8]);
    // a loss returned with auxiliary outputs: the first leaf is differentiated
    const [[loss, aux], g] = mx.valueAndGrad((a: mx.MxArray) => [mx.sum(mx.square(a)), mx.multiply(a, 2)])(mx.array([1, 2], mx.float32));
    expect(loss.item()).toBe(5);
    expect(aux.tolist()).toEqual([2, 4]);
    expect(g.tolist()).toEqual([2, 4]);
  });

  test("vjp with several outputs and a gradient of an unused argument", () => {
    const [outs, vjps] = mx.vjp((a: mx.MxArray, b: mx.MxArray) => [mx.multiply(a, 2), mx.sum(a)], [mx.array([1, 2], mx.float32), mx.array([5], mx.float32)], [mx.array([1, 10]), mx.array(100)]);
    expect(outs[0]!.tolist()).toEqual([2, 4]);
    expect(vjps[0]!.tolist()).toEqual([102, 120]);
    expect(vjps[1]!.tolist()).toEqual([0]);
  });

  test("stopGradient blocks the gradient", () => {
    const g = mx.grad((x: mx.MxArray) => mx.sum(mx.multiply(x, mx.stopGradient(x))))(mx.array([2, 3], mx.float32));
    expect(g.tolist()).toEqual([2, 3]);
    expect(mx.stopGradient(mx.array([1, 2], mx.float32)).tolist()).toEqual([1, 2]);
  });

  test("grad is lazy and errors name the transform", () => {
    const x = mx.array([1, 2, 3], mx.float32);
    const g = mx.grad((a: mx.MxArray) => mx.sum(mx.exp(a)))(x);
    expect(g._node.evaluated).toBe(false);
    expectClose(g.dataSync(), [Math.E, Math.E ** 2, Math.E ** 3], 1e-5);
    expect(() => mx.grad((a: mx.MxArray) => mx.exp(a))(x)).toThrow(/\[grad\].*must return a scalar/);
    expect(() => mx.grad((a: mx.MxArray) => mx.sum(a), { argnums: 2 })(x)).toThrow(/\[grad\]/);
    expect(() => mx.valueAndGrad((a: mx.MxArray) => mx.sum(a), { argnums: [0, -1] })(x)).toThrow(/\[valueAndGrad\] argnums must be distinct/);
    expect(() => mx.vjp((a: mx.MxArray) => a, [x], [mx.array([1])])).toThrow(/\[vjp\]/);
    expect(() => mx.grad((a: mx.MxArray) => mx.sum(a))(mx.array([1, 2]))).toThrow(/\[grad\] Cannot differentiate with respect to an argument 0 of dtype int32/);
  });

  test("a value evaluated before the transform is a constant; an unrelated output gives zeros", () => {
    const x = mx.array([1, 2], mx.float32);
    const c = mx.multiply(x, 3);
    c.dataSync();
    const g = mx.grad((a: mx.MxArray) => mx.sum(mx.multiply(a, c)))(x);
    expect(g.tolist()).toEqual([3, 6]);
    expect(mx.grad((_a: mx.MxArray) => mx.sum(c))(x).tolist()).toEqual([0, 0]);
  });

  test("MLX walkthrough: 3->2->1 MLP with ReLU, MSE against 0.2345, matches the hand-derived gradients", () => {
    const x = mx.array([[0.5, -1.2, 3.3]]);
    const params = {
      W1: mx.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]]), b1: mx.array([0.01, -0.02]),
      W2: mx.array([[0.7, -0.8]]), b2: mx.array([0.05]),
    };
    const loss = (p: typeof params) => {
      const h = mx.maximum(mx.add(mx.matmul(x, mx.transpose(p.W1)), p.b1), 0);
      const o = mx.add(mx.matmul(h, mx.transpose(p.W2)), p.b2);
      return mx.mean(mx.square(mx.subtract(o, 0.2345)));
    };
    const [v, g] = mx.valueAndGrad(loss)(params);
    // by hand in float64
    const xs = [0.5, -1.2, 3.3];
    const z = [0.1 * 0.5 + 0.2 * 1.2 + 0.3 * 3.3 + 0.01, 0.4 * 0.5 - 0.5 * 1.2 - 0.6 * 3.3 - 0.02];
    const h = z.map((t) => Math.max(t, 0));
    const o = 0.7 * h[0]! - 0.8 * h[1]! + 0.05;
    const dO = 2 * (o - 0.2345);
    const dz = [dO * 0.7 * (z[0]! > 0 ? 1 : 0), dO * -0.8 * (z[1]! > 0 ? 1 : 0)];
    expect(v.item()).toBeCloseTo((o - 0.2345) ** 2, 5);
    expectClose(g.W2.dataSync(), h.map((t) => dO * t), 1e-5, 1e-6);
    expectClose(g.b2.dataSync(), [dO], 1e-5, 1e-6);
    expectClose(g.b1.dataSync(), dz, 1e-5, 1e-6);
    expectClose(g.W1.dataSync(), dz.flatMap((d) => xs.map((xi) => d * xi)), 1e-5, 1e-6);
  });

  test("jvp: several outputs, jvp of grad, grad of jvp, errors", () => {
    const x = mx.array([0.5, -1, 2], mx.float32);
    const v = mx.array([1, 0.5, -2], mx.float32);
    const [outs, tans] = mx.jvp((a: mx.MxArray) => [mx.sin(a), mx.sum(mx.square(a))], [x], [v]);
    expectClose(outs[0]!.dataSync(), [0.5, -1, 2].map(Math.sin), 1e-5);
    expectClose(tans[0]!.dataSync(), [0.5, -1, 2].map((t, i) => Math.cos(t) * [1, 0.5, -2][i]!), 1e-5);
    expect(tans[1]!.item()).toBeCloseTo(2 * (0.5 - 0.5 - 4), 4);
    // Hessian-vector product of sum(x^3)/3 two ways: jvp of grad and grad of <grad, v>
    const f = (a: mx.MxArray) => mx.divide(mx.sum(mx.multiply(a, mx.square(a))), 3);
    const [, hv] = mx.jvp(mx.grad(f), [x], [v]);
    const hv2 = mx.grad((a: mx.MxArray) => mx.sum(mx.multiply(mx.grad(f)(a), v)))(x);
    const hv3 = mx.grad((a: mx.MxArray) => mx.jvp(f, [a], [v])[1][0]!)(x);
    const want = [0.5, -1, 2].map((t, i) => 2 * t * [1, 0.5, -2][i]!);
    expectClose(hv[0]!.dataSync(), want, 1e-5, 1e-6);
    expectClose(hv2.dataSync(), want, 1e-5, 1e-6);
    expectClose(hv3.dataSync(), want, 1e-5, 1e-6);
    // an output that does not depend on the primals has a zero tangent; stopGradient blocks tangents
    const [, z] = mx.jvp((a: mx.MxArray) => mx.add(mx.stopGradient(a), mx.ones([3])), [x], [v]);
    expect(z[0]!._node.evaluated).toBe(false);
    expect(z[0]!.tolist()).toEqual([0, 0, 0]);
    expect(() => mx.jvp((a: mx.MxArray) => a, [x], [mx.array([1, 2], mx.float32)])).toThrow(/\[jvp\]/);
    expect(() => mx.jvp((a: mx.MxArray) => a, [x], [])).toThrow(/\[jvp\]/);
  });

  test("the backward and tangent graphs run on the forward ops' streams", () => {
    const s2 = mx.newStream(mx.cpu);
    const f = (a: mx.MxArray) => mx.sum(mx.exp(mx.multiply(a, 2, { stream: s2 }), { stream: s2 }), { stream: s2 });
    const x = mx.array([0.1, 0.2], mx.float32);
    const g = mx.grad(f)(x);
    expect(g._node.stream).toBe(s2);
    expectClose(g.dataSync(), [0.1, 0.2].map((t) => 2 * Math.exp(2 * t)), 1e-5);
    const [, t] = mx.jvp(f, [x], [mx.ones([2])]);
    expect(t[0]!._node.stream).toBe(s2);
  });

  test("mx.tree: map, flatten, unflatten", () => {
    const t = { a: mx.array([1]), b: [mx.array([2]), { c: mx.array([3]) }] };
    const flat = mx.tree.flatten(t);
    expect(flat.map(([k]) => k)).toEqual(["a", "b.0", "b.1.c"]);
    const back = mx.tree.unflatten(flat);
    expect(back.b[1].c.tolist()).toEqual([3]);
    const doubled = mx.tree.map((u: mx.MxArray, v: mx.MxArray) => mx.add(u, v), t, t);
    expect(doubled.b[0].tolist()).toEqual([4]);
    expect(mx.tree.leaves(t).length).toBe(3);
  });
});

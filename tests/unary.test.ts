/**
 * Unary family: every op against a float64 TypeScript reference (rounded to float32).
 * Bounds: exact ops (abs, negative, sign, square, floor, ceil, round) must match bit-for-bit
 * after rounding; sqrt/rsqrt/reciprocal rtol 1e-6; exp, sigmoid, tanh (vector polynomials),
 * log family, trig, erf rtol 2e-6 (a few ulp); erfinv rtol 1e-5 (its polynomial is ~3 ulp and
 * the reference is itself a Newton inversion).
 */
import { describe, expect, test } from "bun:test";
import { floatAtol, streamsFor, expectArray, expectClose, f32, mx, randomData, rng } from "./helpers.ts";

// ---- float64 references ----
function erfRef(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  // Maclaurin series; for |x| <= 6 the largest term is ~1e14, cancellation stays below 1e-9
  let sum = 0;
  let term = x;
  for (let n = 0; n < 400; n++) {
    const t = term / (2 * n + 1);
    sum += t;
    if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
function erfinvRef(y: number): number {
  if (Number.isNaN(y) || Math.abs(y) > 1) return NaN;
  if (Math.abs(y) === 1) return y * Infinity;
  let x = 0;
  for (let i = 0; i < 100; i++) {
    const dx = (erfRef(x) - y) / ((2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));
    x -= dx;
    if (Math.abs(dx) < 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}
function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
const sigmoidRef = (x: number) => 1 / (1 + Math.exp(-x));

type Case = { name: string; ref: (x: number) => number; lo: number; hi: number; rtol: number; atol?: number };
const FLOAT_CASES: Case[] = [
  { name: "abs", ref: Math.abs, lo: -5, hi: 5, rtol: 0 },
  { name: "negative", ref: (x) => -x, lo: -5, hi: 5, rtol: 0 },
  { name: "sign", ref: Math.sign, lo: -2, hi: 2, rtol: 0 },
  { name: "sqrt", ref: Math.sqrt, lo: 0, hi: 100, rtol: 1e-6 },
  { name: "rsqrt", ref: (x) => 1 / Math.sqrt(x), lo: 0.01, hi: 100, rtol: 1e-6 },
  { name: "square", ref: (x) => x * x, lo: -10, hi: 10, rtol: 1e-7 },
  { name: "reciprocal", ref: (x) => 1 / x, lo: 0.1, hi: 10, rtol: 1e-6 },
  { name: "exp", ref: Math.exp, lo: -80, hi: 80, rtol: 2e-6 },
  { name: "expm1", ref: Math.expm1, lo: -3, hi: 3, rtol: 2e-6, atol: 1e-12 },
  { name: "log", ref: Math.log, lo: 0.001, hi: 1000, rtol: 2e-6, atol: 1e-7 },
  { name: "log1p", ref: Math.log1p, lo: -0.9, hi: 10, rtol: 2e-6, atol: 1e-12 },
  { name: "log2", ref: Math.log2, lo: 0.001, hi: 1000, rtol: 2e-6, atol: 1e-7 },
  { name: "sin", ref: Math.sin, lo: -10, hi: 10, rtol: 2e-6, atol: 1e-7 },
  { name: "cos", ref: Math.cos, lo: -10, hi: 10, rtol: 2e-6, atol: 1e-7 },
  { name: "tan", ref: Math.tan, lo: -1.5, hi: 1.5, rtol: 2e-6, atol: 1e-7 },
  { name: "tanh", ref: Math.tanh, lo: -6, hi: 6, rtol: 2e-6, atol: 1e-12 },
  { name: "sigmoid", ref: sigmoidRef, lo: -30, hi: 30, rtol: 2e-6, atol: 1e-12 },
  { name: "erf", ref: erfRef, lo: -4, hi: 4, rtol: 2e-6, atol: 1e-12 },
  { name: "erfinv", ref: erfinvRef, lo: -0.999, hi: 0.999, rtol: 1e-5, atol: 1e-9 },
  { name: "floor", ref: Math.floor, lo: -10, hi: 10, rtol: 0 },
  { name: "ceil", ref: Math.ceil, lo: -10, hi: 10, rtol: 0 },
  { name: "round", ref: roundHalfEven, lo: -10, hi: 10, rtol: 0 },
];

const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-30, -1e-30, 3e38, -3e38, NaN, Infinity, -Infinity];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const op = (name: string): ((x: unknown, o?: unknown) => mx.MxArray) => (mx as any)[name];

describe.each(streamsFor("unary"))("unary on $name", ({ stream }) => {
  for (const c of FLOAT_CASES) {
    test(`${c.name} float32 vs reference (random, odd shapes)`, async () => {
      for (const shape of [[7, 13], [1], [2], [3], [5], [0, 4]]) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = randomData(n, c.lo, c.hi, 17 + n);
        const y = op(c.name)(mx.array(data, { shape }), { stream });
        const ref = Array.from(data, (v) => f32(c.ref(v)));
        await expectArray(y, shape, ref, { dtype: mx.float32, rtol: c.rtol, atol: c.atol ?? 0 });
      }
    });

    test(`${c.name} special values (NaN, ±inf, ±0, ties)`, async () => {
      const y = op(c.name)(mx.array(new Float32Array(SPECIAL)), { stream });
      const ref = SPECIAL.map((v) => f32(c.ref(f32(v))));
      expectClose(await y.data(), ref, Math.max(c.rtol, 1e-6), floatAtol(stream, c.atol ?? 0));
    });
  }

  test("sin, cos and tan of large arguments reduce exactly (|x| from 8192 to 3e38)", async () => {
    const r = rng(11);
    const xs = Array.from({ length: 200 }, (_, i) => f32((r() < 0.5 ? -1 : 1) * 8192 * Math.pow(2, (i / 200) * 114)));
    for (const [name, ref] of [["sin", Math.sin], ["cos", Math.cos], ["tan", Math.tan]] as const) {
      const y = op(name)(mx.array(new Float32Array(xs)), { stream });
      // the reference reduces in float64 (exact for these |x|: Math.sin uses a full reduction)
      expectClose(await y.data(), xs.map((v) => f32(ref(v))), 2e-6, 2e-7);
    }
  });

  test("exp over its whole range, including overflow and subnormal results", async () => {
    const data = randomData(4001, -104, 89, 5);
    const y = mx.exp(mx.array(data), { stream });
    expectClose(await y.data(), Array.from(data, (v) => f32(Math.exp(v))), 2e-6, floatAtol(stream, 3e-45));
  });

  test("tanh and sigmoid are accurate near 0 and saturate", async () => {
    const xs = [1e-8, -1e-8, 1e-3, 0.6, 0.65, -0.63, 9, 50, -50, -90, 90];
    expectClose(await mx.tanh(mx.array(new Float32Array(xs)), { stream }).data(), xs.map((v) => f32(Math.tanh(f32(v)))), 2e-6, 0);
    expectClose(await mx.sigmoid(mx.array(new Float32Array(xs)), { stream }).data(), xs.map((v) => f32(sigmoidRef(f32(v)))), 2e-6, floatAtol(stream, 1e-44));
  });

  test("float-only math on int32, uint8 and bool promotes to float32", async () => {
    const xi = mx.array([1, 4, 9, 16], { dtype: mx.int32 });
    await expectArray(mx.sqrt(xi, { stream }), [4], [1, 2, 3, 4], { dtype: mx.float32 });
    await expectArray(mx.exp(mx.array([0, 1], { dtype: mx.uint8 }), { stream }), [2], [1, f32(Math.E)], { dtype: mx.float32 });
    await expectArray(mx.log(mx.array([true, false]), { stream }), [2], [0, -Infinity], { dtype: mx.float32 });
    await expectArray(mx.reciprocal(mx.array([2, 4]), { stream }), [2], [0.5, 0.25], { dtype: mx.float32 });
  });

  test("abs, negative, sign, square keep integer dtypes (wrapping like NumPy)", async () => {
    const vals = [-7, 0, 3, -2147483648, 2147483647, 46341];
    const xi = mx.array(new Int32Array(vals));
    await expectArray(mx.abs(xi, { stream }), [6], [7, 0, 3, -2147483648, 2147483647, 46341], { dtype: mx.int32 });
    await expectArray(mx.negative(xi, { stream }), [6], [7, 0, -3, -2147483648, -2147483647, -46341], { dtype: mx.int32 });
    await expectArray(mx.sign(xi, { stream }), [6], [-1, 0, 1, -1, 1, 1], { dtype: mx.int32 });
    await expectArray(mx.square(xi, { stream }), [6], vals.map((v) => Math.imul(v, v)), { dtype: mx.int32 });
    const xu = mx.array(new Uint8Array([0, 1, 16, 255]));
    await expectArray(mx.abs(xu, { stream }), [4], [0, 1, 16, 255], { dtype: mx.uint8 });
    await expectArray(mx.negative(xu, { stream }), [4], [0, 255, 240, 1], { dtype: mx.uint8 });
    await expectArray(mx.square(xu, { stream }), [4], [0, 1, 0, 1], { dtype: mx.uint8 });
    await expectArray(mx.sign(xu, { stream }), [4], [0, 1, 1, 1], { dtype: mx.uint8 });
    const xw = mx.array(new Uint32Array([0, 3, 4294967295]));
    await expectArray(mx.negative(xw, { stream }), [3], [0, 4294967293, 1], { dtype: mx.uint32 });
    await expectArray(mx.sign(xw, { stream }), [3], [0, 1, 1], { dtype: mx.uint32 });
    await expectArray(mx.abs(xw, { stream }), [3], [0, 3, 4294967295], { dtype: mx.uint32 });
    const xb = mx.array([true, false]);
    await expectArray(mx.square(xb, { stream }), [2], [1, 0], { dtype: mx.bool });
    await expectArray(mx.abs(xb, { stream }), [2], [1, 0], { dtype: mx.bool });
  });

  test("abs/negative/square of int32 with odd lengths (SIMD body and tail)", async () => {
    const r = rng(3);
    for (const n of [1, 4, 5, 11, 33]) {
      const vals = Array.from({ length: n }, () => Math.floor(r() * 2001) - 1000);
      const x = mx.array(new Int32Array(vals));
      await expectArray(mx.abs(x, { stream }), [n], vals.map(Math.abs), { dtype: mx.int32 });
      await expectArray(mx.negative(x, { stream }), [n], vals.map((v) => -v), { dtype: mx.int32 });
      await expectArray(mx.square(x, { stream }), [n], vals.map((v) => v * v), { dtype: mx.int32 });
    }
  });

  test("floor, ceil, round are the identity on integers", async () => {
    const xi = mx.array([-3, 0, 5]);
    for (const f of [mx.floor, mx.ceil, mx.round]) await expectArray(f(xi, { stream }), [3], [-3, 0, 5], { dtype: mx.int32 });
    await expectArray(mx.floor(mx.array(new Uint8Array([7])), { stream }), [1], [7], { dtype: mx.uint8 });
  });

  test("round is half-to-even and supports decimals", async () => {
    const y = mx.round(mx.array([0.5, 1.5, 2.5, -0.5, -1.5, 3.49]), { stream });
    await expectArray(y, [6], [0, 2, 2, -0, -2, 3], { dtype: mx.float32 });
    const d = mx.round(mx.array([1.234, -5.678, 10.0]), 2, { stream });
    await expectArray(d, [3], [1.23, -5.68, 10], { dtype: mx.float32, rtol: 1e-6 });
    const neg = mx.round(mx.array([15, 25, 149, -151]), -1, { stream });
    await expectArray(neg, [4], [20, 20, 150, -150], { dtype: mx.int32 });
    await expectArray(mx.array([1.25, 2.75]).round(1), [2], [1.2, 2.8], { rtol: 1e-6 });
    expect(() => mx.round(mx.array([1]), 0.5)).toThrow(/\[round\]/);
  });

  test("logicalNot, isnan, isinf, isfinite give bool for every dtype", async () => {
    const xf = mx.array(new Float32Array([0, -0, 1, NaN, Infinity, -Infinity, -2]));
    await expectArray(mx.logicalNot(xf, { stream }), [7], [1, 1, 0, 0, 0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.isnan(xf, { stream }), [7], [0, 0, 0, 1, 0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.isinf(xf, { stream }), [7], [0, 0, 0, 0, 1, 1, 0], { dtype: mx.bool });
    await expectArray(mx.isfinite(xf, { stream }), [7], [1, 1, 1, 0, 0, 0, 1], { dtype: mx.bool });
    const xi = mx.array([0, 5, -1]);
    await expectArray(mx.logicalNot(xi, { stream }), [3], [1, 0, 0], { dtype: mx.bool });
    await expectArray(mx.isnan(xi, { stream }), [3], [0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.isinf(xi, { stream }), [3], [0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.isfinite(xi, { stream }), [3], [1, 1, 1], { dtype: mx.bool });
    const bits = Array.from({ length: 37 }, (_, i) => i % 3 === 0);
    await expectArray(mx.logicalNot(mx.array(bits), { stream }), [37], bits.map((b) => (b ? 0 : 1)), { dtype: mx.bool });
    await expectArray(mx.logicalNot(mx.array(new Uint8Array([0, 2, 255])), { stream }), [3], [1, 0, 0], { dtype: mx.bool });
    await expectArray(mx.logicalNot(mx.array(new Uint32Array([0, 7])), { stream }), [2], [1, 0], { dtype: mx.bool });
  });

  test("non-contiguous (transposed) inputs, scalars and JS inputs", async () => {
    const { x, data } = { x: mx.array(randomData(12, -2, 2, 9), { shape: [3, 4] }), data: randomData(12, -2, 2, 9) };
    const y = mx.exp(mx.transpose(x), { stream });
    const ref: number[] = [];
    for (let j = 0; j < 4; j++) for (let i = 0; i < 3; i++) ref.push(f32(Math.exp(data[i * 4 + j]!)));
    await expectArray(y, [4, 3], ref, { rtol: 2e-6 });
    const s = mx.sqrt(4, { stream });
    expect(s.shape).toEqual([]);
    expect(s.dtype).toBe(mx.float32);
    expect(await s.itemAsync()).toBe(2);
    await expectArray(mx.abs([[-1, 2], [3, -4]], { stream }), [2, 2], [1, 2, 3, 4], { dtype: mx.int32 });
    await expectArray(mx.negative(new Float32Array([1, -2]), { stream }), [2], [-1, 2], { dtype: mx.float32 });
  });

  test("methods on MxArray", async () => {
    const x = mx.array([1, 4]);
    await expectArray(x.sqrt(), [2], [1, 2], { dtype: mx.float32 });
    await expectArray(x.neg(), [2], [-1, -4], { dtype: mx.int32 });
    await expectArray(x.negative().abs().square(), [2], [1, 16], { dtype: mx.int32 });
    await expectArray(mx.array([0.25]).log2().exp().floor(), [1], [0]);
    await expectArray(mx.array([0]).sigmoid(), [1], [0.5]);
    await expectArray(mx.array([0, 1]).logicalNot(), [2], [1, 0], { dtype: mx.bool });
  });

  test("errors", () => {
    expect(() => mx.negative(mx.array([true]))).toThrow(/\[negative\].*bool/);
    expect(() => mx.exp(null as never)).toThrow(/\[exp\]/);
    expect(() => mx.abs([[1, 2], [3]])).toThrow(/\[abs\]/);
  });
});

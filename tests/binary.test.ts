/**
 * Binary family: every op against a float64 TypeScript reference with NumPy broadcasting
 * (rounded to float32; integer references wrap like int32/uint32/uint8). Bounds: + - * / and
 * comparisons are exact; power and logaddexp rtol 2e-6.
 */
import { describe, expect, test } from "bun:test";
import { floatAtol, streamsFor, expectArray, expectClose, f32, mx, randomData, rng, strides } from "./helpers.ts";

// ---- references ----
function bshape(a: number[], b: number[]): number[] {
  const nd = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < nd; i++) {
    const da = a[a.length - nd + i] ?? 1;
    const db = b[b.length - nd + i] ?? 1;
    out.push(da === 1 ? db : da);
  }
  return out;
}
/** Index into an array of `shape` broadcast to `out` for flat output index k. */
function srcIndex(k: number, out: number[], shape: number[]): number {
  const os = strides(out);
  const is = strides(shape);
  let idx = 0;
  for (let d = 0; d < out.length; d++) {
    const c = Math.floor(k / os[d]!) % out[d]!;
    const sd = d - (out.length - shape.length);
    if (sd >= 0 && shape[sd] !== 1) idx += c * is[sd]!;
  }
  return idx;
}
function refBinary(sa: number[], da: ArrayLike<number>, sb: number[], db: ArrayLike<number>, f: (a: number, b: number) => number) {
  const shape = bshape(sa, sb);
  const n = shape.reduce((p, d) => p * d, 1);
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(f(da[srcIndex(k, shape, sa)]!, db[srcIndex(k, shape, sb)]!));
  return { shape, out };
}
const floorDivF = (a: number, b: number) => Math.floor(f32(a / b));
const remF = (a: number, b: number) => {
  let r = a % b;
  if (r !== 0 && r < 0 !== b < 0) r += b;
  return r;
};
const floorDivI = (a: number, b: number) => (b === 0 ? 0 : Math.floor(a / b) | 0);
const remI = (a: number, b: number) => (b === 0 ? 0 : a - Math.floor(a / b) * b);
function logaddexpRef(a: number, b: number): number {
  if (a === b) return a + Math.LN2;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}
function ipow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 ? -1 : 1) : 0;
  let r = 1;
  for (let i = 0; i < b; i++) r = Math.imul(r, a);
  return r;
}

/** gpuAtol: extra absolute tolerance on the GPU (logaddexp near 0 cancels: max + log1p(exp(-d)) loses ~1 ulp of 0.7). */
const FLOAT_OPS: { name: string; f: (a: number, b: number) => number; rtol: number; lo?: number; hi?: number; gpuAtol?: number }[] = [
  { name: "add", f: (a, b) => a + b, rtol: 0 },
  { name: "subtract", f: (a, b) => a - b, rtol: 0 },
  { name: "multiply", f: (a, b) => a * b, rtol: 0 },
  { name: "divide", f: (a, b) => a / b, rtol: 0 },
  { name: "power", f: Math.pow, rtol: 2e-6, lo: 0.1, hi: 3 },
  { name: "maximum", f: Math.max, rtol: 0 },
  { name: "minimum", f: Math.min, rtol: 0 },
  { name: "floorDivide", f: floorDivF, rtol: 0 },
  { name: "remainder", f: remF, rtol: 1e-6 },
  { name: "logaddexp", f: logaddexpRef, rtol: 2e-6, gpuAtol: 1.2e-7 },
  { name: "equal", f: (a, b) => +(a === b), rtol: 0 },
  { name: "notEqual", f: (a, b) => +(a !== b), rtol: 0 },
  { name: "less", f: (a, b) => +(a < b), rtol: 0 },
  { name: "lessEqual", f: (a, b) => +(a <= b), rtol: 0 },
  { name: "greater", f: (a, b) => +(a > b), rtol: 0 },
  { name: "greaterEqual", f: (a, b) => +(a >= b), rtol: 0 },
];
const CMP = new Set(["equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"]);

// shape pairs: same shape (SIMD), scalar/vector both ways, broadcast rows/cols, 0-size, rank 0
const SHAPES: [number[], number[]][] = [
  [[5, 37], [5, 37]],
  [[], [41]],
  [[41], []],
  [[3, 1, 5], [4, 1]],
  [[3, 37], [3, 1]],
  [[1, 37], [4, 37]],
  [[0, 3], [3]],
  [[2, 0], [1]],
  [[], []],
  [[1], [7]],
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const op = (name: string): ((a: unknown, b: unknown, o?: unknown) => mx.MxArray) => (mx as any)[name];

/** Random values with duplicates across a and b, so that equal/lessEqual see ties. */
function values(n: number, seed: number, lo = -4, hi = 4): Float32Array {
  const d = randomData(n, lo, hi, seed);
  for (let i = 0; i < n; i += 3) d[i] = Math.round(d[i]!);
  return d;
}

describe.each(streamsFor("binary"))("binary on $name", ({ stream }) => {
  for (const c of FLOAT_OPS) {
    test(`${c.name} float32 with broadcasting vs reference`, async () => {
      let seed = 1;
      for (const [sa, sb] of SHAPES) {
        const na = sa.reduce((p, d) => p * d, 1);
        const nb = sb.reduce((p, d) => p * d, 1);
        const da = values(na, seed++, c.lo ?? -4, c.hi ?? 4);
        const db = values(nb, seed++, c.lo ?? -4, c.hi ?? 4);
        if (c.name === "divide" || c.name === "floorDivide" || c.name === "remainder") {
          for (let i = 0; i < db.length; i++) if (db[i] === 0) db[i] = 1.5;
        }
        const y = op(c.name)(mx.array(da, { shape: sa }), mx.array(db, { shape: sb }), { stream });
        const ref = refBinary(sa, da, sb, db, c.f);
        await expectArray(y, ref.shape, ref.out.map(f32), { dtype: CMP.has(c.name) ? mx.bool : mx.float32, rtol: c.rtol, atol: floatAtol(stream, stream === mx.gpu ? (c.gpuAtol ?? 0) : 0) });
      }
    });
  }

  test("int32 arithmetic and comparisons with broadcasting (wrapping, Python signs)", async () => {
    const r = rng(7);
    const ops: [string, (a: number, b: number) => number][] = [
      ["add", (a, b) => (a + b) | 0], ["subtract", (a, b) => (a - b) | 0], ["multiply", Math.imul],
      ["maximum", Math.max], ["minimum", Math.min], ["floorDivide", floorDivI], ["remainder", remI],
      ["equal", (a, b) => +(a === b)], ["notEqual", (a, b) => +(a !== b)], ["less", (a, b) => +(a < b)],
      ["lessEqual", (a, b) => +(a <= b)], ["greater", (a, b) => +(a > b)], ["greaterEqual", (a, b) => +(a >= b)],
    ];
    for (const [sa, sb] of SHAPES) {
      const na = sa.reduce((p, d) => p * d, 1);
      const nb = sb.reduce((p, d) => p * d, 1);
      const da = Int32Array.from({ length: na }, () => Math.floor(r() * 41) - 20);
      const db = Int32Array.from({ length: nb }, () => Math.floor(r() * 41) - 20);
      for (const [name, f] of ops) {
        const y = op(name)(mx.array(da, { shape: sa }), mx.array(db, { shape: sb }), { stream });
        const ref = refBinary(sa, da, sb, db, f);
        await expectArray(y, ref.shape, ref.out, { dtype: CMP.has(name) ? mx.bool : mx.int32, rtol: 0, atol: 0 });
      }
    }
  });

  test("integer division and remainder by zero give 0; INT_MIN // -1 wraps", async () => {
    const a = mx.array(new Int32Array([7, -7, 0, -2147483648, -2147483648, 5]));
    const b = mx.array(new Int32Array([0, 0, 0, -1, 1, -1]));
    await expectArray(mx.floorDivide(a, b, { stream }), [6], [0, 0, 0, -2147483648, -2147483648, -5], { dtype: mx.int32 });
    await expectArray(mx.remainder(a, b, { stream }), [6], [0, 0, 0, 0, 0, 0], { dtype: mx.int32 });
    const u = mx.array(new Uint8Array([9, 200, 7]));
    await expectArray(mx.floorDivide(u, mx.array(new Uint8Array([0, 7, 2])), { stream }), [3], [0, 28, 3], { dtype: mx.uint8 });
    await expectArray(mx.remainder(u, mx.array(new Uint8Array([0, 7, 2])), { stream }), [3], [0, 4, 1], { dtype: mx.uint8 });
    await expectArray(mx.remainder(mx.array(new Uint32Array([4000000000, 5])), mx.array(new Uint32Array([7, 0])), { stream }), [2], [4000000000 % 7, 0], { dtype: mx.uint32 });
    await expectArray(mx.floorDivide(mx.array(new Uint32Array([4000000000])), 3, { stream }), [1], [1333333333], { dtype: mx.uint32 });
    // floats: division by zero follows IEEE
    await expectArray(mx.floorDivide(mx.array(new Float32Array([1, -1])), 0, { stream }), [2], [Infinity, -Infinity]);
    await expectArray(mx.remainder(mx.array([1.5, -1.5]), 0.0, { stream }), [2], [NaN, NaN]);
  });

  test("integer power (negative exponents follow trunc(a^b))", async () => {
    const a = [2, -3, 5, 1, -1, -1, 2, 0, 7];
    const b = [10, 3, 0, -5, -3, -2, -1, 0, 12];
    const y = mx.power(mx.array(new Int32Array(a)), mx.array(new Int32Array(b)), { stream });
    await expectArray(y, [9], a.map((v, i) => ipow(v, b[i]!)), { dtype: mx.int32 });
    await expectArray(mx.power(mx.array(new Uint8Array([2, 3])), 4, { stream }), [2], [16, 81], { dtype: mx.uint8 });
    await expectArray(mx.power(mx.array(new Uint32Array([3, 65536])), 2, { stream }), [2], [9, 0], { dtype: mx.uint32 });
    await expectArray(mx.power(mx.array([2, 3]), 0.5, { stream }), [2], [Math.SQRT2, Math.sqrt(3)].map(f32), { dtype: mx.float32, rtol: 2e-6 });
    await expectArray(mx.power(mx.array([-8.0]), 1 / 3, { stream }), [1], [NaN]);
  });

  test("uint32 and uint8 compare and min/max as unsigned", async () => {
    const big = [0, 1, 2147483648, 4294967295, 3000000000, 5, 7, 9, 2147483647, 100, 4294967294, 3, 8, 6, 1, 2, 4000000000];
    const small = big.map((_, i) => (i * 2654435761) % 4294967296);
    const a = mx.array(new Uint32Array(big));
    const b = mx.array(new Uint32Array(small));
    const n = big.length;
    await expectArray(mx.less(a, b, { stream }), [n], big.map((v, i) => +(v < small[i]!)), { dtype: mx.bool });
    await expectArray(mx.greaterEqual(a, 3000000000, { stream }), [n], big.map((v) => +(v >= 3000000000)), { dtype: mx.bool });
    await expectArray(mx.maximum(a, b, { stream }), [n], big.map((v, i) => Math.max(v, small[i]!)), { dtype: mx.uint32 });
    await expectArray(mx.minimum(a, b, { stream }), [n], big.map((v, i) => Math.min(v, small[i]!)), { dtype: mx.uint32 });
    await expectArray(mx.add(a, 1, { stream }), [n], big.map((v) => (v + 1) >>> 0), { dtype: mx.uint32 });
    const u8 = Array.from({ length: 35 }, (_, i) => (i * 37) % 256);
    const x = mx.array(new Uint8Array(u8));
    await expectArray(mx.greater(x, 128, { stream }), [35], u8.map((v) => +(v > 128)), { dtype: mx.bool });
    await expectArray(mx.lessEqual(100, x, { stream }), [35], u8.map((v) => +(100 <= v)), { dtype: mx.bool });
    await expectArray(mx.maximum(x, 200, { stream }), [35], u8.map((v) => Math.max(v, 200)), { dtype: mx.uint8 });
    await expectArray(mx.multiply(x, 3, { stream }), [35], u8.map((v) => (v * 3) & 255), { dtype: mx.uint8 });
    await expectArray(mx.subtract(x, 2, { stream }), [35], u8.map((v) => (v - 2) & 255), { dtype: mx.uint8 });
  });

  test("dtype results follow MLX promotion", async () => {
    const i = mx.array([1, 2, 3]);
    expect(mx.divide(i, mx.array([2, 2, 2]), { stream }).dtype).toBe(mx.float32);
    await expectArray(mx.divide(i, 2, { stream }), [3], [0.5, 1, 1.5], { dtype: mx.float32 });
    expect(mx.less(i, 2, { stream }).dtype).toBe(mx.bool);
    await expectArray(mx.add(i, 0.5, { stream }), [3], [1.5, 2.5, 3.5], { dtype: mx.float32 });
    const u = mx.array(new Uint8Array([255, 1]));
    await expectArray(mx.add(u, 1, { stream }), [2], [0, 2], { dtype: mx.uint8 });
    expect(mx.add(u, i.reshape([3, 1]), { stream }).dtype).toBe(mx.int32);
    expect(mx.add(i, mx.array([1.5]), { stream }).dtype).toBe(mx.float32);
    expect(mx.add(mx.array(new Uint32Array([1])), mx.array(new Uint8Array([1])), { stream }).dtype).toBe(mx.uint32);
    expect(mx.logaddexp(i, i, { stream }).dtype).toBe(mx.float32);
    expect(mx.maximum(1, 2.5, { stream }).dtype).toBe(mx.float32);
    await expectArray(mx.add(1, 2, { stream }), [], [3], { dtype: mx.int32 });
  });

  test("bool arithmetic: add/maximum are or, multiply/minimum are and; others promote", async () => {
    const a = mx.array([true, true, false, false]);
    const b = mx.array([true, false, true, false]);
    await expectArray(mx.add(a, b, { stream }), [4], [1, 1, 1, 0], { dtype: mx.bool });
    await expectArray(mx.maximum(a, b, { stream }), [4], [1, 1, 1, 0], { dtype: mx.bool });
    await expectArray(mx.multiply(a, b, { stream }), [4], [1, 0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.minimum(a, b, { stream }), [4], [1, 0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.add(a, 1, { stream }), [4], [2, 2, 1, 1], { dtype: mx.int32 });
    await expectArray(mx.divide(a, 2, { stream }), [4], [0.5, 0.5, 0, 0], { dtype: mx.float32 });
    await expectArray(mx.power(a, b, { stream }), [4], [1, 1, 0, 1], { dtype: mx.int32 });
    await expectArray(mx.equal(a, b, { stream }), [4], [1, 0, 0, 1], { dtype: mx.bool });
    await expectArray(mx.less(a, b, { stream }), [4], [0, 0, 1, 0], { dtype: mx.bool });
    expect(() => mx.subtract(a, b)).toThrow(/\[subtract\].*bool/);
  });

  test("logicalAnd / logicalOr cast to bool and broadcast", async () => {
    const a = mx.array([[0, 1, 2]]);
    const b = mx.array([[0.0], [0.5]]);
    await expectArray(mx.logicalAnd(a, b, { stream }), [2, 3], [0, 0, 0, 0, 1, 1], { dtype: mx.bool });
    await expectArray(mx.logicalOr(a, b, { stream }), [2, 3], [0, 1, 1, 1, 1, 1], { dtype: mx.bool });
    const bits = Array.from({ length: 40 }, (_, i) => i % 3 === 0);
    const bits2 = Array.from({ length: 40 }, (_, i) => i % 2 === 0);
    await expectArray(mx.logicalAnd(bits, bits2, { stream }), [40], bits.map((v, i) => +(v && bits2[i]!)), { dtype: mx.bool });
    await expectArray(mx.logicalOr(mx.array(bits), true, { stream }), [40], bits.map(() => 1), { dtype: mx.bool });
    await expectArray(mx.logicalAnd(NaN, 1, { stream }), [], [1], { dtype: mx.bool });
  });

  test("NaN and Inf propagation", async () => {
    const a = mx.array(new Float32Array([NaN, 1, NaN, Infinity, -Infinity, Infinity, 0]));
    const b = mx.array(new Float32Array([1, NaN, NaN, -Infinity, -Infinity, Infinity, -0]));
    await expectArray(mx.maximum(a, b, { stream }), [7], [NaN, NaN, NaN, Infinity, -Infinity, Infinity, 0]);
    await expectArray(mx.minimum(a, b, { stream }), [7], [NaN, NaN, NaN, -Infinity, -Infinity, Infinity, -0]);
    await expectArray(mx.add(a, b, { stream }), [7], [NaN, NaN, NaN, NaN, -Infinity, Infinity, 0]);
    await expectArray(mx.equal(a, b, { stream }), [7], [0, 0, 0, 0, 1, 1, 1], { dtype: mx.bool });
    await expectArray(mx.notEqual(a, b, { stream }), [7], [1, 1, 1, 1, 0, 0, 0], { dtype: mx.bool });
    await expectArray(mx.lessEqual(a, b, { stream }), [7], [0, 0, 0, 0, 1, 1, 1], { dtype: mx.bool });
    await expectArray(mx.logaddexp(a, b, { stream }), [7], [NaN, NaN, NaN, Infinity, -Infinity, Infinity, f32(Math.LN2)]);
    // NaN in the SIMD body (not only the tail)
    const v = new Float32Array(24).fill(2);
    v[5] = NaN;
    expect(Number.isNaN((await mx.maximum(mx.array(v), 1, { stream }).data())[5]!)).toBe(true);
    expect(Number.isNaN((await mx.minimum(1, mx.array(v), { stream }).data())[5]!)).toBe(true);
  });

  test("logaddexp is stable for large and very different inputs", async () => {
    const a = [1000, -1000, 0, 88, 20, -Infinity];
    const b = [1000, -1000, -Infinity, 90, -30, 3];
    await expectArray(mx.logaddexp(mx.array(new Float32Array(a)), mx.array(new Float32Array(b)), { stream }), [6], a.map((v, i) => f32(logaddexpRef(v, b[i]!))), { rtol: 2e-6 });
  });

  test("non-contiguous (transposed) operands", async () => {
    const da = randomData(12, -3, 3, 21);
    const db = randomData(12, -3, 3, 22);
    const a = mx.transpose(mx.array(da, { shape: [3, 4] })); // [4,3]
    const b = mx.array(db, { shape: [4, 3] });
    const ref: number[] = [];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) ref.push(f32(da[j * 4 + i]! * db[i * 3 + j]!));
    await expectArray(mx.multiply(a, b, { stream }), [4, 3], ref);
    const c = mx.transpose(mx.array(db, { shape: [4, 3] }));
    const ref2: number[] = [];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 4; j++) ref2.push(+(da[i * 4 + j]! < db[j * 3 + i]!));
    await expectArray(mx.less(mx.array(da, { shape: [3, 4] }), c, { stream }), [3, 4], ref2, { dtype: mx.bool });
  });

  test("where broadcasts cond, x, y and promotes x with y", async () => {
    const cond = mx.array([[true], [false], [true]]);
    const x = mx.array([[1, 2, 3, 4]]);
    const y = mx.where(cond, x, -1.5, { stream });
    await expectArray(y, [3, 4], [1, 2, 3, 4, -1.5, -1.5, -1.5, -1.5, 1, 2, 3, 4], { dtype: mx.float32 });
    const yi = mx.where(mx.array([1, 0, 2]), mx.array([1, 2, 3]), 0, { stream });
    await expectArray(yi, [3], [1, 0, 3], { dtype: mx.int32 });
    const yb = mx.where(mx.array([true, false]), mx.array([true, true]), mx.array([false, false]), { stream });
    await expectArray(yb, [2], [1, 0], { dtype: mx.bool });
    const yu = mx.where(mx.array([false, true]), mx.array(new Uint8Array([5, 6])), mx.array(new Uint8Array([7, 8])), { stream });
    await expectArray(yu, [2], [7, 6], { dtype: mx.uint8 });
    const yt = mx.where(mx.transpose(mx.array([[true, false], [false, false]])), 1, 0, { stream });
    await expectArray(yt, [2, 2], [1, 0, 0, 0], { dtype: mx.int32 });
    await expectArray(mx.where(mx.zeros([0, 2]), 1, 2, { stream }), [0, 2], []);
    expect(() => mx.where(mx.array([true, false]), mx.zeros([3]), 0)).toThrow(/\[where\].*\(2\).*\(3\)/);
  });

  test("clip with one or both bounds", async () => {
    const x = mx.array([-3, 0.5, 7]);
    await expectArray(mx.clip(x, 0, 1, { stream }), [3], [0, 0.5, 1]);
    await expectArray(mx.clip(x, null, 1, { stream }), [3], [-3, 0.5, 1]);
    await expectArray(mx.clip(x, 0, null, { stream }), [3], [0, 0.5, 7]);
    await expectArray(mx.clip(mx.array([-5, 5, 50]), mx.array([0, 10, 0]), 20, { stream }), [3], [0, 10, 20], { dtype: mx.int32 });
    await expectArray(x.clip(-1, 1), [3], [-1, 0.5, 1]);
    expect(() => mx.clip(x, null, null)).toThrow(/\[clip\]/);
  });

  test("eye records equal on (n,1) and (m) shapes", async () => {
    await expectArray(mx.eye(3, 4, { k: -1 }), [3, 4], [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]);
  });

  test("JS inputs, methods and aliases", async () => {
    await expectArray(mx.add([1, 2], [[10], [20]], { stream }), [2, 2], [11, 12, 21, 22], { dtype: mx.int32 });
    await expectArray(mx.multiply(new Float32Array([1, 2]), 3, { stream }), [2], [3, 6], { dtype: mx.float32 });
    const x = mx.array([1, 2, 3]);
    await expectArray(x.add(1).mul(2).sub(1).div(2), [3], [1.5, 2.5, 3.5], { dtype: mx.float32 });
    await expectArray(x.pow(2), [3], [1, 4, 9], { dtype: mx.int32 });
    await expectArray(x.mod(2), [3], [1, 0, 1], { dtype: mx.int32 });
    await expectArray(x.floorDivide(2), [3], [0, 1, 1], { dtype: mx.int32 });
    await expectArray(x.eq(2), [3], [0, 1, 0], { dtype: mx.bool });
    await expectArray(x.ne(2), [3], [1, 0, 1], { dtype: mx.bool });
    await expectArray(x.lt(2), [3], [1, 0, 0], { dtype: mx.bool });
    await expectArray(x.le(2), [3], [1, 1, 0], { dtype: mx.bool });
    await expectArray(x.gt(2), [3], [0, 0, 1], { dtype: mx.bool });
    await expectArray(x.ge(2), [3], [0, 1, 1], { dtype: mx.bool });
    await expectArray(x.maximum(2).minimum(2.5), [3], [2, 2, 2.5], { dtype: mx.float32 });
    await expectArray(x.equal(x).logicalAnd(x.greater(1)).logicalOr(x.less(0)), [3], [0, 1, 1], { dtype: mx.bool });
    await expectArray(x.subtract(1).multiply(2).divide(4).power(2).remainder(1), [3], [0, 0.25, 0]);
    await expectArray(x.logaddexp(x), [3], [1, 2, 3].map((v) => f32(v + Math.LN2)), { rtol: 2e-6 });
  });

  test("errors name the op and the shapes", () => {
    expect(() => mx.add(mx.zeros([2, 3]), mx.zeros([4, 5]))).toThrow(/\[add\].*\(2,3\).*\(4,5\)/);
    expect(() => mx.less(mx.zeros([3]), mx.zeros([4]))).toThrow(/\[less\].*\(3\).*\(4\)/);
    expect(() => mx.multiply(mx.zeros([2, 1]), null as never)).toThrow(/\[multiply\]/);
    expect(() => mx.divide([[1], [2, 3]], 1)).toThrow(/\[divide\]/);
  });

  test("large arrays across many rows (descriptor walk)", async () => {
    const sa = [6, 5, 1, 9];
    const sb = [5, 7, 1];
    const da = randomData(270, -1, 1, 31);
    const db = randomData(35, -1, 1, 32);
    const y = mx.subtract(mx.array(da, { shape: sa }), mx.array(db, { shape: sb }), { stream });
    const ref = refBinary(sa, da, sb, db, (a, b) => a - b);
    await expectArray(y, ref.shape, ref.out.map(f32), { rtol: 0, atol: 0 });
    expectClose(await mx.greater(mx.array(da, { shape: sa }), mx.array(db, { shape: sb }), { stream }).data(), refBinary(sa, da, sb, db, (a, b) => +(a > b)).out, 0, 0);
  });
});

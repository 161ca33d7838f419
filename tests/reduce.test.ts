import { describe, expect, test } from "bun:test";
import { mx, streamsFor, expectClose, randomArray, rng } from "./helpers.ts";

type Fn = (v: number[]) => number;

/** Float64 reference reduction of row-major `data` of `shape` over `axes`. */
function refReduce(data: ArrayLike<number>, shape: number[], axes: number[], keepdims: boolean, fn: Fn): { shape: number[]; data: number[] } {
  const nd = shape.length;
  const outShape: number[] = [];
  for (let i = 0; i < nd; i++) {
    if (!axes.includes(i)) outShape.push(shape[i]!);
    else if (keepdims) outShape.push(1);
  }
  const keptDims = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outSize = keptDims.reduce((a, b) => a * b, 1);
  const groups: number[][] = Array.from({ length: outSize }, () => []);
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(nd).fill(0);
  for (let f = 0; f < n; f++) {
    let o = 0;
    for (let d = 0; d < nd; d++) o = o * keptDims[d]! + (axes.includes(d) ? 0 : idx[d]!);
    groups[o]!.push(data[f]!);
    for (let d = nd - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return { shape: outShape, data: groups.map(fn) };
}

const rsum: Fn = (v) => v.reduce((a, b) => a + b, 0);
const rprod: Fn = (v) => v.reduce((a, b) => a * b, 1);
const rmax: Fn = (v) => (v.some(Number.isNaN) ? NaN : Math.max(...v));
const rmin: Fn = (v) => (v.some(Number.isNaN) ? NaN : Math.min(...v));
const rall: Fn = (v) => (v.every((x) => x !== 0) ? 1 : 0);
const rany: Fn = (v) => (v.some((x) => x !== 0) ? 1 : 0);
const rargmax: Fn = (v) => {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (!Number.isNaN(v[b]!) && (v[i]! > v[b]! || Number.isNaN(v[i]!))) b = i;
  return b;
};
const rargmin: Fn = (v) => {
  let b = 0;
  for (let i = 1; i < v.length; i++) if (!Number.isNaN(v[b]!) && (v[i]! < v[b]! || Number.isNaN(v[i]!))) b = i;
  return b;
};
const rmean: Fn = (v) => rsum(v) / v.length;
const rvar = (ddof: number): Fn => (v) => {
  const m = rmean(v);
  return v.reduce((a, x) => a + (x - m) ** 2, 0) / (v.length - ddof);
};
const rlse: Fn = (v) => {
  const m = Math.max(...v);
  if (!Number.isFinite(m)) return m === -Infinity ? -Infinity : m;
  return m + Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0));
};

/** Every subset of [0, nd). */
function subsets(nd: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << nd; m++) out.push([...Array(nd).keys()].filter((i) => m & (1 << i)));
  return out;
}

const SHAPES: number[][] = [[], [7], [3, 5], [2, 37, 19], [3, 4, 5, 6], [2, 1, 9, 20]];

async function check(y: mx.MxArray, ref: { shape: number[]; data: number[] }, dtype: mx.DType, rtol = 1e-5, atol = 1e-6) {
  expect(y.shape).toEqual(ref.shape);
  expect(y.dtype).toBe(dtype);
  expectClose(await y.data(), ref.data, rtol, atol);
}

describe.each(streamsFor("reduce"))("reduce ($name)", ({ stream }) => {
  test("sum/prod/max/min/all/any over every axis subset, keepdims, negative axes", async () => {
    let seed = 10;
    for (const shape of SHAPES) {
      const { x, data } = randomArray(shape, -1, 1, seed++);
      const pos = randomArray(shape, 0.7, 1.3, seed++);
      const flags = mx.array(Uint8Array.from(data, (v) => (v > -0.9 ? 1 : 0)), { shape }).astype(mx.bool);
      const flagData = Array.from(data, (v) => (v > -0.9 ? 1 : 0));
      for (const axes of subsets(shape.length)) {
        for (const keepdims of [false, true]) {
          const neg = axes.map((a) => (a % 2 === 0 ? a - shape.length : a));
          const o = { axis: neg, keepdims, stream };
          await check(mx.sum(x, o), refReduce(data, shape, axes, keepdims, rsum), mx.float32, 1e-5, 1e-5);
          await check(mx.prod(pos.x, o), refReduce(pos.data, shape, axes, keepdims, rprod), mx.float32, 1e-5, 1e-6);
          await check(mx.max(x, o), refReduce(data, shape, axes, keepdims, rmax), mx.float32, 0, 0);
          await check(mx.min(x, o), refReduce(data, shape, axes, keepdims, rmin), mx.float32, 0, 0);
          await check(mx.all(flags, o), refReduce(flagData, shape, axes, keepdims, rall), mx.bool, 0, 0);
          await check(mx.any(flags, o), refReduce(flagData, shape, axes, keepdims, rany), mx.bool, 0, 0);
        }
      }
    }
  }, 60_000); // ~560 GPU readbacks: seconds on SwiftShader

  test("argmax/argmin over every axis, flattened, keepdims", async () => {
    let seed = 50;
    for (const shape of SHAPES.filter((s) => s.length > 0)) {
      // few distinct values so ties are common
      const r = rng(seed++);
      const data = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.floor(r() * 5));
      const x = mx.array(data, { shape });
      for (let ax = -shape.length; ax < shape.length; ax++) {
        const a = ax < 0 ? ax + shape.length : ax;
        for (const keepdims of [false, true]) {
          await check(mx.argmax(x, { axis: ax, keepdims, stream }), refReduce(data, shape, [a], keepdims, rargmax), mx.uint32, 0, 0);
          await check(mx.argmin(x, ax, { keepdims, stream }), refReduce(data, shape, [a], keepdims, rargmin), mx.uint32, 0, 0);
        }
      }
      await check(mx.argmax(x, { stream }), refReduce(data, [data.length], [0], false, rargmax), mx.uint32, 0, 0);
      const k = mx.argmin(x, { keepdims: true, stream });
      expect(k.shape).toEqual(shape.map(() => 1));
      expect(Array.from(await k.data())).toEqual([rargmin(Array.from(data))]);
    }
  });

  test("ties return the first index, also across SIMD lanes", async () => {
    const row = new Float32Array(23).fill(0);
    // equal extremes in different SIMD lanes (i % 4) and in the scalar tail
    row[13] = 5;
    row[6] = 5;
    row[11] = 5;
    row[19] = -3;
    row[8] = -3;
    row[22] = -3;
    const x = mx.array(row);
    expect(await mx.argmax(x, { stream }).itemAsync()).toBe(6);
    expect(await mx.argmin(x, { stream }).itemAsync()).toBe(8);
    const xi = mx.array(Int32Array.from(row));
    expect(await mx.argmax(xi, { stream }).itemAsync()).toBe(6);
    expect(await mx.argmin(xi, { stream }).itemAsync()).toBe(8);
    expect(await mx.argmax(mx.zeros([17]), { stream }).itemAsync()).toBe(0);
    // columns: ties in every column
    const c = mx.array([[1, 2, 2], [1, 2, 1], [0, 1, 2]]);
    expect(await mx.argmax(c, 0, { stream }).tolistAsync()).toEqual([0, 0, 0]);
    expect(await mx.argmin(c, 0, { stream }).tolistAsync()).toEqual([2, 2, 1]);
    const ci = mx.array(new Int32Array(40).fill(7), { shape: [5, 8] });
    expect(await mx.argmin(ci, 0, { stream }).tolistAsync()).toEqual(new Array(8).fill(0));
  });

  test("NaN and Inf propagate in max/min/sum; argmax/argmin pick the first NaN", async () => {
    for (const n of [5, 37]) {
      const d = new Float32Array(n).map((_, i) => i - 3);
      d[n - 2] = NaN;
      d[n - 1] = NaN;
      const x = mx.array(d);
      expect(Number.isNaN((await mx.max(x, { stream }).itemAsync()) as number)).toBe(true);
      expect(Number.isNaN((await mx.min(x, { stream }).itemAsync()) as number)).toBe(true);
      expect(Number.isNaN((await mx.sum(x, { stream }).itemAsync()) as number)).toBe(true);
      expect(await mx.argmax(x, { stream }).itemAsync()).toBe(n - 2);
      expect(await mx.argmin(x, { stream }).itemAsync()).toBe(n - 2);
    }
    // NaN in one column of a column reduction
    const c = mx.array([[1, 2, 3, 4, 5], [NaN, 0, 3, 9, -Infinity], [2, NaN, 1, Infinity, 0]]);
    expectClose(await mx.max(c, 0, { stream }).data(), [NaN, NaN, 3, Infinity, 5]);
    expectClose(await mx.min(c, 0, { stream }).data(), [NaN, NaN, 1, 4, -Infinity]);
    expect(await mx.argmax(c, 0, { stream }).tolistAsync()).toEqual([1, 2, 0, 2, 0]);
    expect(await mx.argmin(c, 0, { stream }).tolistAsync()).toEqual([1, 2, 2, 0, 1]);
    expect(await mx.sum(mx.array([Infinity, 1, 2]), { stream }).itemAsync()).toBe(Infinity);
    expect(Number.isNaN((await mx.sum(mx.array([Infinity, -Infinity]), { stream }).itemAsync()) as number)).toBe(true);
    // all/any of floats: NaN is non-zero, -0 is zero
    expect(await mx.all(mx.array([NaN, 1, -1]), { stream }).itemAsync()).toBe(true);
    expect(await mx.any(mx.array([-0, 0]), { stream }).itemAsync()).toBe(false);
  });

  test("integer dtypes and their output dtypes", async () => {
    const r = rng(7);
    const shape = [6, 21];
    const ints = Int32Array.from({ length: 126 }, () => Math.floor(r() * 101) - 50);
    const xi = mx.array(ints, { shape });
    for (const ax of [0, 1]) {
      await check(mx.sum(xi, ax, { stream }), refReduce(ints, shape, [ax], false, rsum), mx.int32, 0, 0);
      await check(mx.max(xi, ax, { stream }), refReduce(ints, shape, [ax], false, rmax), mx.int32, 0, 0);
      await check(mx.min(xi, ax, { stream }), refReduce(ints, shape, [ax], false, rmin), mx.int32, 0, 0);
      await check(mx.argmax(xi, ax, { stream }), refReduce(ints, shape, [ax], false, rargmax), mx.uint32, 0, 0);
      await check(mx.argmin(xi, ax, { stream }), refReduce(ints, shape, [ax], false, rargmin), mx.uint32, 0, 0);
    }
    const small = Int32Array.from({ length: 24 }, () => Math.floor(r() * 5) - 2);
    for (const ax of [0, 1]) {
      const ref = refReduce(small, [4, 6], [ax], false, rprod);
      await check(mx.prod(mx.array(small, { shape: [4, 6] }), ax, { stream }), ref, mx.int32, 0, 0);
    }
    // int32 sums wrap like MLX's int32
    expect(await mx.sum(mx.array(new Int32Array([2 ** 31 - 1, 1])), { stream }).itemAsync()).toBe(-(2 ** 31));
    // uint32 compares unsigned
    const u = mx.array(new Uint32Array([5, 3_000_000_000, 7, 4_000_000_000, 1, 2, 3, 4, 9, 10]), { shape: [2, 5] });
    expect(u.dtype).toBe(mx.uint32);
    expect(await mx.max(u, { stream }).itemAsync()).toBe(4_000_000_000);
    expect(await mx.min(u, 1, { stream }).tolistAsync()).toEqual([1, 2]);
    expect(await mx.max(u, 0, { stream }).tolistAsync()).toEqual([5, 3_000_000_000, 7, 4_000_000_000, 10]);
    expect(await mx.argmax(u, 1, { stream }).tolistAsync()).toEqual([3, 4]);
    expect(await mx.argmax(u, 0, { stream }).tolistAsync()).toEqual([0, 0, 0, 0, 1]);
    expect(await mx.argmin(u, 0, { stream }).tolistAsync()).toEqual([1, 1, 1, 1, 0]);
    expect(mx.sum(u, 1, { stream }).dtype).toBe(mx.uint32);
    expect(await mx.sum(mx.array(new Uint32Array([3_000_000_000, 1_000_000_000])), { stream }).itemAsync()).toBe(4_000_000_000);
    // uint8 -> uint32 sums, no overflow at 255; max keeps uint8
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256);
    const xb = mx.array(bytes, { shape: [3, 100] });
    await check(mx.sum(xb, { stream }), refReduce(bytes, [300], [0], false, rsum), mx.uint32, 0, 0);
    await check(mx.sum(xb, 1, { stream }), refReduce(bytes, [3, 100], [1], false, rsum), mx.uint32, 0, 0);
    await check(mx.sum(xb, 0, { stream }), refReduce(bytes, [3, 100], [0], false, rsum), mx.uint32, 0, 0);
    await check(mx.max(xb, 1, { stream }), refReduce(bytes, [3, 100], [1], false, rmax), mx.uint8, 0, 0);
    await check(mx.min(xb, 0, { stream }), refReduce(bytes, [3, 100], [0], false, rmin), mx.uint8, 0, 0);
    await check(mx.argmax(xb, 1, { stream }), refReduce(bytes, [3, 100], [1], false, rargmax), mx.uint32, 0, 0);
    await check(mx.prod(mx.array(new Uint8Array([200, 3, 2])), { stream }), { shape: [], data: [1200] }, mx.uint32, 0, 0);
    await check(mx.all(xb, 1, { stream }), refReduce(bytes, [3, 100], [1], false, rall), mx.bool, 0, 0);
    // bool -> int32 counts
    const bits = Uint8Array.from({ length: 70 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const xbool = mx.array(bits, { shape: [7, 10] }).astype(mx.bool);
    await check(mx.sum(xbool, { stream }), { shape: [], data: [rsum(Array.from(bits))] }, mx.int32, 0, 0);
    await check(mx.sum(xbool, 0, { stream }), refReduce(bits, [7, 10], [0], false, rsum), mx.int32, 0, 0);
    await check(mx.prod(xbool, 1, { stream }), refReduce(bits, [7, 10], [1], false, rprod), mx.int32, 0, 0);
    await check(mx.max(xbool, 1, { stream }), refReduce(bits, [7, 10], [1], false, rmax), mx.bool, 0, 0);
    await check(mx.argmax(xbool, 1, { stream }), refReduce(bits, [7, 10], [1], false, rargmax), mx.uint32, 0, 0);
    // several reduced segments (gathered first) on 1- and 4-byte dtypes
    const b3 = Uint8Array.from({ length: 60 }, (_, i) => (i * 7) % 5 === 0 ? 1 : 0);
    const i3 = Int32Array.from({ length: 60 }, (_, i) => ((i * 37) % 23) - 11);
    await check(mx.sum(mx.array(b3, { shape: [3, 4, 5] }).astype(mx.bool), [0, 2], { stream }), refReduce(b3, [3, 4, 5], [0, 2], false, rsum), mx.int32, 0, 0);
    await check(mx.max(mx.array(i3, { shape: [3, 4, 5] }), [0, 2], { stream }), refReduce(i3, [3, 4, 5], [0, 2], false, rmax), mx.int32, 0, 0);
    await check(mx.prod(mx.array(b3, { shape: [3, 4, 5] }), [0, 2], { keepdims: true, stream }), refReduce(b3, [3, 4, 5], [0, 2], true, rprod), mx.uint32, 0, 0);
    // all/any of int32 inputs
    await check(mx.any(mx.array([[0, 0], [0, 3]]), 1, { stream }), { shape: [2], data: [0, 1] }, mx.bool, 0, 0);
    await check(mx.all(mx.array([[1, -1], [0, 3]]), 1, { stream }), { shape: [2], data: [1, 0] }, mx.bool, 0, 0);
  });

  test("edge shapes: size 0, size 1, no axes, scalars", async () => {
    const e = mx.zeros([0, 3]);
    await check(mx.sum(e, 0, { stream }), { shape: [3], data: [0, 0, 0] }, mx.float32, 0, 0);
    await check(mx.prod(e, 0, { stream }), { shape: [3], data: [1, 1, 1] }, mx.float32, 0, 0);
    await check(mx.all(e, 0, { stream }), { shape: [3], data: [1, 1, 1] }, mx.bool, 0, 0);
    await check(mx.any(e, 0, { stream }), { shape: [3], data: [0, 0, 0] }, mx.bool, 0, 0);
    await check(mx.sum(e, { stream }), { shape: [], data: [0] }, mx.float32, 0, 0);
    await check(mx.sum(e, 1, { stream }), { shape: [0], data: [] }, mx.float32, 0, 0);
    await check(mx.max(e, 1, { stream }), { shape: [0], data: [] }, mx.float32, 0, 0);
    await check(mx.argmax(e, 1, { stream }), { shape: [0], data: [] }, mx.uint32, 0, 0);
    await check(mx.sum(mx.zeros([0], { dtype: mx.bool }), { stream }), { shape: [], data: [0] }, mx.int32, 0, 0);
    await check(mx.prod(mx.zeros([2, 0], { dtype: mx.uint8 }), 1, { stream }), { shape: [2], data: [1, 1] }, mx.uint32, 0, 0);
    // size 1 and axes of size 1
    await check(mx.max(mx.array([[4]]), { stream }), { shape: [], data: [4] }, mx.int32, 0, 0);
    await check(mx.sum(mx.array([[1, 2, 3]]), 0, { stream }), { shape: [3], data: [1, 2, 3] }, mx.int32, 0, 0);
    await check(mx.sum(mx.array([[true, false, true]]), 0, { stream }), { shape: [3], data: [1, 0, 1] }, mx.int32, 0, 0);
    await check(mx.argmax(mx.array([[1], [2]]), 1, { stream }), { shape: [2], data: [0, 0] }, mx.uint32, 0, 0);
    // empty axis list: values unchanged, dtype rule still applies
    await check(mx.sum(mx.array([true, false]), [], { stream }), { shape: [2], data: [1, 0] }, mx.int32, 0, 0);
    await check(mx.max(mx.array([1.5, 2]), { axis: [], stream }), { shape: [2], data: [1.5, 2] }, mx.float32, 0, 0);
    await check(mx.any(mx.array([0, 2]), [], { stream }), { shape: [2], data: [0, 1] }, mx.bool, 0, 0);
    // scalars
    await check(mx.sum(3.5, { stream }), { shape: [], data: [3.5] }, mx.float32, 0, 0);
    await check(mx.argmax(mx.array(2), { stream }), { shape: [], data: [0] }, mx.uint32, 0, 0);
    await check(mx.sum(mx.array([1, 2, 3]), { keepdims: true, stream }), { shape: [1], data: [6] }, mx.int32, 0, 0);
    // odd sizes
    const { x, data } = randomArray([7, 13], -1, 1, 3);
    for (const ax of [0, 1]) {
      await check(mx.sum(x, ax, { stream }), refReduce(data, [7, 13], [ax], false, rsum), mx.float32);
      await check(mx.max(x, ax, { stream }), refReduce(data, [7, 13], [ax], false, rmax), mx.float32, 0, 0);
      await check(mx.argmin(x, ax, { stream }), refReduce(data, [7, 13], [ax], false, rargmin), mx.uint32, 0, 0);
    }
  });

  test("float32 sums are accurate for long rows and columns", async () => {
    const n = 1_000_000;
    const { x, data } = randomArray([n], 0, 1, 99);
    const exact = rsum(Array.from(data));
    const got = (await mx.sum(x, { stream }).itemAsync()) as number;
    expect(Math.abs(got - exact) / exact).toBeLessThan(1e-6);
    const c = randomArray([100_000, 3], 0, 1, 98);
    const ref = refReduce(c.data, [100_000, 3], [0], false, rsum);
    const col = await mx.sum(c.x, 0, { stream }).data();
    for (let j = 0; j < 3; j++) expect(Math.abs(col[j]! - ref.data[j]!) / ref.data[j]!).toBeLessThan(1e-6);
    // column chunks of 1024 plus a tail (CPU); 2 chunked passes of one thread per column (GPU, smaller)
    const ws = stream === mx.gpu ? [3, 700, 1030] : [3, 2000, 1030];
    const wide = randomArray(ws, 0, 1, 97);
    const wref = refReduce(wide.data, ws, [1], false, rsum);
    expectClose(await mx.sum(wide.x, 1, { stream }).data(), wref.data, 1e-6, 0);
  });

  test("non-contiguous (transposed) inputs", async () => {
    const { x, data } = randomArray([4, 5, 6], -1, 1, 21);
    const t = mx.transpose(x, [2, 0, 1]);
    const tdata = await t.data();
    expect(t.shape).toEqual([6, 4, 5]);
    expect(tdata[1]).toBe(data[6]!); // t[0,0,1] = x[0,1,0]
    for (const axes of subsets(3)) {
      await check(mx.sum(t, { axis: axes, stream }), refReduce(tdata, [6, 4, 5], axes, false, rsum), mx.float32);
      await check(mx.max(t, { axis: axes, stream }), refReduce(tdata, [6, 4, 5], axes, false, rmax), mx.float32, 0, 0);
    }
    await check(mx.argmax(t, 1, { stream }), refReduce(tdata, [6, 4, 5], [1], false, rargmax), mx.uint32, 0, 0);
    await check(mx.sum(x.T, 0, { stream }), refReduce(await x.T.data(), [6, 5, 4], [0], false, rsum), mx.float32);
    const b = mx.broadcastTo(mx.array([1, 2, 3]), [4, 3]);
    await check(mx.sum(b, 0, { stream }), { shape: [3], data: [4, 8, 12] }, mx.int32, 0, 0);
  });

  test("positional axes and methods", async () => {
    const x = mx.array([[1, 2, 3], [4, 5, 6]]);
    const on = (f: () => mx.MxArray) => mx.withStream(stream, f); // methods on the default stream
    expect(await mx.sum(x, 1, { stream }).tolistAsync()).toEqual([6, 15]);
    expect(await mx.sum(x, [0, 1], { stream }).itemAsync()).toBe(21);
    expect(await mx.sum(x, 0, { keepdims: true, stream }).tolistAsync()).toEqual([[5, 7, 9]]);
    expect(await on(() => x.sum()).itemAsync()).toBe(21);
    expect(await on(() => x.sum(-1)).tolistAsync()).toEqual([6, 15]);
    expect(await on(() => x.prod(0)).tolistAsync()).toEqual([4, 10, 18]);
    expect(await on(() => x.max()).itemAsync()).toBe(6);
    expect(await on(() => x.min({ axis: 1 })).tolistAsync()).toEqual([1, 4]);
    expect(await on(() => x.argmax(1)).tolistAsync()).toEqual([2, 2]);
    expect(await on(() => x.argmin()).itemAsync()).toBe(0);
    expect(await on(() => x.all()).itemAsync()).toBe(true);
    expect(await on(() => x.any(0)).tolistAsync()).toEqual([true, true, true]);
    expect(await on(() => x.mean()).itemAsync()).toBeCloseTo(3.5, 6);
    expect(await on(() => x.var()).itemAsync()).toBeCloseTo(35 / 12, 5);
    expect(await on(() => x.std({ ddof: 1 })).itemAsync()).toBeCloseTo(Math.sqrt(3.5), 5);
    expect(await on(() => x.logsumexp()).itemAsync()).toBeCloseTo(rlse([1, 2, 3, 4, 5, 6]), 5);
  });

  test("mean/var/std/logsumexp over axis subsets", async () => {
    let seed = 200;
    for (const shape of [[7], [3, 5], [2, 3, 4], [2, 3, 1, 5]]) {
      const { x, data } = randomArray(shape, -3, 3, seed++);
      for (const axes of subsets(shape.length)) {
        for (const keepdims of [false, true]) {
          if (axes.length === 0 && !keepdims) continue;
          const o = { axis: axes, keepdims, stream };
          await check(mx.mean(x, o), refReduce(data, shape, axes, keepdims, rmean), mx.float32, 1e-5, 1e-6);
          await check(mx.var(x, o), refReduce(data, shape, axes, keepdims, rvar(0)), mx.float32, 1e-4, 1e-5);
          const ddof = reducedN(shape, axes) > 1 ? 1 : 0;
          const sref = refReduce(data, shape, axes, keepdims, (v) => Math.sqrt(rvar(ddof)(v)));
          await check(mx.std(x, { ...o, ddof }), sref, mx.float32, 1e-4, 1e-5);
          await check(mx.logsumexp(x, o), refReduce(data, shape, axes, keepdims, rlse), mx.float32, 1e-5, 1e-5);
        }
      }
    }
  });

  test("mean/var of integers give float32; logsumexp handles infinities", async () => {
    const xi = mx.array([[1, 2], [3, 5]]);
    await check(mx.mean(xi, 0, { stream }), { shape: [2], data: [2, 3.5] }, mx.float32);
    await check(mx.var(xi, 1, { stream }), { shape: [2], data: [0.25, 1] }, mx.float32);
    await check(mx.mean(mx.array([true, false, true, true]), { stream }), { shape: [], data: [0.75] }, mx.float32);
    expect(Number.isNaN((await mx.mean(mx.zeros([0]), { stream }).itemAsync()) as number)).toBe(true);
    const l = mx.array([[-Infinity, -Infinity], [Infinity, 1], [1000, 1000], [-Infinity, 0]]);
    await check(mx.logsumexp(l, 1, { stream }), { shape: [4], data: [-Infinity, Infinity, 1000 + Math.log(2), 0] }, mx.float32);
    await check(mx.logsumexp(mx.array([NaN, 1]), { stream }), { shape: [], data: [NaN] }, mx.float32);
    await check(mx.logsumexp(mx.zeros([2, 0]), 1, { stream }), { shape: [2], data: [-Infinity, -Infinity] }, mx.float32);
  });

  test("error paths", () => {
    const x = mx.zeros([2, 3, 4]);
    expect(() => mx.sum(x, 3, { stream })).toThrow(/\[sum\] Axis 3 is out of bounds/);
    expect(() => mx.sum(x, { axis: -4, stream })).toThrow(/\[sum\] Axis -4 is out of bounds/);
    expect(() => mx.max(x, [0, 0], { stream })).toThrow(/\[max\] Received duplicate axes/);
    expect(() => mx.sum(x, [1, -2], { stream })).toThrow(/\[sum\] Received duplicate axes/);
    expect(() => mx.max(mx.zeros([0]), { stream })).toThrow(/\[max\] Cannot max reduce zero size array/);
    expect(() => mx.min(mx.zeros([3, 0]), 1, { stream })).toThrow(/\[min\] Cannot min reduce zero size array/);
    expect(() => mx.argmax(mx.zeros([0]), { stream })).toThrow(/\[argmax\] Cannot argmax reduce zero size array/);
    expect(() => mx.argmin(mx.zeros([2, 0]), 1, { stream })).toThrow(/\[argmin\] Cannot argmin reduce zero size array/);
    expect(() => mx.argmax(x, [0, 1] as unknown as number, { stream })).toThrow(/\[argmax\] Expected a single axis/);
    expect(() => mx.argmax(x, 5, { stream })).toThrow(/\[argmax\] Axis 5 is out of bounds/);
    expect(() => mx.sum(x, 1.5, { stream })).toThrow(/\[sum\] Axis must be an integer/);
    expect(() => mx.var(x, { ddof: -1, stream })).toThrow(/\[var\] ddof must be a non-negative integer/);
    expect(() => mx.mean(x, 7, { stream })).toThrow(/\[mean\] Axis 7 is out of bounds/);
    expect(() => mx.sum(x, "a" as unknown as number, { stream })).toThrow(/\[sum\]/);
  });
});

function reducedN(shape: number[], axes: number[]): number {
  return axes.reduce((p, a) => p * shape[a]!, 1);
}

/** Creation ops (array, zeros, ones, full, arange, linspace, eye, *Like), astype, and the core shape ops. */
import { describe, expect, test } from "bun:test";
import { mx, streamsFor, expectClose, randomArray, strides } from "./helpers.ts";

const vals = async (x: mx.MxArray): Promise<number[]> => Array.from(await x.data());

describe("array from JS values", () => {
  test("nested lists infer shape and dtype", async () => {
    const a = mx.array([[1, 2, 3], [4, 5, 6]]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe(mx.int32);
    expect(await a.tolistAsync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const f = mx.array([[1, 2.5]]);
    expect(f.dtype).toBe(mx.float32);
    expect(await f.tolistAsync()).toEqual([[1, 2.5]]);
    const b = mx.array([[true, false], [false, true]]);
    expect(b.dtype).toBe(mx.bool);
    expect(await b.tolistAsync()).toEqual([[true, false], [false, true]]);
    // mixing booleans and numbers gives numbers
    const m = mx.array([true, 2]);
    expect(m.dtype).toBe(mx.int32);
    expect(await m.tolistAsync()).toEqual([1, 2]);
  });

  test("scalars and booleans are 0-d", async () => {
    const s = mx.array(7);
    expect(s.shape).toEqual([]);
    expect(s.ndim).toBe(0);
    expect(s.size).toBe(1);
    expect(s.dtype).toBe(mx.int32);
    expect(await s.itemAsync()).toBe(7);
    expect(mx.array(0.25).dtype).toBe(mx.float32);
    expect(await mx.array(0.25).itemAsync()).toBe(0.25);
    expect(mx.array(true).dtype).toBe(mx.bool);
    expect(await mx.array(true).itemAsync()).toBe(true);
    expect(await mx.array(false).tolistAsync()).toBe(false);
  });

  test("empty lists", async () => {
    const e = mx.array([]);
    expect(e.shape).toEqual([0]);
    expect(e.dtype).toBe(mx.float32);
    expect(await e.tolistAsync()).toEqual([]);
    const e2 = mx.array([[], []]);
    expect(e2.shape).toEqual([2, 0]);
    expect(await e2.tolistAsync()).toEqual([[], []]);
  });

  test("TypedArrays keep their element type", async () => {
    const cases: [ArrayBufferView, mx.DType][] = [
      [new Float32Array([1.5, -2]), mx.float32],
      [new Float64Array([1.5, -2]), mx.float32],
      [new Int32Array([1, -2]), mx.int32],
      [new Int16Array([1, -2]), mx.int32],
      [new Int8Array([1, -2]), mx.int32],
      [new Uint32Array([1, 4000000000]), mx.uint32],
      [new Uint16Array([1, 65535]), mx.uint32],
      [new Uint8Array([1, 255]), mx.uint8],
    ];
    for (const [data, dt] of cases) {
      const a = mx.array(data);
      expect(a.dtype).toBe(dt);
      expect(a.shape).toEqual([2]);
      expect((await vals(a))).toEqual(Array.from(data as unknown as ArrayLike<number>));
    }
    const shaped = mx.array(new Float32Array(6).map((_, i) => i), { shape: [2, 3] });
    expect(await shaped.tolistAsync()).toEqual([[0, 1, 2], [3, 4, 5]]);
    // the array owns a copy: changing the source later changes nothing
    const src = new Int32Array([1, 2, 3]);
    const c = mx.array(src);
    src[0] = 99;
    expect((await vals(c))).toEqual([1, 2, 3]);
  });

  test("explicit dtype converts", async () => {
    expect(mx.array([1, 2, 3], mx.float32).dtype).toBe(mx.float32);
    expect(await mx.array([1.7, -1.7], mx.int32).tolistAsync()).toEqual([1, -1]);
    expect(await mx.array([0, 2, 0], mx.bool).tolistAsync()).toEqual([false, true, false]);
    expect(await mx.array(new Float32Array([0, 0.5]), { dtype: mx.bool }).tolistAsync()).toEqual([false, true]);
    expect(mx.array(3, mx.uint8).dtype).toBe(mx.uint8);
    // booleans are stored as 0/1 whatever the source value
    expect(await mx.array(2, mx.bool).astype(mx.int32).itemAsync()).toBe(1);
    expect(await mx.array(-0.5, mx.bool).astype(mx.uint8).itemAsync()).toBe(1);
    expect(await mx.array([7, 0], mx.bool).astype(mx.int32).tolistAsync()).toEqual([1, 0]);
    expect(await mx.array(new Int32Array([0, -4]), { dtype: mx.bool }).astype(mx.uint8).tolistAsync()).toEqual([0, 1]);
    // a nested list may be given a shape with the same number of elements
    expect(await mx.array([1, 2, 3, 4, 5, 6], { shape: [2, 3] }).tolistAsync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    // mx.array of an MxArray is a copy (optionally converted)
    const a = mx.array([1, 2]);
    const b = mx.array(a, mx.float32);
    expect(b.dtype).toBe(mx.float32);
    expect(await b.tolistAsync()).toEqual([1, 2]);
  });

  test("bad input", async () => {
    expect(() => mx.array([[1, 2], [3]])).toThrow(/\[array\].*rectangular/);
    expect(() => mx.array([1, [2]] as never)).toThrow(/\[array\].*rectangular/);
    expect(() => mx.array([[1], 2] as never)).toThrow(/\[array\].*rectangular/);
    expect(() => mx.array(["a"] as never)).toThrow(/\[array\].*Invalid element/);
    expect(() => mx.array(new BigInt64Array(2) as never)).toThrow(/\[array\].*BigInt64Array/);
    expect(() => mx.array(new Float32Array(5), { shape: [2, 3] })).toThrow(/\[array\].*\(2,3\)/);
    expect(() => mx.array(new Float32Array(4), { shape: [-2, -2] })).toThrow(/\[array\]/);
    expect(() => mx.array([1, 2, 3], { shape: [2, 2] })).toThrow(/\[array\].*\(2,2\) from 3 elements/);
  });
});

describe.each(streamsFor("copy"))("creation ops on $name", ({ stream }) => {
  test("zeros, ones, full", async () => {
    const z = mx.zeros([2, 3], { stream });
    expect(z.shape).toEqual([2, 3]);
    expect(z.dtype).toBe(mx.float32);
    expect((await vals(z))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(mx.zeros(4, { stream }).shape).toEqual([4]);
    expect(await mx.zeros([], { stream }).itemAsync()).toBe(0);
    expect(mx.zeros([3, 0], { stream }).size).toBe(0);
    const o = mx.ones([5], { stream, dtype: mx.int32 });
    expect(o.dtype).toBe(mx.int32);
    expect((await vals(o))).toEqual([1, 1, 1, 1, 1]);
    expect(await mx.ones([2], { stream, dtype: mx.bool }).tolistAsync()).toEqual([true, true]);
    expect(await mx.ones([3], { stream, dtype: mx.uint8 }).tolistAsync()).toEqual([1, 1, 1]);
    const f = mx.full([2, 2], 2.5, { stream });
    expect(f.dtype).toBe(mx.float32);
    expect(await f.tolistAsync()).toEqual([[2.5, 2.5], [2.5, 2.5]]);
    expect(mx.full([3], 7, { stream }).dtype).toBe(mx.float32);
    expect(await mx.full([2], true, { stream }).tolistAsync()).toEqual([true, true]);
    expect(mx.full([2], true, { stream }).dtype).toBe(mx.bool);
    // the value is converted to the dtype like astype: truncation, uint8 wraps modulo 256
    expect(await mx.full([2], 2.7, { stream, dtype: mx.int32 }).tolistAsync()).toEqual([2, 2]);
    expect(await mx.full([2], -3, { stream, dtype: mx.uint32 }).tolistAsync()).toEqual([4294967293, 4294967293]);
    expect(await mx.full([2], 300, { stream, dtype: mx.uint8 }).tolistAsync()).toEqual([44, 44]);
    expect(await mx.full([2], 5, { stream, dtype: mx.bool }).tolistAsync()).toEqual([true, true]);
    expect(await mx.full([7], NaN, { stream }).tolistAsync()).toEqual(new Array(7).fill(NaN));
    // odd sizes exercise the SIMD tail
    const big = mx.full([1027], -1.25, { stream });
    expect((await vals(big)).every((v) => v === -1.25)).toBe(true);
  });

  test("shape validation", async () => {
    expect(() => mx.zeros([-1], { stream })).toThrow(/\[zeros\].*non-negative/);
    expect(() => mx.ones([2.5], { stream })).toThrow(/\[ones\]/);
    expect(() => mx.full([2], mx.array(1), { stream })).toThrow(/\[full\]/);
  });

  test("arange: all argument forms", async () => {
    const a = mx.arange(5, { stream });
    expect(a.dtype).toBe(mx.int32);
    expect((await vals(a))).toEqual([0, 1, 2, 3, 4]);
    expect((await vals(mx.arange(2, 6, { stream })))).toEqual([2, 3, 4, 5]);
    expect((await vals(mx.arange(0, 10, 3, { stream })))).toEqual([0, 3, 6, 9]);
    expect((await vals(mx.arange(5, 0, -2, { stream })))).toEqual([5, 3, 1]);
    expect((await vals(mx.arange(-3, 3, { stream })))).toEqual([-3, -2, -1, 0, 1, 2]);
    const fl = mx.arange(0, 1, 0.25, { stream });
    expect(fl.dtype).toBe(mx.float32);
    expect((await vals(fl))).toEqual([0, 0.25, 0.5, 0.75]);
    const tenth = mx.arange(0, 1, 0.1, { stream });
    expect(tenth.shape).toEqual([10]);
    expectClose((await tenth.data()), Array.from({ length: 10 }, (_, i) => Math.fround(i * 0.1)));
    expect((await vals(mx.arange(1.5, { stream })))).toEqual([0, 1]);
    expect((await vals(mx.arange(2, -1, -0.5, { stream })))).toEqual([2, 1.5, 1, 0.5, 0, -0.5]);
    const f = mx.arange(3, { stream, dtype: mx.float32 });
    expect(f.dtype).toBe(mx.float32);
    expect((await vals(f))).toEqual([0, 1, 2]);
    expect((await vals(mx.arange(250, 260, 3, { stream, dtype: mx.uint8 })))).toEqual([250, 253, 0, 3]);
    expect((await vals(mx.arange(1, 4, { stream, dtype: mx.uint32 })))).toEqual([1, 2, 3]);
    // empty ranges
    expect(mx.arange(5, 2, { stream }).shape).toEqual([0]);
    expect(mx.arange(0, { stream }).shape).toEqual([0]);
    expect(mx.arange(-3, { stream }).shape).toEqual([0]);
    expect(await mx.arange(0, 5, -1, { stream }).tolistAsync()).toEqual([]);
  });

  test("arange errors", async () => {
    expect(() => mx.arange(0, 5, 0, { stream })).toThrow(/\[arange\].*step = 0/);
    expect(() => mx.arange(NaN, { stream })).toThrow(/\[arange\].*finite/);
    expect(() => mx.arange(0, Infinity, { stream })).toThrow(/\[arange\].*finite/);
    expect(() => mx.arange(3, { stream, dtype: mx.bool })).toThrow(/\[arange\].*Bool/);
    expect(() => mx.arange(0, 2 ** 40, { stream })).toThrow(/\[arange\].*Maximum size/);
  });

  test("linspace", async () => {
    const l = mx.linspace(0, 1, 5, { stream });
    expect(l.dtype).toBe(mx.float32);
    expect((await vals(l))).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect((await vals(mx.linspace(2, -2, 3, { stream })))).toEqual([2, 0, -2]);
    expect((await vals(mx.linspace(3, 9, 1, { stream })))).toEqual([3]);
    expect(mx.linspace(0, 1, 0, { stream }).shape).toEqual([0]);
    expect(mx.linspace(0, 1, undefined, { stream }).shape).toEqual([50]);
    const r = (await vals(mx.linspace(-1, 7, 33, { stream })));
    expectClose(r, Array.from({ length: 33 }, (_, i) => Math.fround(-1 + i * 0.25)));
    const li = mx.linspace(0, 1, 3, { stream, dtype: mx.int32 });
    expect(li.dtype).toBe(mx.int32);
    expect((await vals(li))).toEqual([0, 0, 1]);
    expect(() => mx.linspace(0, 1, -1, { stream })).toThrow(/\[linspace\]/);
    expect(() => mx.linspace(0, 1, 2.5, { stream })).toThrow(/\[linspace\]/);
  });

  test("eye: square, non-square, diagonal offsets", async () => {
    const ref = (n: number, m: number, k: number) =>
      Array.from({ length: n }, (_, i) => Array.from({ length: m }, (_, j) => (j - i === k ? 1 : 0)));
    for (const [n, m, k] of [[3, 3, 0], [2, 4, 0], [4, 2, 0], [3, 4, 1], [4, 3, -1], [3, 3, 2], [3, 3, -2], [3, 3, 5], [3, 3, -5], [1, 1, 0], [5, 7, -3]]) {
      const e = mx.eye(n!, m!, { k, stream });
      expect(e.shape).toEqual([n!, m!]);
      expect(e.dtype).toBe(mx.float32);
      expect(await e.tolistAsync()).toEqual(ref(n!, m!, k!));
    }
    expect(await mx.eye(3, { stream }).tolistAsync()).toEqual(ref(3, 3, 0));
    expect(await mx.eye(3, { stream, k: 1 }).tolistAsync()).toEqual(ref(3, 3, 1));
    expect(mx.eye(0, { stream }).shape).toEqual([0, 0]);
    expect(mx.eye(2, 0, { stream }).shape).toEqual([2, 0]);
    const ei = mx.eye(2, { stream, dtype: mx.int32 });
    expect(ei.dtype).toBe(mx.int32);
    expect(await ei.tolistAsync()).toEqual([[1, 0], [0, 1]]);
    expect(await mx.eye(2, { stream, dtype: mx.bool }).tolistAsync()).toEqual([[true, false], [false, true]]);
    expect(() => mx.eye(-1, { stream })).toThrow(/\[eye\]/);
    expect(() => mx.eye(2.5, { stream })).toThrow(/\[eye\]/);
    expect(() => mx.eye(2, { stream, k: 0.5 })).toThrow(/\[eye\]/);
  });

  test("zerosLike, onesLike keep shape and dtype", async () => {
    const x = mx.array([[1, 2, 3]], mx.uint8);
    const z = mx.zerosLike(x, { stream });
    expect(z.shape).toEqual([1, 3]);
    expect(z.dtype).toBe(mx.uint8);
    expect(await z.tolistAsync()).toEqual([[0, 0, 0]]);
    const o = mx.onesLike(mx.array([true, false]), { stream });
    expect(o.dtype).toBe(mx.bool);
    expect(await o.tolistAsync()).toEqual([true, true]);
    expect(await mx.onesLike([[1.5, 2]], { stream }).tolistAsync()).toEqual([[1, 1]]);
  });
});

// ---- astype: every pair of dtypes against a reference ----
// Conversion rules (deterministic; asm/copy.ts uses WebAssembly's saturating truncation):
//  float32 -> int32: truncate toward zero, NaN -> 0, out of range saturates to INT32_MIN/MAX.
//  float32 -> uint32: truncate, NaN and negatives -> 0, above 2^32-1 saturates to 2^32-1.
//  float32 -> uint8: truncate to int32 (saturating) and keep the low 8 bits (-1.5 -> 255).
//  int32 <-> uint32: the same bits; int32/uint32 -> uint8: the low 8 bits.
//  anything -> bool: x != 0 (NaN -> true); bool -> number: 0/1.
const DT = () => [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool];

function satI32(v: number): number {
  if (Number.isNaN(v)) return 0;
  return Math.max(-2147483648, Math.min(2147483647, Math.trunc(v))) + 0; // + 0 turns -0 into 0
}

function convertRef(v: number, from: mx.DType, to: mx.DType): number {
  if (to === mx.bool) return v !== 0 ? 1 : 0; // NaN !== 0
  if (to === mx.float32) return Math.fround(v);
  if (from === mx.float32) {
    if (to === mx.int32) return satI32(v);
    if (to === mx.uint32) return Number.isNaN(v) ? 0 : Math.max(0, Math.min(4294967295, Math.trunc(v)));
    return satI32(v) & 0xff;
  }
  if (to === mx.int32) return v | 0;
  if (to === mx.uint32) return v >>> 0;
  return v & 0xff;
}

const SOURCES: Record<string, number[]> = {
  float32: [0, -0, 0.5, -0.5, 1.5, -1.5, 2.7, -2.7, 127.9, 255.9, 256, 300.2, -300.2, 16777216, 3e9, 5e9, -5e9, 1e30, -1e30, NaN, Infinity, -Infinity],
  int32: [0, 1, -1, 2, 127, 128, 255, 256, -256, 1000, 16777217, 2147483647, -2147483648, -7],
  uint32: [0, 1, 2, 255, 256, 1000, 16777217, 2147483647, 2147483648, 4294967295],
  uint8: [0, 1, 2, 127, 128, 254, 255],
  bool: [0, 1, 1, 0],
};

describe.each(streamsFor("copy"))("astype on $name", ({ stream }) => {
  for (const from of DT()) {
    for (const to of DT()) {
      test(`${from.name} -> ${to.name}`, async () => {
        const src = SOURCES[from.name]!;
        const x = from === mx.bool ? mx.array(src.map((v) => v !== 0)) : mx.array(new from.ArrayType(src), from);
        expect(x.dtype).toBe(from);
        const stored = Array.from(await x.data());
        const y = mx.astype(x, to, { stream });
        expect(y.dtype).toBe(to);
        expect(y.shape).toEqual(x.shape);
        const expected = stored.map((v) => convertRef(v, from, to));
        expect((await vals(y))).toEqual(expected);
        // the method form and a longer, odd-length input give the same answers
        const rep = Array.from({ length: 37 }, (_, i) => stored[i % stored.length]!);
        const x2 = from === mx.bool ? mx.array(rep.map((v) => v !== 0)) : mx.array(new from.ArrayType(rep), from);
        expect((await vals(x2.astype(to, { stream })))).toEqual(rep.map((v) => convertRef(v, from, to)));
      });
    }
  }

  test("astype of a non-contiguous input and of an empty array", async () => {
    const x = mx.arange(6, { stream }).reshape([2, 3]);
    const y = mx.astype(x.T, mx.float32, { stream });
    expect(y.shape).toEqual([3, 2]);
    expect(await y.tolistAsync()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(mx.astype(mx.zeros([0, 3]), mx.int32, { stream }).shape).toEqual([0, 3]);
    expect(await mx.astype(mx.array(2.9), mx.int32, { stream }).itemAsync()).toBe(2);
  });

  test("astype rejects a non-dtype", async () => {
    expect(() => mx.astype(mx.array([1]), "float32" as never, { stream })).toThrow(/\[astype\].*dtype/);
  });
});

// ---- core shape ops ----
function transposeRef(data: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const st = strides(shape);
  const outShape = perm.map((p) => shape[p]!);
  const n = outShape.reduce((a, b) => a * b, 1);
  const out: number[] = [];
  const idx = new Array(outShape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let off = 0;
    for (let d = 0; d < perm.length; d++) off += idx[d] * st[perm[d]!]!;
    out.push(data[off]!);
    for (let d = outShape.length - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

describe.each(streamsFor("copy"))("shape ops on $name", ({ stream }) => {
  test("reshape, with -1 inference", async () => {
    const x = mx.arange(24, { stream });
    expect(mx.reshape(x, [2, 3, 4], { stream }).shape).toEqual([2, 3, 4]);
    expect(mx.reshape(x, [4, -1], { stream }).shape).toEqual([4, 6]);
    expect(mx.reshape(x, [-1], { stream }).shape).toEqual([24]);
    expect(mx.reshape(x, [2, -1, 3], { stream }).shape).toEqual([2, 4, 3]);
    expect((await vals(x.reshape([6, 4])))).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(await mx.reshape(mx.array(5), [1, 1], { stream }).tolistAsync()).toEqual([[5]]);
    expect(await mx.reshape(mx.array([5]), [], { stream }).itemAsync()).toBe(5);
    expect(mx.reshape(mx.zeros([0, 3]), [3, 0], { stream }).shape).toEqual([3, 0]);
    expect(await mx.reshape(mx.arange(6).T, [3, 2], { stream }).tolistAsync()).toEqual([[0, 1], [2, 3], [4, 5]]);
  });

  test("reshape errors", async () => {
    const x = mx.arange(24, { stream });
    expect(() => mx.reshape(x, [5, 5], { stream })).toThrow(/\[reshape\].*size 24.*\(5,5\)/);
    expect(() => mx.reshape(x, [-1, -1], { stream })).toThrow(/\[reshape\].*infer one/);
    expect(() => mx.reshape(x, [5, -1], { stream })).toThrow(/\[reshape\].*\(24\).*\(5,-1\)/);
    expect(() => mx.reshape(x, [0, -1], { stream })).toThrow(/\[reshape\]/);
    expect(() => mx.reshape(x, [-2, -12], { stream })).toThrow(/\[reshape\]/);
    expect(() => mx.reshape(x, 24 as never, { stream })).toThrow(/\[reshape\]/);
  });

  test("transpose against a reference", async () => {
    const shape = [2, 3, 4];
    const { x, data } = randomArray(shape, -1, 1, 7);
    for (const perm of [[0, 1, 2], [2, 1, 0], [1, 0, 2], [0, 2, 1], [2, 0, 1], [1, 2, 0]]) {
      const y = mx.transpose(x, perm, { stream });
      expect(y.shape).toEqual(perm.map((p) => shape[p]!));
      expect((await vals(y))).toEqual(transposeRef(data, shape, perm));
    }
    expect((await vals(mx.transpose(x, [-1, 0, -2], { stream })))).toEqual(transposeRef(data, shape, [2, 0, 1]));
    expect((await vals(mx.transpose(x, { stream })))).toEqual(transposeRef(data, shape, [2, 1, 0]));
    expect((await vals(x.T))).toEqual(transposeRef(data, shape, [2, 1, 0]));
    // transposing twice is the identity; 0-d and 1-d are unchanged
    expect((await vals(x.T.T))).toEqual(Array.from(data));
    expect(await mx.array(3).T.itemAsync()).toBe(3);
    expect(await mx.arange(4).T.tolistAsync()).toEqual([0, 1, 2, 3]);
    expect(mx.zeros([0, 5]).T.shape).toEqual([5, 0]);
    // odd sizes, 4-d, uint8 and bool elements
    const u = mx.arange(3 * 5 * 7, { dtype: mx.uint8 }).reshape([3, 5, 7]);
    expect((await vals(mx.transpose(u, [1, 2, 0], { stream })))).toEqual(transposeRef(Array.from({ length: 105 }, (_, i) => i), [3, 5, 7], [1, 2, 0]));
    const b = mx.array([[true, false, true], [false, false, true]]);
    expect(await b.T.tolistAsync()).toEqual([[true, false], [false, false], [true, true]]);
    const d4 = Array.from({ length: 2 * 3 * 1 * 5 }, (_, i) => i);
    const x4 = mx.array(new Int32Array(d4), { shape: [2, 3, 1, 5] });
    expect((await vals(mx.transpose(x4, [3, 1, 0, 2], { stream })))).toEqual(transposeRef(d4, [2, 3, 1, 5], [3, 1, 0, 2]));
  });

  test("transpose errors", async () => {
    const x = mx.zeros([2, 3]);
    expect(() => mx.transpose(x, [0], { stream })).toThrow(/\[transpose\].*2 dimensions/);
    expect(() => mx.transpose(x, [0, 0], { stream })).toThrow(/\[transpose\]/);
    expect(() => mx.transpose(x, [0, 2], { stream })).toThrow(/\[transpose\].*out of bounds/);
    expect(() => mx.transpose(x, [0, 1, 2], { stream })).toThrow(/\[transpose\]/);
  });

  test("broadcastTo", async () => {
    expect(await mx.broadcastTo(mx.array([1, 2, 3]), [2, 3], { stream }).tolistAsync()).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(await mx.broadcastTo(mx.array([[1], [2]]), [2, 3], { stream }).tolistAsync()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(await mx.broadcastTo(mx.array(7), [2, 2], { stream }).tolistAsync()).toEqual([[7, 7], [7, 7]]);
    expect(await mx.broadcastTo(mx.array([[1, 2]]), [3, 1, 2], { stream }).tolistAsync()).toEqual([[[1, 2]], [[1, 2]], [[1, 2]]]);
    expect(mx.broadcastTo(mx.array([5]), [0], { stream }).shape).toEqual([0]);
    expect(await mx.broadcastTo(mx.array([1, 2]), [2], { stream }).tolistAsync()).toEqual([1, 2]);
    expect(await mx.array([true]).broadcastTo([3]).tolistAsync()).toEqual([true, true, true]);
    // a broadcast of a transposed input
    const t = mx.arange(6).reshape([2, 3]).T; // (3,2)
    expect(await mx.broadcastTo(t, [2, 3, 2], { stream }).tolistAsync()).toEqual([[[0, 3], [1, 4], [2, 5]], [[0, 3], [1, 4], [2, 5]]]);
  });

  test("broadcastTo errors", async () => {
    expect(() => mx.broadcastTo(mx.array([1, 2]), [3], { stream })).toThrow(/\[broadcastTo\].*\(2\).*\(3\)/);
    expect(() => mx.broadcastTo(mx.zeros([2, 3]), [3], { stream })).toThrow(/\[broadcastTo\]/);
    expect(() => mx.broadcastTo(mx.zeros([2]), [-1, 2], { stream })).toThrow(/\[broadcastTo\]/);
  });
});

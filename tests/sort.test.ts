import { describe, expect, test } from "bun:test";
import { mx, rng, streamsFor, strides } from "./helpers.ts";

type DT = typeof mx.float32;

/** NumPy order: ascending, NaN last; -0 and 0 are equal. */
function cmp(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Reference stable argsort / sort along `axis` of row-major `data` with `shape`. */
function refSort(data: ArrayLike<number>, shape: number[], axis: number): { idx: number[]; vals: number[] } {
  const st = strides(shape);
  const n = shape[axis]!;
  const size = shape.reduce((a, b) => a * b, 1);
  const idx = new Array<number>(size).fill(0);
  const vals = new Array<number>(size).fill(0);
  if (size === 0) return { idx, vals };
  const inner = st[axis]!;
  const outer = size / (n * inner);
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < inner; k++) {
      const base = o * n * inner + k;
      const order = [...Array(n).keys()].sort((i, j) => cmp(data[base + i * inner]!, data[base + j * inner]!) || i - j);
      order.forEach((src, i) => {
        idx[base + i * inner] = src;
        vals[base + i * inner] = data[base + src * inner]!;
      });
    }
  }
  return { idx, vals };
}

function makeData(n: number, dtype: DT, seed: number, ties: boolean): ArrayLike<number> {
  const r = rng(seed);
  const out = new dtype.ArrayType(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    if (dtype === mx.float32) out[i] = ties ? Math.floor(u * 5) - 2 : (u - 0.5) * 200;
    else if (dtype === mx.int32) out[i] = ties ? Math.floor(u * 7) - 3 : Math.floor((u - 0.5) * 2 ** 32);
    else if (dtype === mx.uint32) out[i] = ties ? Math.floor(u * 7) : Math.floor(u * 2 ** 32);
    else if (dtype === mx.uint8) out[i] = Math.floor(u * (ties ? 4 : 256));
    else out[i] = u < 0.5 ? 1 : 0;
  }
  return out;
}

function sameValues(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) ? !Number.isNaN(a) : a !== e) throw new Error(`element ${i}: expected ${e}, got ${a}`);
  }
}

describe.each(streamsFor("sort"))("sort on $name", ({ stream }) => {
  const dtypes: DT[] = [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool];
  const shapes = [[1], [5], [31], [33], [200], [3, 40], [4, 3, 50], [2, 70, 3]];

  for (const dtype of dtypes) {
    test(`${dtype.name}: sort and stable argsort vs reference on every axis, with and without ties`, async () => {
      let seed = 1;
      for (const shape of shapes) {
        for (const ties of [false, true]) {
          const size = shape.reduce((a, b) => a * b, 1);
          const data = makeData(size, dtype, seed++, ties);
          const x = mx.array(data as Float32Array, { shape });
          const x2 = dtype === mx.bool ? mx.astype(x, mx.bool) : x;
          for (let axis = 0; axis < shape.length; axis++) {
            const ref = refSort(data, shape, axis);
            const s = mx.sort(x2, { axis, stream });
            const a = mx.argsort(x2, { axis: axis - shape.length, stream });
            expect(s.shape).toEqual(shape);
            expect(s.dtype).toBe(dtype);
            expect(a.dtype).toBe(mx.uint32);
            sameValues(await s.data(), ref.vals);
            sameValues(await a.data(), ref.idx);
          }
        }
      }
    });
  }

  test("float32: NaN sorts last, infinities and -0 in order, argsort stable among NaN", async () => {
    const data = [3, NaN, -Infinity, 0, -0, Infinity, NaN, -1, 2, -0, 0, NaN];
    const big: number[] = [];
    for (let i = 0; i < 5; i++) big.push(...data.map((v) => (Number.isFinite(v) && v !== 0 ? v * (i + 1) : v)));
    for (const d of [data, big]) {
      const x = mx.array(new Float32Array(d));
      const ref = refSort(new Float32Array(d), [d.length], 0);
      sameValues(await mx.sort(x, { stream }).data(), ref.vals);
      sameValues(await mx.argsort(x, { stream }).data(), ref.idx);
    }
  });

  test("non-contiguous input, axis null, methods, 0-size", async () => {
    const data = makeData(24, mx.float32, 7, false);
    const x = mx.array(data as Float32Array, { shape: [4, 6] });
    const t = mx.transpose(x); // [6, 4]
    const tdata: number[] = [];
    for (let i = 0; i < 6; i++) for (let j = 0; j < 4; j++) tdata.push(data[j * 6 + i]!);
    sameValues(await mx.sort(t, { stream }).data(), refSort(tdata, [6, 4], 1).vals);
    sameValues(await t.argsort({ axis: 0, stream }).data(), refSort(tdata, [6, 4], 0).idx);
    const flat = mx.sort(x, { axis: null, stream });
    expect(flat.shape).toEqual([24]);
    sameValues(await flat.data(), refSort(data, [24], 0).vals);
    sameValues(await x.sort({ stream }).data(), refSort(data, [4, 6], 1).vals);
    expect(mx.argsort(x, { axis: null, stream }).shape).toEqual([24]);
    expect(await mx.sort(mx.array(5), { axis: null, stream }).tolistAsync()).toEqual([5]);
    for (const shape of [[0], [3, 0], [0, 4]]) {
      const z = mx.zeros(shape);
      for (let axis = 0; axis < shape.length; axis++) {
        expect(mx.sort(z, { axis, stream }).shape).toEqual(shape);
        const a = mx.argsort(z, { axis, stream });
        expect(a.shape).toEqual(shape);
        expect((await a.data()).length).toBe(0);
      }
    }
  });

  test("topk, partition and argpartition", async () => {
    const x = mx.array([[5, 1, 9, 3], [2, 8, 7, 0]], mx.int32);
    expect(await mx.topk(x, 2, { stream }).tolistAsync()).toEqual([[5, 9], [7, 8]]);
    expect(await mx.topk(x, 1, { axis: 0, stream }).tolistAsync()).toEqual([[5, 8, 9, 3]]);
    expect(mx.topk(x, 0, { stream }).shape).toEqual([2, 0]);
    const p = (await mx.partition(x, 1, { stream }).data()) as Int32Array;
    expect(Array.from(p.slice(0, 4))).toEqual([1, 3, 5, 9]);
    const ap = mx.argpartition(x, -1, { axis: 0, stream });
    expect(ap.dtype).toBe(mx.uint32);
    expect(await ap.tolistAsync()).toEqual([[1, 0, 1, 1], [0, 1, 0, 0]]);
  });

  test("errors name the op", async () => {
    const x = mx.zeros([2, 3]);
    expect(() => mx.sort(x, { axis: 2, stream })).toThrow(/\[sort\] Axis 2 is out of bounds/);
    expect(() => mx.argsort(x, { axis: -3, stream })).toThrow(/\[argsort\]/);
    expect(() => mx.sort(mx.array(1), { stream })).toThrow(/\[sort\].*\(\)/);
    expect(() => mx.topk(x, 4, { stream })).toThrow(/\[topk\]/);
    expect(() => mx.partition(x, 3, { stream })).toThrow(/\[partition\]/);
    expect(() => mx.argpartition(x, 1.5, { stream })).toThrow(/\[argpartition\]/);
  });
});

describe.skipIf(!mx.gpu.available)("sort: GPU network sizes agree with the CPU", () => {
  test("long rows (5000, padded to 8192), several rows, inner axis, ties and NaN", async () => {
    const r = rng(99);
    const data = Float32Array.from({ length: 3 * 5000 }, (_, i) => (i % 97 === 0 ? NaN : Math.floor(r() * 300) - 150));
    const x = mx.array(data, { shape: [3, 5000] });
    for (const axis of [1, 0]) {
      const [ci, gi] = [await mx.argsort(x, { axis, stream: mx.cpu }).data(), await mx.argsort(x, { axis, stream: mx.gpu }).data()];
      expect(Array.from(gi)).toEqual(Array.from(ci));
      const [cv, gv] = [await mx.sort(x, { axis, stream: mx.cpu }).data(), await mx.sort(x, { axis, stream: mx.gpu }).data()];
      expect(Array.from(gv)).toEqual(Array.from(cv));
    }
  }, 60_000);

  test("every chunk/global split: row lengths around the 16-pair chunk and powers of two, rows sharing a chunk", async () => {
    const r = rng(7);
    for (const [rows, n] of [[1, 1], [5, 3], [37, 13], [3, 15], [2, 16], [3, 17], [4, 31], [2, 32], [3, 33], [3, 255], [2, 256], [3, 257], [1, 1024], [2, 1500], [1, 2049]] as const) {
      const data = Float32Array.from({ length: rows * n }, (_, i) => (i % 31 === 5 ? NaN : Math.floor(r() * 50) - 25));
      const x = mx.array(data, { shape: [rows, n] });
      const ref = refSort(data, [rows, n], 1);
      sameValues(await mx.argsort(x, { axis: 1, stream: mx.gpu }).data(), ref.idx);
      sameValues(await mx.sort(x, { axis: 1, stream: mx.gpu }).data(), ref.vals);
      const u8 = mx.astype(mx.array(Uint8Array.from(data, (v) => (Number.isNaN(v) ? 255 : v + 25)), { shape: [rows, n] }), mx.uint8);
      const u8d = await u8.data();
      sameValues(await mx.argsort(u8, { axis: 1, stream: mx.gpu }).data(), refSort(u8d, [rows, n], 1).idx);
    }
  }, 60_000);
});

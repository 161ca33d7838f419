import { describe, expect, test } from "bun:test";
import { mx, streamsFor, rng, strides } from "./helpers.ts";

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = i % shape[d]!; i = Math.floor(i / shape[d]!); }
  return idx;
}

/** Expected data of an output of `shape` whose element at multi-index i is f(i). */
function build(shape: number[], f: (i: number[]) => number): number[] {
  return Array.from({ length: size(shape) }, (_, e) => f(unravel(e, shape)));
}

const at = (data: number[], shape: number[], i: number[]) => data[i.reduce((acc, v, j) => acc + v * strides(shape)[j]!, 0)]!;

function iota(shape: number[], base = 0): { x: mx.MxArray; data: number[] } {
  const data = Array.from({ length: size(shape) }, (_, i) => base + i * 2 - 5);
  return { x: mx.array(new Int32Array(data), { shape }), data };
}

function randomShape(r: () => number, maxNd = 4, maxD = 4, zero = 0.1): number[] {
  const nd = Math.floor(r() * (maxNd + 1));
  return Array.from({ length: nd }, () => (r() < zero ? 0 : 1 + Math.floor(r() * maxD)));
}

async function check(y: mx.MxArray, shape: number[], data: number[]): Promise<void> {
  expect(y.shape).toEqual(shape);
  expect(Array.from(await y.data())).toEqual(data);
}

describe.each(streamsFor("copy"))("shape ops on $name", ({ stream }) => {
  test("reshape, transpose, broadcastTo, astype (core set)", async () => {
    const { x, data } = iota([2, 3, 4]);
    await check(mx.reshape(x, [4, -1], { stream }), [4, 6], data);
    await check(mx.transpose(x, [2, 0, 1], { stream }), [4, 2, 3], build([4, 2, 3], (i) => at(data, [2, 3, 4], [i[1]!, i[2]!, i[0]!])));
    await check(x.T, [4, 3, 2], build([4, 3, 2], (i) => at(data, [2, 3, 4], [i[2]!, i[1]!, i[0]!])));
    await check(mx.broadcastTo(mx.array([1, 2]), [3, 2], { stream }), [3, 2], [1, 2, 1, 2, 1, 2]);
    expect(await mx.astype(mx.array([1.7, -2.2]), mx.int32, { stream }).tolistAsync()).toEqual([1, -2]);
    expect(() => mx.reshape(x, [5, 5], { stream })).toThrow(/\[reshape\]/);
    expect(() => mx.transpose(x, [0, 1], { stream })).toThrow(/\[transpose\]/);
    expect(() => mx.broadcastTo(x, [3, 3, 4], { stream })).toThrow(/\[broadcastTo\]/);
  });

  test("squeeze / expandDims / flatten are views with the right shapes", async () => {
    const { x, data } = iota([1, 3, 1, 2]);
    await check(mx.squeeze(x, undefined, { stream }), [3, 2], data);
    await check(x.squeeze(), [3, 2], data);
    await check(mx.squeeze(x, 2, { stream }), [1, 3, 2], data);
    await check(x.squeeze([0, -2]), [3, 2], data);
    expect(() => mx.squeeze(x, 1, { stream })).toThrow(/\[squeeze\] Cannot squeeze axis 1 with size 3/);
    expect(() => mx.squeeze(x, 4, { stream })).toThrow(/\[squeeze\]/);
    expect(() => x.squeeze([0, 0])).toThrow(/\[squeeze\]/);
    await check(mx.expandDims(x, 0, { stream }), [1, 1, 3, 1, 2], data);
    await check(x.expandDims(-1), [1, 3, 1, 2, 1], data);
    await check(x.expandDims([0, 3, -1]), [1, 1, 3, 1, 1, 2, 1], data);
    expect(() => x.expandDims(6)).toThrow(/\[expandDims\]/);
    expect(() => x.expandDims([1, 1])).toThrow(/\[expandDims\]/);
    await check(mx.flatten(x, { stream }), [6], data);
    await check(x.flatten({ startAxis: 1, endAxis: 2 }), [1, 3, 2], data);
    await check(x.flatten({ startAxis: -2 }), [1, 3, 2], data);
    await check(mx.flatten(mx.array(5), { stream }), [1], [5]);
    expect(() => x.flatten({ startAxis: 2, endAxis: 1 })).toThrow(/\[flatten\]/);
    expect(() => x.flatten({ startAxis: 4 })).toThrow(/\[flatten\]/);
    await check(mx.squeeze(mx.zeros([0, 1]), undefined, { stream }), [0], []);
    await check(mx.expandDims(mx.array(3), 0, { stream }), [1], [3]);
  });

  test("concatenate matches the reference on random shapes (incl. 0-size), promotes dtypes", async () => {
    const r = rng(21);
    for (let t = 0; t < 60; t++) {
      const base = randomShape(r, 3).map((d) => d);
      if (base.length === 0) base.push(2);
      const axis = Math.floor(r() * base.length);
      const k = 1 + Math.floor(r() * 3);
      const parts = Array.from({ length: k }, (_, j) => {
        const sh = [...base];
        sh[axis] = Math.floor(r() * 4);
        return { ...iota(sh, 100 * j), sh };
      });
      const outShape = [...base];
      outShape[axis] = parts.reduce((s, p) => s + p.sh[axis]!, 0);
      const expd = build(outShape, (i) => {
        let v = i[axis]!;
        for (const p of parts) {
          if (v < p.sh[axis]!) return at(p.data, p.sh, i.map((u, j) => (j === axis ? v : u)));
          v -= p.sh[axis]!;
        }
        throw new Error("unreachable");
      });
      await check(mx.concatenate(parts.map((p) => p.x), { axis: r() < 0.5 ? axis : axis - base.length, stream }), outShape, expd);
    }
    const c = mx.concatenate([mx.array([1, 2]), mx.array([0.5]), mx.array([true])], { stream });
    expect(c.dtype).toBe(mx.float32);
    expect(await c.tolistAsync()).toEqual([1, 2, 0.5, 1]);
    const u = mx.concatenate([mx.array([1], mx.uint8), mx.array([true, false])], { stream });
    expect(u.dtype).toBe(mx.uint8);
    await check(mx.concatenate([mx.array([[1, 2], [3, 4]]), mx.array(7)], { axis: null, stream }), [5], [1, 2, 3, 4, 7]);
    const xt = mx.transpose(iota([2, 3]).x);
    await check(mx.concatenate([xt, xt], { axis: 1, stream }), [3, 4], [-5, 1, -5, 1, -3, 3, -3, 3, -1, 5, -1, 5]);
    expect(() => mx.concatenate([], { stream })).toThrow(/\[concatenate\]/);
    expect(() => mx.concatenate([mx.zeros([2, 3]), mx.zeros([2, 4])], { stream })).toThrow(/\[concatenate\].*\(2,3\), \(2,4\)/);
    expect(() => mx.concatenate([mx.zeros([2, 3]), mx.zeros([3])], { stream })).toThrow(/\[concatenate\]/);
    expect(() => mx.concatenate([mx.array(1), mx.array(2)], { stream })).toThrow(/\[concatenate\]/);
    expect(() => mx.concatenate([mx.zeros([2])], { axis: 1, stream })).toThrow(/\[concatenate\]/);
  });

  test("stack", async () => {
    const a = iota([2, 3]);
    const b = iota([2, 3], 50);
    for (const axis of [0, 1, 2, -1, -3]) {
      const ax = axis < 0 ? axis + 3 : axis;
      const outShape = [2, 3];
      outShape.splice(ax, 0, 2);
      const expd = build(outShape, (i) => {
        const which = i[ax]!;
        const rest = i.filter((_, j) => j !== ax);
        return at(which === 0 ? a.data : b.data, [2, 3], rest);
      });
      await check(mx.stack([a.x, b.x], { axis, stream }), outShape, expd);
    }
    await check(mx.stack([mx.array(1), mx.array(2)], { stream }), [2], [1, 2]);
    await check(mx.stack([mx.zeros([0, 2])], { axis: 1, stream }), [0, 1, 2], []);
    expect(() => mx.stack([a.x, mx.zeros([3, 2])], { stream })).toThrow(/\[stack\].*same shape/);
    expect(() => mx.stack([a.x], { axis: 3, stream })).toThrow(/\[stack\]/);
    expect(() => mx.stack([], { stream })).toThrow(/\[stack\]/);
  });

  test("split by sections and by indices", async () => {
    const r = rng(22);
    for (let t = 0; t < 40; t++) {
      const shape = randomShape(r, 3, 6);
      if (shape.length === 0) shape.push(4);
      const axis = Math.floor(r() * shape.length);
      const n = shape[axis]!;
      const { x, data } = iota(shape);
      const cuts = Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * (2 * n + 4)) - n - 2);
      const parts = mx.split(x, cuts, { axis, stream });
      const clamp = (v: number) => Math.min(n, Math.max(0, v < 0 ? v + n : v));
      const edges = [0, ...cuts.map(clamp), n];
      expect(parts.length).toBe(cuts.length + 1);
      for (const [j, p] of parts.entries()) {
        const len = Math.max(0, edges[j + 1]! - edges[j]!);
        const sh = shape.map((d, i) => (i === axis ? len : d));
        await check(p, sh, build(sh, (i) => at(data, shape, i.map((u, k) => (k === axis ? u + edges[j]! : u)))));
      }
    }
    const { x, data } = iota([6, 2]);
    const s3 = x.split(3);
    expect(s3.length).toBe(3);
    for (const [j, p] of s3.entries()) await check(p, [2, 2], data.slice(j * 4, j * 4 + 4));
    const s2 = mx.split(x, 2, { axis: 1, stream });
    await check(s2[1]!, [6, 1], data.filter((_, i) => i % 2 === 1));
    expect(mx.split(mx.zeros([0, 3]), 3, { axis: 1, stream }).map((p) => p.shape)).toEqual([[0, 1], [0, 1], [0, 1]]);
    expect(() => mx.split(x, 4, { stream })).toThrow(/\[split\].*equal/);
    expect(() => mx.split(x, 0, { stream })).toThrow(/\[split\]/);
    expect(() => mx.split(x, 2, { axis: 2, stream })).toThrow(/\[split\]/);
    expect(() => mx.split(mx.array(1), 1, { stream })).toThrow(/\[split\]/);
  });

  test("pad with constants", async () => {
    const r = rng(23);
    for (let t = 0; t < 40; t++) {
      const shape = randomShape(r, 3, 3);
      const { x, data } = iota(shape);
      const pw = shape.map(() => [Math.floor(r() * 3), Math.floor(r() * 3)] as [number, number]);
      const outShape = shape.map((d, i) => d + pw[i]![0] + pw[i]![1]);
      const expd = build(outShape, (i) => {
        const src = i.map((v, j) => v - pw[j]![0]);
        return src.every((v, j) => v >= 0 && v < shape[j]!) ? at(data, shape, src) : 9;
      });
      await check(mx.pad(x, pw, { constantValues: 9, stream }), outShape, expd);
    }
    const { x } = iota([2, 2]);
    await check(mx.pad(x, 1, { stream }), [4, 4], [0, 0, 0, 0, 0, -5, -3, 0, 0, -1, 1, 0, 0, 0, 0, 0]);
    await check(mx.pad(x, [0, 1], { stream }), [3, 3], [-5, -3, 0, -1, 1, 0, 0, 0, 0]);
    await check(mx.pad(x, [[1, 0]], { stream }), [3, 3], [0, 0, 0, 0, -5, -3, 0, -1, 1]);
    await check(mx.pad(mx.array([1.5]), 1, { constantValues: -2.5, stream }), [3], [-2.5, 1.5, -2.5]);
    const b = mx.pad(mx.array([true]), [1, 0], { constantValues: true, stream });
    expect(await b.tolistAsync()).toEqual([true, true]);
    await check(mx.pad(mx.array([7], mx.uint8), [2, 0], { constantValues: 3, stream }), [3], [3, 3, 7]);
    await check(mx.pad(mx.zeros([0, 2]), [[1, 1], [0, 0]], { constantValues: 4, stream }), [2, 2], [4, 4, 4, 4]);
    await check(mx.pad(mx.transpose(x), [[0, 0], [1, 0]], { stream }), [2, 3], [0, -5, -1, 0, -3, 1]);
    expect(() => mx.pad(x, -1, { stream })).toThrow(/\[pad\]/);
    expect(() => mx.pad(x, [[1, 1], [1, 1], [1, 1]], { stream })).toThrow(/\[pad\]/);
    expect(() => mx.pad(x, 1, { mode: "edge" as "constant", stream })).toThrow(/\[pad\].*constant/);
  });

  test("repeat and tile", async () => {
    const r = rng(24);
    for (let t = 0; t < 40; t++) {
      const shape = randomShape(r, 3, 3);
      const { x, data } = iota(shape);
      const k = Math.floor(r() * 4);
      if (shape.length > 0 && r() < 0.7) {
        const axis = Math.floor(r() * shape.length);
        const outShape = shape.map((d, i) => (i === axis ? d * k : d));
        await check(mx.repeat(x, k, { axis, stream }), outShape, build(outShape, (i) => at(data, shape, i.map((v, j) => (j === axis ? Math.floor(v / k) : v)))));
      } else {
        await check(mx.repeat(x, k, { stream }), [data.length * k], build([data.length * k], (i) => data[Math.floor(i[0]! / k)]!));
      }
      const reps = Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * 3));
      const nd = Math.max(shape.length, reps.length);
      const sh = [...new Array(nd - shape.length).fill(1), ...shape];
      const rr = [...new Array(nd - reps.length).fill(1), ...reps];
      const outShape = sh.map((d, i) => d * rr[i]!);
      await check(mx.tile(x, reps, { stream }), outShape, build(outShape, (i) => at(data, sh, i.map((v, j) => v % sh[j]!))));
    }
    await check(mx.tile(mx.array([1, 2]), 2, { stream }), [4], [1, 2, 1, 2]);
    await check(mx.repeat(mx.array([[1, 2], [3, 4]]), 2, { axis: 1, stream }), [2, 4], [1, 1, 2, 2, 3, 3, 4, 4]);
    expect(() => mx.repeat(mx.array([1]), -1, { stream })).toThrow(/\[repeat\]/);
    expect(() => mx.repeat(mx.array([1]), 2, { axis: 1, stream })).toThrow(/\[repeat\]/);
    expect(() => mx.tile(mx.array([1]), [-1], { stream })).toThrow(/\[tile\]/);
  });

  test("moveaxis and swapaxes", async () => {
    const { x, data } = iota([2, 3, 4]);
    const sh = [2, 3, 4];
    await check(mx.moveaxis(x, 0, -1, { stream }), [3, 4, 2], build([3, 4, 2], (i) => at(data, sh, [i[2]!, i[0]!, i[1]!])));
    await check(x.moveaxis([0, 1], [2, 0]), [3, 4, 2], build([3, 4, 2], (i) => at(data, sh, [i[2]!, i[0]!, i[1]!])));
    await check(mx.swapaxes(x, 0, 2, { stream }), [4, 3, 2], build([4, 3, 2], (i) => at(data, sh, [i[2]!, i[1]!, i[0]!])));
    await check(x.swapaxes(-1, 1), [2, 4, 3], build([2, 4, 3], (i) => at(data, sh, [i[0]!, i[2]!, i[1]!])));
    expect(() => mx.moveaxis(x, 3, 0, { stream })).toThrow(/\[moveaxis\]/);
    expect(() => mx.moveaxis(x, [0, 0], [1, 2], { stream })).toThrow(/\[moveaxis\]/);
    expect(() => mx.moveaxis(x, [0], [1, 2], { stream })).toThrow(/\[moveaxis\]/);
    expect(() => mx.swapaxes(x, 0, 3, { stream })).toThrow(/\[swapaxes\]/);
  });

  test("uint8/bool/float32 payloads go through the 1-byte and 4-byte paths", async () => {
    for (const dt of [mx.uint8, mx.bool, mx.float32, mx.uint32]) {
      const x = mx.array([1, 0, 1, 1, 0, 0], dt).reshape([2, 3]);
      const conv = (v: number) => (dt === mx.bool ? v !== 0 : v);
      expect(await mx.concatenate([x, x], { axis: 1, stream }).tolistAsync()).toEqual([[1, 0, 1, 1, 0, 1], [1, 0, 0, 1, 0, 0]].map((r) => r.map(conv)));
      expect(await mx.tile(x.get(0), 2, { stream }).tolistAsync()).toEqual([1, 0, 1, 1, 0, 1].map(conv));
      expect(await mx.repeat(x.get(1), 2, { stream }).tolistAsync()).toEqual([1, 1, 0, 0, 0, 0].map(conv));
      expect(await mx.pad(x.get(1), 1, { stream }).tolistAsync()).toEqual([0, 1, 0, 0, 0].map(conv));
      expect(await mx.split(x, 3, { axis: 1, stream })[2]!.tolistAsync()).toEqual([[1], [0]].map((r) => r.map(conv)));
      expect(mx.stack([x.get(0), x.get(1)], { axis: 1, stream }).dtype).toBe(dt);
    }
  });
});

import { describe, expect, test } from "bun:test";
import { mx, streamsFor, rng, strides } from "./helpers.ts";

// ---- a plain-TypeScript reference of NumPy indexing ----
type RefArr = { shape: number[]; data: number[] };
type RefComp =
  | { k: "int"; v: number }
  | { k: "slice"; start: number | null; stop: number | null; step: number | null }
  | { k: "new" }
  | { k: "ell" }
  | { k: "arr"; a: RefArr };

const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

function pySlice(n: number, start: number | null, stop: number | null, step: number | null): number[] {
  const st = step ?? 1;
  const out: number[] = [];
  if (st > 0) {
    let a = start === null ? 0 : start < 0 ? Math.max(0, start + n) : Math.min(start, n);
    const b = stop === null ? n : stop < 0 ? Math.max(0, stop + n) : Math.min(stop, n);
    for (; a < b; a += st) out.push(a);
  } else {
    let a = start === null ? n - 1 : start < 0 ? Math.max(-1, start + n) : Math.min(start, n - 1);
    const b = stop === null ? -1 : stop < 0 ? Math.max(-1, stop + n) : Math.min(stop, n - 1);
    for (; a > b; a += st) out.push(a);
  }
  return out;
}

function bcast(shapes: number[][]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array(nd).fill(1);
  for (const s of shapes) s.forEach((d, i) => { const o = nd - s.length + i; if (d !== 1) out[o] = d; });
  return out;
}

function unravel(i: number, shape: number[]): number[] {
  const idx = new Array(shape.length).fill(0);
  for (let d = shape.length - 1; d >= 0; d--) { idx[d] = i % shape[d]!; i = Math.floor(i / shape[d]!); }
  return idx;
}

/** Result shape and, for each result element, the flat source position in x. */
function refIndex(shape: number[], comps: RefComp[]): { shape: number[]; src: number[] } {
  const consumed = comps.filter((c) => c.k !== "new" && c.k !== "ell").length;
  const fill: RefComp[] = Array.from({ length: shape.length - consumed }, () => ({ k: "slice", start: null, stop: null, step: null }));
  const ei = comps.findIndex((c) => c.k === "ell");
  let full = ei >= 0 ? [...comps.slice(0, ei), ...fill, ...comps.slice(ei + 1)] : [...comps, ...fill];
  const hasArr = full.some((c) => c.k === "arr");
  if (hasArr) full = full.map((c) => (c.k === "int" ? { k: "arr", a: { shape: [], data: [c.v] } } : c));
  const advPos = full.flatMap((c, i) => (c.k === "arr" ? [i] : []));
  const adjacent = advPos.length === 0 || advPos[advPos.length - 1]! - advPos[0]! === advPos.length - 1;
  const B = bcast(full.filter((c) => c.k === "arr").map((c) => (c as { a: RefArr }).a.shape));
  // output dims: entries {t: "dim", comp, list} | {t: "B"}
  type OD = { t: "slice"; ci: number; list: number[] } | { t: "new" } | { t: "B" };
  const ods: OD[] = [];
  let d = 0;
  const lists: number[][] = [];
  full.forEach((c, i) => {
    if (c.k === "slice") { const l = pySlice(shape[d]!, c.start, c.stop, c.step); lists[i] = l; ods.push({ t: "slice", ci: i, list: l }); d++; }
    else if (c.k === "new") ods.push({ t: "new" });
    else if (c.k === "arr") { if (i === advPos[0]) ods.push({ t: "B" }); d++; }
    else if (c.k === "int") d++;
  });
  if (!adjacent) { const bi = ods.findIndex((o) => o.t === "B"); ods.splice(bi, 1); ods.unshift({ t: "B" }); }
  const outShape: number[] = [];
  for (const o of ods) if (o.t === "slice") outShape.push(o.list.length); else if (o.t === "new") outShape.push(1); else outShape.push(...B);
  const xs = strides(shape);
  const src: number[] = [];
  for (let e = 0; e < size(outShape); e++) {
    const oi = unravel(e, outShape);
    let p = 0;
    const sliceVal = new Map<number, number>();
    let bIdx: number[] = [];
    for (const o of ods) {
      if (o.t === "slice") sliceVal.set(o.ci, o.list[oi[p++]!]!);
      else if (o.t === "new") p++;
      else { bIdx = oi.slice(p, p + B.length); p += B.length; }
    }
    let off = 0;
    let dim = 0;
    full.forEach((c, i) => {
      if (c.k === "slice") off += sliceVal.get(i)! * xs[dim++]!;
      else if (c.k === "int") { off += (c.v < 0 ? c.v + shape[dim]! : c.v) * xs[dim]!; dim++; }
      else if (c.k === "arr") {
        const a = c.a;
        const ai = bIdx.slice(bIdx.length - a.shape.length).map((v, j) => (a.shape[j] === 1 ? 0 : v));
        let f = 0;
        ai.forEach((v, j) => (f = f * a.shape[j]! + v));
        let v = a.data[f]!;
        if (v < 0) v += shape[dim]!;
        off += v * xs[dim++]!;
      }
    });
    src.push(off);
  }
  return { shape: outShape, src };
}

// ---- random index generation: the same index as kiln items and as reference components ----
type Item = number | string | null | number[] | number[][];
function randomIndex(r: () => number, shape: number[], allowArrays: boolean): { items: Item[]; comps: RefComp[] } {
  const items: Item[] = [];
  const comps: RefComp[] = [];
  const ri = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const nUse = ri(0, shape.length);
  const useEll = r() < 0.4;
  const head = useEll ? ri(0, nUse) : nUse;
  const dims = [...Array.from({ length: head }, (_, i) => i), ...Array.from({ length: nUse - head }, (_, i) => shape.length - (nUse - head) + i)];
  let arrShape: number[] | null = null;
  dims.forEach((d, j) => {
    if (useEll && j === head) { items.push("..."); comps.push({ k: "ell" }); }
    if (r() < 0.15) { items.push(r() < 0.5 ? null : "None"); comps.push({ k: "new" }); }
    const n = shape[d]!;
    const t = r();
    if (t < 0.2 && n > 0) {
      const v = ri(-n, n - 1);
      items.push(v); comps.push({ k: "int", v });
    } else if (t < 0.55 && allowArrays && n > 0) {
      if (!arrShape) arrShape = r() < 0.5 ? [ri(0, 3)] : [ri(1, 2), ri(1, 3)];
      const sh = r() < 0.3 ? arrShape.map(() => 1) : arrShape;
      const data = Array.from({ length: size(sh) }, () => ri(-n, n - 1));
      const nested = sh.length === 1 ? data : Array.from({ length: sh[0]! }, (_, i) => data.slice(i * sh[1]!, (i + 1) * sh[1]!));
      items.push(nested as Item); comps.push({ k: "arr", a: { shape: sh, data } });
    } else {
      const pick = () => (r() < 0.3 ? null : ri(-n - 3, n + 3));
      const start = pick(); const stop = pick();
      const step = r() < 0.4 ? null : [1, 2, 3, -1, -2, -3][ri(0, 5)]!;
      const str = `${start ?? ""}:${stop ?? ""}${step === null ? (r() < 0.5 ? ":" : "") : ":" + step}`;
      items.push(str); comps.push({ k: "slice", start, stop, step });
    }
  });
  if (useEll && head === dims.length) { items.push("..."); comps.push({ k: "ell" }); }
  if (r() < 0.2) { items.push(null); comps.push({ k: "new" }); }
  return { items, comps };
}

function randomShape(r: () => number, maxNd = 4, maxD = 5): number[] {
  const nd = 1 + Math.floor(r() * maxNd);
  return Array.from({ length: nd }, () => Math.floor(r() * maxD) + (r() < 0.1 ? 0 : 1));
}

function iota(shape: number[]): { x: mx.MxArray; data: number[] } {
  const data = Array.from({ length: size(shape) }, (_, i) => i * 3 - 7);
  return { x: mx.array(new Int32Array(data), { shape }), data };
}

describe.each(streamsFor("indexing"))("indexing on $name", ({ stream }) => {
  test("basic indexing matches NumPy on random indices", async () => {
    const r = rng(11);
    for (let t = 0; t < 250; t++) {
      const shape = randomShape(r);
      const { x, data } = iota(shape);
      const { items, comps } = randomIndex(r, shape, false);
      const ref = refIndex(shape, comps);
      const y = mx.getItem(x, items as mx.IndexItem[], { stream });
      expect(y.shape).toEqual(ref.shape);
      expect(Array.from(await y.data())).toEqual(ref.src.map((i) => data[i]!));
    }
  });

  test("advanced indexing matches NumPy (one, several, separated, 2-D index arrays)", async () => {
    const r = rng(12);
    let withArrays = 0;
    for (let t = 0; t < 300; t++) {
      const shape = randomShape(r);
      const { x, data } = iota(shape);
      const { items, comps } = randomIndex(r, shape, true);
      if (comps.some((c) => c.k === "arr")) withArrays++;
      const ref = refIndex(shape, comps);
      const y = mx.getItem(x, items as mx.IndexItem[], { stream });
      expect(y.shape).toEqual(ref.shape);
      expect(Array.from(await y.data())).toEqual(ref.src.map((i) => data[i]!));
    }
    expect(withArrays).toBeGreaterThan(80);
  });

  test("comma strings, varargs, null/None/newaxis and ellipsis agree", async () => {
    const { x } = iota([3, 4, 5]);
    const same = async (a: mx.MxArray, b: mx.MxArray) => {
      expect(a.shape).toEqual(b.shape);
      expect(await a.tolistAsync()).toEqual(await b.tolistAsync());
    };
    await same(x.get(":, :, 0"), x.get(":", ":", 0));
    await same(x.get("..., 0"), x.get(":", ":", 0));
    await same(x.get("1:, None"), x.get("1:", null));
    await same(x.get("newaxis, 2"), x.get(null, 2));
    expect(x.get("1:, None").shape).toEqual([2, 1, 4, 5]);
    expect(x.get("...").shape).toEqual([3, 4, 5]);
    expect(x.get(null, "...", null).shape).toEqual([1, 3, 4, 5, 1]);
    expect(x.get(0, 1, 2).shape).toEqual([]);
    expect(await x.get(0, 1, 2).itemAsync()).toBe((0 * 20 + 1 * 5 + 2) * 3 - 7);
    expect(await x.get(" 2 , -1 , ::2 ").tolistAsync()).toEqual([2 * 20 + 15, 2 * 20 + 17, 2 * 20 + 19].map((i) => i * 3 - 7));
  });

  test("advanced index placement follows NumPy", async () => {
    const { x } = iota([3, 4, 5, 6]);
    expect(x.get(":", [0, 1], [1, 2]).shape).toEqual([3, 2, 6]);
    expect(x.get(":", [0, 1], ":", [1, 2]).shape).toEqual([2, 3, 5]);
    expect(x.get(0, ":", [0, 1]).shape).toEqual([2, 4, 6]);
    expect(x.get(":", 0, [0, 1]).shape).toEqual([3, 2, 6]);
    expect(x.get([[0], [1]], ":", [0, 1, 2]).shape).toEqual([2, 3, 4, 6]);
    expect(x.get("...", [1, 2]).shape).toEqual([3, 4, 5, 2]);
    expect(x.get([1], null, [1]).shape).toEqual([1, 1, 5, 6]);
    expect(x.get(mx.array(2)).shape).toEqual([4, 5, 6]);
  });

  test("all dtypes and index dtypes", async () => {
    for (const dt of [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool]) {
      const data = [1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10];
      const x = mx.array(data, dt).reshape([3, 4]);
      const conv = (v: number) => (dt === mx.bool ? v !== 0 : v);
      expect(await x.get(1).tolistAsync()).toEqual([5, 4, 7, 6].map(conv));
      expect(await x.get(":", "::-2").tolistAsync()).toEqual([[2, 0], [6, 4], [10, 8]].map((r) => r.map(conv)));
      for (const idt of [mx.int32, mx.uint32, mx.uint8]) {
        const idx = mx.array([2, 0], { dtype: idt });
        expect(await x.get(idx, 3).tolistAsync()).toEqual([10, 2].map(conv));
        expect(await mx.take(x, idx, { axis: 1, stream }).tolistAsync()).toEqual([[3, 1], [7, 5], [11, 9]].map((r) => r.map(conv)));
      }
      expect(x.get([-1, 0], "1:3").dtype).toBe(dt);
    }
  });

  test("non-contiguous and zero-size inputs", async () => {
    const { x, data } = iota([4, 3]);
    const xt = mx.transpose(x);
    expect(await xt.get(1, "::-1").tolistAsync()).toEqual([3, 2, 1, 0].map((i) => data[i * 3 + 1]!));
    expect(await xt.get([2, 0], [0, 3]).tolistAsync()).toEqual([data[2]!, data[9]!]);
    const e = mx.zeros([0, 3]);
    expect(e.get(":", 1).shape).toEqual([0]);
    expect(e.get(":", [0, 2]).shape).toEqual([0, 2]);
    expect(x.get("2:1").shape).toEqual([0, 3]);
    expect(x.get([]).shape).toEqual([0, 3]);
    expect(x.get(mx.zeros([0, 2], { dtype: mx.int32 }), 1).shape).toEqual([0, 2]);
  });

  test("index errors", async () => {
    const x = mx.zeros([4, 3]);
    expect(() => x.get(5)).toThrow("[get] Index 5 is out of bounds for axis 0 with size 4");
    expect(() => x.get(":", -4)).toThrow(/\[get\] Index -4 is out of bounds for axis 1 with size 3/);
    expect(() => x.get(0, 0, 0)).toThrow(/\[get\] Too many indices/);
    expect(() => x.get("...", "...")).toThrow(/\[get\].*ellipsis/);
    expect(() => x.get("::0")).toThrow(/\[get\].*step cannot be zero/);
    expect(() => x.get("1:a")).toThrow(/\[get\] Cannot parse/);
    expect(() => x.get("1:2:3:4")).toThrow(/\[get\] Cannot parse/);
    expect(() => x.get(1.5)).toThrow(/\[get\]/);
    expect(() => x.get([true, false, true, true])).toThrow(/\[get\].*[Bb]oolean/);
    expect(() => x.get(mx.array([true, false]))).toThrow(/\[get\].*[Bb]oolean/);
    expect(() => x.get(mx.array([0.5]))).toThrow(/\[get\].*integer/);
    expect(() => x.get([0, 1], [0, 1, 2])).toThrow(/\[get\].*broadcast/);
    // array indices are checked when the kernel runs
    const bad = x.get([0, 4]);
    if (stream === mx.cpu) await expect(bad.data()).rejects.toThrow("[get] Index 4 is out of bounds for axis 0 with size 4");
    if (stream === mx.cpu) await expect(x.get(":", [-4]).tolistAsync()).rejects.toThrow(/\[get\] Index -4 is out of bounds for axis 1 with size 3/);
    if (stream === mx.cpu) await expect(x.get(mx.array([7], { dtype: mx.uint32 })).tolistAsync()).rejects.toThrow(/\[get\] Index 7 is out of bounds/);
    if (stream === mx.cpu) await expect(mx.take(x, [12], { stream }).tolistAsync()).rejects.toThrow(/\[take\] Index 12 is out of bounds/);
    expect(() => mx.take(x, [1.5], { stream })).toThrow(/\[take\].*integer/);
    expect(() => mx.take(x, [0], { axis: 2, stream })).toThrow(/\[take\].*[Aa]xis/);
  });

  test("take along every axis, flattened, scalar and 2-D indices", async () => {
    const r = rng(13);
    for (let t = 0; t < 60; t++) {
      const shape = randomShape(r, 3, 4).map((d) => Math.max(d, 1));
      const { x, data } = iota(shape);
      const axis = Math.floor(r() * shape.length);
      const n = shape[axis]!;
      const ish = r() < 0.5 ? [Math.floor(r() * 4)] : r() < 0.5 ? [2, 2] : [];
      const idata = Array.from({ length: size(ish) }, () => Math.floor(r() * 2 * n) - n);
      const idx = mx.array(new Int32Array(idata), { shape: ish });
      const y = mx.take(x, idx, { axis: r() < 0.5 ? axis : axis - shape.length, stream });
      const pre = shape.slice(0, axis);
      const post = shape.slice(axis + 1);
      expect(y.shape).toEqual([...pre, ...ish, ...post]);
      const xs = strides(shape);
      const expd: number[] = [];
      for (let e = 0; e < y.size; e++) {
        const oi = unravel(e, y.shape);
        const bi = oi.slice(pre.length, pre.length + ish.length);
        let f = 0;
        bi.forEach((v, j) => (f = f * ish[j]! + v));
        let v = idata[f]!;
        if (v < 0) v += n;
        const si = [...oi.slice(0, pre.length), v, ...oi.slice(pre.length + ish.length)];
        expd.push(data[si.reduce((acc, s, j) => acc + s * xs[j]!, 0)]!);
      }
      expect(Array.from(await y.data())).toEqual(expd);
    }
    const { x, data } = iota([3, 4]);
    expect(await mx.take(x, [11, -12, 5], { stream }).tolistAsync()).toEqual([data[11]!, data[0]!, data[5]!]);
    expect(await x.take(2, { axis: 0 }).tolistAsync()).toEqual(data.slice(8, 12));
    expect(mx.take(x, [[1, 2]], { stream }).shape).toEqual([1, 2]);
  });

  test("takeAlongAxis on every axis with broadcast indices", async () => {
    const r = rng(14);
    for (let t = 0; t < 60; t++) {
      const shape = randomShape(r, 3, 4).map((d) => Math.max(d, 1));
      const { x, data } = iota(shape);
      const axis = Math.floor(r() * shape.length);
      const n = shape[axis]!;
      const m = Math.floor(r() * 4);
      const ish = shape.map((d, i) => (i === axis ? m : r() < 0.4 ? 1 : d));
      const idata = Array.from({ length: size(ish) }, () => Math.floor(r() * 2 * n) - n);
      const idx = mx.array(new Int32Array(idata), { shape: ish });
      const y = mx.takeAlongAxis(x, idx, { axis, stream });
      const outShape = shape.map((d, i) => (i === axis ? m : d));
      expect(y.shape).toEqual(outShape);
      const xs = strides(shape);
      const is = strides(ish);
      const expd: number[] = [];
      for (let e = 0; e < size(outShape); e++) {
        const oi = unravel(e, outShape);
        let v = idata[oi.reduce((acc, s, j) => acc + (ish[j] === 1 ? 0 : s) * is[j]!, 0)]!;
        if (v < 0) v += n;
        const si = oi.map((s, j) => (j === axis ? v : s));
        expd.push(data[si.reduce((acc, s, j) => acc + s * xs[j]!, 0)]!);
      }
      expect(Array.from(await y.data())).toEqual(expd);
    }
    const { x, data } = iota([2, 3]);
    expect(await mx.takeAlongAxis(x, [5, 0], { stream }).tolistAsync()).toEqual([data[5]!, data[0]!]);
    // x broadcast along non-axis dims
    expect(await mx.takeAlongAxis(mx.array([[1, 2, 3]]), [[0], [2]], { axis: 1, stream }).tolistAsync()).toEqual([[1], [3]]);
    expect(() => mx.takeAlongAxis(x, [[0]], { axis: 2, stream })).toThrow(/\[takeAlongAxis\]/);
    expect(() => mx.takeAlongAxis(x, [0, 1], { axis: 1, stream })).toThrow(/\[takeAlongAxis\].*same number of dimensions/);
    if (stream === mx.cpu) await expect(mx.takeAlongAxis(x, [[3]], { axis: 1, stream }).tolistAsync()).rejects.toThrow("[takeAlongAxis] Index 3 is out of bounds for axis 1 with size 3");
  });

  test("putAlongAxis", async () => {
    const x = mx.array([[1, 2, 3], [4, 5, 6]]);
    expect(await mx.putAlongAxis(x, [[2], [0]], mx.array([[9], [8]]), { axis: 1, stream }).tolistAsync()).toEqual([[1, 2, 9], [8, 5, 6]]);
    expect(await mx.putAlongAxis(x, [[1, 0, 1]], 0, { axis: 0, stream }).tolistAsync()).toEqual([[1, 0, 3], [0, 5, 0]]);
    expect(await mx.putAlongAxis(x, [5, -6], 7.9, { stream }).tolistAsync()).toEqual([[7, 2, 3], [4, 5, 7]]);
    expect(await x.tolistAsync()).toEqual([[1, 2, 3], [4, 5, 6]]);
    if (stream === mx.cpu) await expect(mx.putAlongAxis(x, [[3]], 1, { axis: 1, stream }).tolistAsync()).rejects.toThrow(/\[putAlongAxis\] Index 3 is out of bounds/);
    expect(() => mx.putAlongAxis(x, [[[0]]], 1, { axis: 1, stream })).toThrow(/\[putAlongAxis\]/);
  });

  test("putAlongAxis on every axis, duplicate indices (last write wins), every dtype", async () => {
    const r = rng(16);
    const dts = [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool];
    for (let t = 0; t < 40; t++) {
      const dt = dts[t % dts.length]!;
      const shape = randomShape(r, 3, 5).map((d) => Math.max(d, 1));
      const xdata = Array.from({ length: size(shape) }, (_, i) => (dt === mx.bool ? i % 3 === 0 ? 1 : 0 : (i * 7) % 200));
      const x = mx.array(new dt.ArrayType(xdata), { shape, dtype: dt });
      const axis = Math.floor(r() * shape.length);
      const n = shape[axis]!;
      const m = Math.floor(r() * 2 * n) + (t % 7 === 0 ? 0 : 1);
      const ish = shape.map((d, i) => (i === axis ? m : d));
      const idata = Array.from({ length: size(ish) }, () => Math.floor(r() * 2 * n) - n);
      const vdata = Array.from({ length: size(ish) }, (_, i) => (dt === mx.bool ? (i + t) % 2 : 201 + (i % 50)));
      const udt = t % 2 === 0 ? mx.int32 : mx.uint32;
      const idx = mx.array(udt === mx.uint32 ? Uint32Array.from(idata, (v) => (v < 0 ? v + n : v)) : new Int32Array(idata), { shape: ish });
      const y = mx.putAlongAxis(x, idx, mx.array(new dt.ArrayType(vdata), { shape: ish, dtype: dt }), { axis, stream });
      expect(y.dtype).toBe(dt);
      const xs = strides(shape);
      const expd = xdata.slice();
      for (let e = 0; e < size(ish); e++) {
        const oi = unravel(e, ish);
        const v = idata[e]! < 0 ? idata[e]! + n : idata[e]!;
        expd[oi.reduce((acc, s, j) => acc + (j === axis ? v : s) * xs[j]!, 0)] = vdata[e]!;
      }
      expect(Array.from(await y.data(), Number)).toEqual(expd);
    }
  });

  test("set matches NumPy assignment on random indices (broadcast values, last write wins)", async () => {
    const r = rng(15);
    for (let t = 0; t < 200; t++) {
      const shape = randomShape(r);
      const { x, data } = iota(shape);
      const { items, comps } = randomIndex(r, shape, t % 2 === 1);
      const ref = refIndex(shape, comps);
      // value: full shape, or its trailing dims with some broadcast 1s
      const vnd = Math.floor(r() * (ref.shape.length + 1));
      const vsh = ref.shape.slice(ref.shape.length - vnd).map((d) => (r() < 0.3 ? 1 : d));
      const vdata = Array.from({ length: size(vsh) }, (_, i) => 1000 + i);
      const value = mx.array(new Int32Array(vdata), { shape: vsh });
      const expd = data.slice();
      ref.src.forEach((s, e) => {
        const oi = unravel(e, ref.shape).slice(ref.shape.length - vnd);
        const vi = oi.map((v, j) => (vsh[j] === 1 ? 0 : v));
        let f = 0;
        vi.forEach((v, j) => (f = f * vsh[j]! + v));
        expd[s] = vdata[f]!;
      });
      const y = mx.setItem(x, items as mx.IndexItem[], value, { stream });
      expect(y.shape).toEqual(shape);
      expect(Array.from(await y.data())).toEqual(expd);
      expect(Array.from(await x.data())).toEqual(data);
    }
  });

  test("x.set updates the handle; arrays derived earlier keep the old value", async () => {
    const { x, data } = iota([3, 4]);
    const y = x.reshape([12]);
    const z = mx.take(x, [0, 1], { axis: 0, stream });
    const w = mx.transpose(x);
    const ev = x.get(0);
    (await ev.data());
    x.set(0, "1:3", 100);
    x.set([2, 2], [0, 3], mx.array([7.9, 8.2]));
    expect(x.dtype).toBe(mx.int32);
    const expd = data.slice();
    expd[1] = 100; expd[2] = 100; expd[8] = 7; expd[11] = 8;
    expect(Array.from(await x.data())).toEqual(expd);
    expect(Array.from(await y.data())).toEqual(data);
    expect(Array.from(await z.data())).toEqual(data.slice(0, 8));
    expect(await w.get(1).tolistAsync()).toEqual([data[1]!, data[5]!, data[9]!]);
    expect(await ev.tolistAsync()).toEqual(data.slice(0, 4));
    // set on an evaluated array, then chaining more updates
    const u = mx.zeros([2, 3], { dtype: mx.uint8 });
    (await u.data());
    u.set("...", -1, 255);
    u.set(":, ::-2", mx.array([[1, 2]]));
    expect(await u.tolistAsync()).toEqual([[2, 0, 1], [2, 0, 1]]);
    const b = mx.zeros([2, 2], { dtype: mx.bool });
    b.set(1, 3);
    expect(await b.tolistAsync()).toEqual([[false, false], [true, true]]);
    const f = mx.zeros([4]);
    f.set([0, 0, 3], mx.array([1, 2, 3]));
    expect(Array.from(await f.data())).toEqual([2, 0, 0, 3]);
    const tr = mx.transpose(iota([2, 3]).x);
    tr.set(":", 0, -5);
    expect(await tr.tolistAsync()).toEqual([[-5, 2], [-5, 5], [-5, 8]]);
  });

  test("set errors", async () => {
    const x = mx.zeros([3, 4]);
    expect(() => x.set(0, mx.zeros([3]))).toThrow(/\[set\] Cannot broadcast value of shape \(3\) to the indexed shape \(4\)/);
    expect(() => x.set(5, 1)).toThrow(/\[set\] Index 5 is out of bounds for axis 0 with size 3/);
    expect(() => x.set(1)).toThrow(/\[set\]/);
    const y = mx.zeros([3]);
    y.set([3], 1);
    if (stream === mx.cpu) await expect(y.data()).rejects.toThrow(/\[set\] Index 3 is out of bounds for axis 0 with size 3/);
    expect(() => x.set(mx.array([true, false, true]), 1)).toThrow(/\[set\].*[Bb]oolean/);
  });
});

describe.each(streamsFor("indexing"))("slice / sliceUpdate on $name", ({ stream }) => {
  test("fixed-size blocks", async () => {
    const x = mx.arange(12, { stream }).reshape([3, 4]);
    expect(await mx.slice(x, [1, 2], null, [2, 2], { stream }).tolistAsync()).toEqual([[6, 7], [10, 11]]);
    expect(await mx.slice(x, [1], [1], [3, 3], { stream }).tolistAsync()).toEqual([[1, 2, 3], [5, 6, 7], [9, 10, 11]]);
    expect(await mx.slice(x, [-1], [0], [1, 4], { stream }).tolistAsync()).toEqual([[8, 9, 10, 11]]);
    expect(mx.slice(x, [0, 0], null, [0, 4], { stream }).shape).toEqual([0, 4]);
    const u = mx.sliceUpdate(x, mx.array([[-1, -2]]), [2, 1], null, { stream });
    expect(await u.tolistAsync()).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, -1, -2, 11]]);
    expect(await mx.sliceUpdate(x, mx.array([[0.5], [9.7]]), [3], [1], { stream }).tolistAsync()).toEqual([[0, 1, 2, 0], [4, 5, 6, 9], [8, 9, 10, 11]]);
    expect(await x.get(2).tolistAsync()).toEqual([8, 9, 10, 11]);
    expect(() => mx.slice(x, [2, 0], null, [2, 4], { stream })).toThrow(/\[slice\].*does not fit/);
    expect(() => mx.slice(x, [0], [2], [1, 1], { stream })).toThrow(/\[slice\]/);
    expect(() => mx.sliceUpdate(x, mx.zeros([4]), [0], null, { stream })).toThrow(/\[sliceUpdate\]/);
    expect(() => mx.sliceUpdate(x, mx.zeros([1, 5]), [0], null, { stream })).toThrow(/\[sliceUpdate\].*does not fit/);
  });
});

describe.each(streamsFor("indexing"))("index errors at evaluation on $name", ({ stream }) => {
  test("a failed gather/scatter keeps failing on every read and leaves inputs intact", async () => {
    const x = mx.arange(6, { stream });
    const bad = mx.take(x, [1, 9], { stream });
    // the GPU cannot raise mid-kernel: out-of-range reads give 0 and writes are dropped
    for (let i = 0; i < 2; i++) {
      if (stream === mx.cpu) await expect(bad.data()).rejects.toThrow(/\[take\] Index 9 is out of bounds for axis 0 with size 6/);
      else expect(await bad.tolistAsync()).toEqual([1, 0]);
    }
    const y = mx.arange(4, { stream });
    mx.withStream(stream, () => y.set([-5], 1));
    for (let i = 0; i < 2; i++) {
      if (stream === mx.cpu) await expect(y.tolistAsync()).rejects.toThrow(/\[set\] Index -5 is out of bounds for axis 0 with size 4/);
      else expect(await y.tolistAsync()).toEqual([0, 1, 2, 3]);
    }
    const z = mx.zeros([2, 2], { stream });
    const p = mx.putAlongAxis(z, [[2, 0]], 1, { axis: 0, stream });
    for (let i = 0; i < 2; i++) {
      if (stream === mx.cpu) await expect(p.tolistAsync()).rejects.toThrow(/\[putAlongAxis\] Index 2 is out of bounds for axis 0 with size 2/);
      else expect(await p.tolistAsync()).toEqual([[0, 1], [0, 0]]);
    }
    expect(await x.tolistAsync()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await z.tolistAsync()).toEqual([[0, 0], [0, 0]]);
  });
});

describe.skipIf(!mx.gpu.available)("indexing on the GPU: out-of-range indices stay inside the buffers", () => {
  test("reads give 0, writes are dropped, neighbours and other arrays are untouched", async () => {
    const s = { stream: mx.gpu };
    const x = mx.arange(6, s);
    expect(await mx.take(x, mx.array([1, 9, -7, 2]), s).tolistAsync()).toEqual([1, 0, 0, 2]);
    expect(await mx.takeAlongAxis(mx.reshape(x, [2, 3], s), mx.array([[5], [0]]), { axis: 1, ...s }).tolistAsync()).toEqual([[0], [3]]);
    const y = mx.multiply(x, 1, s);
    mx.withStream(mx.gpu, () => y.set(mx.array([0, 7, -9, 5]), mx.array([10, 11, 12, 13])));
    expect(await y.tolistAsync()).toEqual([10, 1, 2, 3, 4, 13]);
    const b = mx.zeros([9], { dtype: mx.uint8, ...s });
    const bu = mx.add(b, 0, s);
    mx.withStream(mx.gpu, () => bu.set(mx.array([1, 4, 40, 8]), 7));
    expect(await bu.tolistAsync()).toEqual([0, 7, 0, 0, 7, 0, 0, 0, 7]);
    expect(await x.tolistAsync()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test("more than 4 index arrays is a clear error on the GPU (storage-buffer bindings), fine on the CPU", async () => {
    const i = mx.array([0, 1]);
    const x = mx.reshape(mx.arange(32), [2, 2, 2, 2, 2]);
    expect(await mx.withStream(mx.cpu, () => x.get(i, i, i, i, i)).tolistAsync()).toEqual([0, 31]);
    await expect(mx.withStream(mx.gpu, () => x.get(i, i, i, i, i)).tolistAsync()).rejects.toThrow(/\[get\] The GPU kernel takes at most 4 index arrays, got 5/);
    expect(await mx.withStream(mx.gpu, () => x.get(i, i, i, i)).tolistAsync()).toEqual([[0, 1], [30, 31]]);
    const y = mx.add(x, 0, { stream: mx.gpu });
    mx.withStream(mx.gpu, () => y.set(i, i, i, i, i, -1));
    await expect(y.tolistAsync()).rejects.toThrow(/\[set\] The GPU kernel takes at most 4 index arrays, got 5/);
  });

  test("duplicate indices: the last write wins, as on the CPU", async () => {
    for (const stream of [mx.cpu, mx.gpu]) {
      const y = mx.zeros([4], { stream });
      const z = mx.add(y, 0, { stream });
      mx.withStream(stream, () => z.set(mx.array([2, 0, 2, 2, 0]), mx.array([1, 2, 3, 4, 5])));
      expect(await z.tolistAsync()).toEqual([5, 0, 4, 0]);
      const p = mx.putAlongAxis(mx.zeros([2, 3], { stream }), mx.array([[1, 1, 0]]), mx.array([[7, 8, 9]]), { axis: 0, stream });
      expect(await p.tolistAsync()).toEqual([[0, 0, 9], [7, 8, 0]]);
    }
  });
});

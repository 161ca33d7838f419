/**
 * GPU-only cases of the reduce and softmax kernels (shaders/reduce.wgsl, softmax.wgsl): the
 * chunked multi-pass reductions (a 70,000-element row, lowered thresholds giving up to six
 * passes), one-thread-per-column layouts, packed byte outputs across workgroups, grids wider
 * than 65535 workgroups, every dtype, NaN/±inf/-0, empty and size-1 reductions, and softmax
 * on long rows, many rows and extreme logits — each against a float64 TypeScript reference
 * (and the CPU kernel). Tolerances: float sums |err| <= 1e-6 * sum(|x|) of the reduced
 * elements, float products rtol 1e-5, softmax rtol 1e-5 / atol 1e-9 (rows of 70,000: rtol
 * 2e-5); everything else exact. (Grids above 65535 workgroups need 16M+ outputs or 65536
 * barrier-synchronised workgroups, minutes on SwiftShader: tests/gpu.test.ts covers the
 * encoder's folding; the kernels use the same linear id.)
 */
import { describe, expect, test } from "bun:test";
import { GPU_STREAMS, expectClose, mx, rng, strides } from "./helpers.ts";
import { reduceTuning } from "../src/backend/gpu/reduce.ts";
import { gpuContext } from "../src/backend/gpu/device.ts";

type Prim = "sum" | "prod" | "max" | "min" | "argmax" | "argmin" | "all" | "any";
const PRIMS: Prim[] = ["sum", "prod", "max", "min", "argmax", "argmin", "all", "any"];
const DTYPES = [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool];

/** Float64 reference of one reduction of `v` (its elements in order) with the CPU's integer wrapping. */
function ref1(prim: Prim, dt: mx.DType, v: number[]): number {
  const isF = dt === mx.float32;
  const wrap = (x: number) => (dt === mx.int32 || dt === mx.bool ? x | 0 : x >>> 0);
  const nan = (x: number) => Number.isNaN(x);
  switch (prim) {
    case "sum":
      return isF ? v.reduce((a, b) => a + b, 0) : v.reduce((a, b) => wrap(a + b), 0);
    case "prod":
      return isF ? v.reduce((a, b) => a * b, 1) : v.reduce((a, b) => wrap(Math.imul(a, b)), 1);
    case "max":
    case "min": {
      if (v.some(nan)) return NaN;
      const m = prim === "max" ? Math.max(...v) : Math.min(...v);
      return m === 0 && v.some((x) => Object.is(x, prim === "max" ? 0 : -0)) ? (prim === "max" ? 0 : -0) : m;
    }
    case "argmax":
    case "argmin": {
      let b = 0;
      for (let i = 1; i < v.length; i++) {
        if (nan(v[b]!)) break;
        if (nan(v[i]!) || (prim === "argmax" ? v[i]! > v[b]! : v[i]! < v[b]!)) b = i;
      }
      return b;
    }
    case "all":
      return v.every((x) => x !== 0) ? 1 : 0;
    case "any":
      return v.some((x) => x !== 0) ? 1 : 0;
  }
}

/** Reference reduction of row-major `data` of `shape` over `axes` (output in row-major order). */
function ref(prim: Prim, dt: mx.DType, data: ArrayLike<number>, shape: number[], axes: number[]): number[] {
  const st = strides(shape);
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const groups = new Map<number, number[]>();
  for (let f = 0; f < data.length; f++) {
    let o = 0;
    for (const d of kept) o = o * shape[d]! + (Math.floor(f / st[d]!) % shape[d]!);
    let g = groups.get(o);
    if (!g) groups.set(o, (g = []));
    g.push(data[f]!);
  }
  const outSize = kept.reduce((p, d) => p * shape[d]!, 1);
  return Array.from({ length: outSize }, (_, o) => ref1(prim, dt, groups.get(o) ?? []));
}

/** Random values of a dtype (floats in [-1, 1); integers small, large unsigned, bytes, flags). */
function values(dt: mx.DType, n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const u = r();
    if (dt === mx.float32) return Math.fround(2 * u - 1);
    if (dt === mx.int32) return Math.floor(u * 201) - 100;
    if (dt === mx.uint32) return Math.floor(u * 4_000_000_000);
    if (dt === mx.uint8) return Math.floor(u * 256);
    return u < 0.7 ? 1 : 0;
  });
}

/** Factors for products that neither overflow nor vanish: near 1 for floats, mostly ±1 for integers. */
function factors(dt: mx.DType, n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => {
    const u = r();
    if (dt === mx.float32) return Math.fround(0.995 + 0.01 * u);
    if (dt === mx.int32) return u < 0.45 ? -1 : u < 0.98 ? 1 : 3;
    if (dt === mx.bool) return u < 0.999 ? 1 : 0;
    return u < 0.97 ? 1 : u < 0.99 ? 3 : 7;
  });
}

function arrayOf(dt: mx.DType, v: number[], shape: number[]): mx.MxArray {
  if (dt === mx.bool) return mx.array(Uint8Array.from(v), { shape }).astype(mx.bool);
  const T = { float32: Float32Array, int32: Int32Array, uint32: Uint32Array, uint8: Uint8Array }[dt.name as "float32"];
  return mx.array(T.from(v), { shape });
}

/** Float sums: |got - exact| <= 1e-6 * sum(|x|) per output (the sum's condition). */
function expectSum(got: ArrayLike<number>, exact: number[], mass: number[]): void {
  expect(got.length).toBe(exact.length);
  for (let i = 0; i < exact.length; i++) {
    const err = Math.abs(got[i]! - exact[i]!);
    if (!(err <= 1e-6 * mass[i]!)) throw new Error(`element ${i}: expected ${exact[i]}, got ${got[i]} (sum |x| ${mass[i]})`);
  }
}

/** Every primitive and dtype over `axes` of `shape`, against the reference and the CPU. */
async function checkAll(shape: number[], axes: number[], seed: number, prims = PRIMS): Promise<void> {
  const size = shape.reduce((a, b) => a * b, 1);
  for (const dt of DTYPES) {
    const v = values(dt, size, seed);
    const pv = factors(dt, size, seed + 1);
    const x = arrayOf(dt, v, shape);
    const px = arrayOf(dt, pv, shape);
    for (const prim of prims) {
      if ((prim === "argmax" || prim === "argmin") && axes.length !== 1) continue;
      const src = prim === "prod" ? px : x;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const f = (mx as any)[prim] as (a: mx.MxArray, o: object) => mx.MxArray;
      const o = prim === "argmax" || prim === "argmin" ? { axis: axes[0] } : { axis: axes };
      const g = f(src, { ...o, stream: mx.gpu });
      const c = f(src, { ...o, stream: mx.cpu });
      const got = await g.data();
      expect(g.dtype).toBe(c.dtype);
      const r = ref(prim, dt, prim === "prod" ? pv : v, shape, axes);
      try {
        if (dt === mx.float32 && prim === "sum") {
          const mass = ref("sum", dt, v.map(Math.abs), shape, axes);
          expectSum(got, r, mass);
          expectSum(got, Array.from(await c.data()), mass.map((m) => 2 * m));
        } else {
          const rtol = dt === mx.float32 && prim === "prod" ? 1e-5 : 0;
          expectClose(got, r, rtol, 0);
          expectClose(got, await c.data(), 4 * rtol, 0); // the CPU multiplies in its own order
        }
      } catch (e) {
        throw new Error(`${prim} ${dt.name} shape [${shape}] axes [${axes}]: ${(e as Error).message}`);
      }
    }
  }
}

/** Dispatches encoded to compute `f()` from evaluated inputs. */
async function dispatchesOf(f: () => mx.MxArray): Promise<number> {
  const enc = gpuContext()!.encoder;
  const before = enc.dispatches;
  await mx.eval(f());
  return enc.dispatches - before;
}

async function withTuning<T extends object>(obj: T, over: Partial<T>, fn: () => Promise<void>): Promise<void> {
  const saved = { ...obj };
  Object.assign(obj, over);
  try {
    await fn();
  } finally {
    Object.assign(obj, saved);
  }
}

describe.each(GPU_STREAMS)("GPU reduce and softmax kernels ($name)", () => {
  test("a row of 70,000 (two chunked passes), every primitive and dtype", async () => {
    await checkAll([70_000], [0], 1);
  }, 60_000);

  test("many short rows, one thread per column (2 passes), non-adjacent axes", async () => {
    await checkAll([3000, 7], [1], 2);
    await checkAll([37, 2000], [0], 3);
    await checkAll([5, 30, 9], [0, 2], 4);
    await checkAll([2, 3, 4, 5], [1, 3], 5);
  }, 60_000);

  test("lowered thresholds: up to six passes of partials, values and indices", async () => {
    await withTuning(reduceTuning, { split: 16, chunk: 8, colChunk: 3, colMinOutputs: 4 }, async () => {
      await checkAll([2, 1000], [1], 6); // rows: 1000 -> 125 -> 16
      await checkAll([300, 5], [0], 7); // columns: 300 -> 100 -> 34 -> 12 -> 4 -> 2 -> 1
      await checkAll([6, 50, 7], [0, 2], 8);
      const x = mx.array(new Float32Array(1500), { shape: [300, 5] });
      await mx.eval(x);
      expect(await dispatchesOf(() => mx.sum(x, 0, { stream: mx.gpu }))).toBe(6);
      expect(await dispatchesOf(() => mx.argmax(x.reshape([2, 750]), 1, { stream: mx.gpu }))).toBe(3);
    });
    const y = mx.array(new Float32Array(70_000));
    await mx.eval(y);
    expect(await dispatchesOf(() => mx.sum(y, { stream: mx.gpu }))).toBe(2);
    expect(await dispatchesOf(() => mx.sum(y.reshape([35, 2000]), 0, { stream: mx.gpu }))).toBe(2); // 35 -> 2 (chunks of 32)
    expect(await dispatchesOf(() => mx.sum(y.reshape([20, 3500]), 0, { stream: mx.gpu }))).toBe(1);
    expect(await dispatchesOf(() => mx.sum(y.reshape([35, 2000]), 1, { stream: mx.gpu }))).toBe(1);
  }, 60_000);

  test("argmax/argmin ties and NaN across chunks give the first index", async () => {
    const d = new Float32Array(70_000).fill(0);
    d[50_001] = 7;
    d[60_002] = 7;
    d[9_000] = -7;
    d[69_999] = -7;
    const x = mx.array(d);
    expect(await mx.argmax(x, { stream: mx.gpu }).itemAsync()).toBe(50_001);
    expect(await mx.argmin(x, { stream: mx.gpu }).itemAsync()).toBe(9_000);
    d[65_000] = NaN;
    d[66_000] = NaN;
    const y = mx.array(d);
    for (const p of ["argmax", "argmin"] as const) expect(await mx[p](y, { stream: mx.gpu }).itemAsync()).toBe(65_000);
    expect(Number.isNaN(await mx.max(y, { stream: mx.gpu }).itemAsync())).toBe(true);
    expect(Number.isNaN(await mx.min(y, { stream: mx.gpu }).itemAsync())).toBe(true);
    expect(await mx.all(y, { stream: mx.gpu }).itemAsync()).toBe(false);
  });

  test("±inf, -0 and NaN in max/min/sum", async () => {
    const g = { stream: mx.gpu };
    const big = new Float32Array(20_000).fill(1);
    big[12_345] = Infinity;
    expect(await mx.sum(mx.array(big), g).itemAsync()).toBe(Infinity);
    expect(await mx.max(mx.array(big), g).itemAsync()).toBe(Infinity);
    big[19_000] = -Infinity;
    expect(Number.isNaN(await mx.sum(mx.array(big), g).itemAsync())).toBe(true);
    expect(await mx.min(mx.array(big), g).itemAsync()).toBe(-Infinity);
    expect(await mx.argmin(mx.array(big), g).itemAsync()).toBe(19_000);
    const z = mx.array(new Float32Array([-0, 0, -0, 0, -0]));
    expect(Object.is(await mx.max(z, g).itemAsync(), 0)).toBe(true);
    expect(Object.is(await mx.min(z, g).itemAsync(), -0)).toBe(true);
    expect(Object.is(await mx.max(mx.array(new Float32Array([-0, -0])), g).itemAsync(), -0)).toBe(true);
  });

  test("packed byte outputs across workgroups; empty and size-1 reductions", async () => {
    await checkAll([1001, 5], [1], 9, ["max", "min", "all", "any"]);
    await checkAll([7, 300], [1], 10, ["max", "min", "all", "any"]);
    await checkAll([5, 0], [1], 11, ["sum", "prod", "all", "any"]);
    await checkAll([0], [0], 12, ["sum", "prod", "all", "any"]);
    await checkAll([9, 1, 3], [1], 13);
    await checkAll([1], [0], 14);
  }, 60_000);

  test("non-contiguous inputs: transposed, sliced, broadcast", async () => {
    const v = values(mx.float32, 6 * 7 * 8, 15);
    const x = mx.array(Float32Array.from(v), { shape: [6, 7, 8] });
    const views: mx.MxArray[] = [mx.transpose(x, [2, 0, 1]), mx.slice(x, [1, 0, 2], null, [4, 7, 6]), mx.broadcastTo(mx.sum(x, 1, { keepdims: true }), [6, 3, 8])];
    for (const t of views) {
      const td = Array.from(await t.data());
      for (const axes of [[0], [1], [2], [0, 2]]) {
        expectClose(await mx.sum(t, { axis: axes, stream: mx.gpu }).data(), ref("sum", mx.float32, td, t.shape, axes), 2e-6, 1e-6);
        expectClose(await mx.max(t, { axis: axes, stream: mx.gpu }).data(), ref("max", mx.float32, td, t.shape, axes), 0, 0);
      }
      expectClose(await mx.argmin(t, 1, { stream: mx.gpu }).data(), ref("argmin", mx.float32, td, t.shape, [1]), 0, 0);
    }
  });

  test("forced threads per item: 4 and 256 (capped at 64 for packed byte outputs)", async () => {
    for (const threads of [4, 256]) {
      await withTuning(reduceTuning, { threads }, async () => {
        await checkAll([13, 50], [1], 16);
        await checkAll([40, 6], [0], 17);
      });
    }
  }, 60_000);
});

/** Float64 softmax of consecutive rows of length n. */
function softmaxRef(v: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(v.length);
  for (let r = 0; r < v.length / n; r++) {
    let m = -Infinity;
    for (let j = 0; j < n; j++) m = Number.isNaN(v[r * n + j]!) || Number.isNaN(m) ? NaN : Math.max(m, v[r * n + j]!);
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.exp(v[r * n + j]! - m);
    for (let j = 0; j < n; j++) out[r * n + j] = Math.exp(v[r * n + j]! - m) / s;
  }
  return out;
}

describe.each(GPU_STREAMS)("GPU softmax ($name)", () => {
  async function check(v: number[], shape: number[], rtol: number, atol: number): Promise<void> {
    const x = mx.array(Float32Array.from(v), { shape });
    const g = await mx.softmax(x, { axis: -1, stream: mx.gpu }).data();
    expectClose(g, softmaxRef(Float32Array.from(v), shape[shape.length - 1]!), rtol, atol);
    expectClose(g, await mx.softmax(x, { axis: -1, stream: mx.cpu }).data(), rtol, atol);
  }
  const rand = (n: number, lo: number, hi: number, seed: number) => {
    const r = rng(seed);
    return Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * r()));
  };

  test("a row of 70,000 (256 threads, one workgroup) and many short rows", async () => {
    await check(rand(70_000, -10, 10, 21), [70_000], 2e-5, 1e-12);
    await check(rand(2 * 70_000, -10, 10, 22), [2, 70_000], 2e-5, 1e-12);
    for (const [rows, n] of [[3000, 5], [100, 130], [9, 513], [257, 1], [65, 2]] as const) {
      await check(rand(rows * n, -20, 20, 23 + n), [rows, n], 1e-5, 1e-9);
    }
  }, 60_000);

  test("large logits, ±inf and NaN on long rows", async () => {
    const n = 5000;
    const rows: number[][] = [];
    rows.push(rand(n, -1e4, 1e4, 31)); // spread logits: mostly exact zeros
    rows.push(rand(n, 1e30, 1e30, 32).map((x, i) => (i % 7 === 0 ? -1e30 : x))); // equal huge logits
    rows.push(rand(n, -5, 5, 33).map((x, i) => (i % 3 === 0 ? -Infinity : x))); // -inf gives 0
    rows.push(rand(n, -5, 5, 34).map((x, i) => (i === 4321 ? Infinity : x))); // +inf: NaN row
    rows.push(rand(n, -5, 5, 35).map((x, i) => (i === 4999 ? NaN : x))); // NaN row
    rows.push(new Array<number>(n).fill(-Infinity)); // all -inf: NaN row
    rows.push(rand(n, 80, 88, 36)); // logits near exp overflow
    await check(rows.flat(), [rows.length, n], 1e-5, 1e-9);
  });
});

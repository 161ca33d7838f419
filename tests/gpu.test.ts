/**
 * The WebGPU backend: every copy/unary/binary primitive on the GPU agrees with the CPU (per
 * family tolerances below), cross-stream graphs, unified-memory transfer counts, sync readers
 * of GPU-only values, device limits, a complete GPU kernel table,
 * and the CPU fallback when no adapter passes validation. GPU cases exist only when a
 * validated adapter was found; KILN_REQUIRE_GPU=1 (CI) makes its absence a failure.
 */
import { describe, expect, test } from "bun:test";
import { GPU_STREAMS, expectClose, mx, randomData } from "./helpers.ts";
import { gpuKernels, GPU_FAMILIES } from "../src/backend/gpu/index.ts";
import { BINARY, CONV, COPY, INDEXING, MATMUL, RANDOM, REDUCE, SOFTMAX, SORT, UNARY } from "../src/primitives/names.ts";
import { validateDevice, gpuContext } from "../src/backend/gpu/device.ts";

const required = !!process.env.KILN_REQUIRE_GPU && process.env.KILN_REQUIRE_GPU !== "0";

test("a usable GPU was found when KILN_REQUIRE_GPU=1 (CI must run the GPU cases)", () => {
  if (required) {
    expect(mx.gpu.available).toBe(true);
    expect(GPU_STREAMS.length).toBe(1);
  }
  expect(typeof mx.gpu.available).toBe("boolean");
  expect(mx.cpu.available).toBe(true);
});

test("without a usable adapter everything runs on the CPU and {stream: mx.gpu} throws", () => {
  const index = new URL("../src/index.ts", import.meta.url).pathname;
  const code = `const mx = await import(${JSON.stringify(index)});
    let msg = "";
    try { mx.add(1, 2, { stream: mx.gpu }); } catch (e) { msg = String(e.message); }
    console.log(JSON.stringify({ avail: mx.gpu.available, info: mx.gpu.info, v: mx.add(1, 2).item(), msg, dev: String(mx.defaultDevice()) }));`;
  const r = Bun.spawnSync([process.execPath, "-e", code], {
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, KILN_DISABLE_GPU: "1" },
  });
  const out = JSON.parse(r.stdout.toString().trim().split("\n").pop()!);
  expect(out.avail).toBe(false);
  expect(out.info).toBe(null);
  expect(out.v).toBe(3);
  expect(out.dev).toBe("Device(cpu, 0)");
  expect(out.msg).toMatch(/\[add\] The gpu device is not available/);
});

// Inputs per dtype: small integers and values that every cast maps the same on both devices.
function inputs(dtype: mx.DType, n: number, seed: number, lo = -3, hi = 3): mx.MxArray {
  const d = randomData(n, lo, hi, seed);
  if (dtype === mx.float32) return mx.array(d);
  if (dtype === mx.bool) return mx.array(Array.from(d, (v) => v > 0));
  if (dtype === mx.uint8) return mx.array(Uint8Array.from(d, (v) => Math.floor((v - lo) * 40) & 0xff));
  if (dtype === mx.uint32) return mx.array(Uint32Array.from(d, (v) => Math.floor((v - lo) * 1000)));
  return mx.array(Int32Array.from(d, (v) => Math.floor(v * 1000)));
}

const DTYPES = [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool];
const SPECIAL = [0, -0, 1, -1, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-30, -1e-30, 100, -100, NaN, Infinity, -Infinity];

/** Domain and tolerance (GPU vs CPU) of each float unary op. */
const UNARY_F: Record<string, { lo: number; hi: number; rtol: number; atol: number }> = {
  sqrt: { lo: 0, hi: 9, rtol: 1e-6, atol: 0 }, rsqrt: { lo: 0.01, hi: 9, rtol: 2e-6, atol: 0 },
  reciprocal: { lo: -9, hi: 9, rtol: 1e-6, atol: 0 }, exp: { lo: -80, hi: 80, rtol: 2e-6, atol: 0 },
  expm1: { lo: -3, hi: 3, rtol: 4e-6, atol: 1e-7 }, log: { lo: 0, hi: 100, rtol: 2e-6, atol: 1e-7 },
  log1p: { lo: -0.99, hi: 9, rtol: 4e-6, atol: 1e-7 }, log2: { lo: 0, hi: 100, rtol: 2e-6, atol: 1e-7 },
  sin: { lo: -50, hi: 50, rtol: 4e-6, atol: 2e-7 }, cos: { lo: -50, hi: 50, rtol: 4e-6, atol: 2e-7 },
  tan: { lo: -1.5, hi: 1.5, rtol: 4e-6, atol: 2e-7 }, tanh: { lo: -10, hi: 10, rtol: 2e-6, atol: 1e-7 },
  sigmoid: { lo: -30, hi: 30, rtol: 2e-6, atol: 1e-12 }, erf: { lo: -4, hi: 4, rtol: 4e-6, atol: 1e-7 },
  erfinv: { lo: -0.999, hi: 0.999, rtol: 1e-5, atol: 1e-7 },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const op = (name: string): ((...a: unknown[]) => mx.MxArray) => (mx as any)[name];

async function both(f: (s: mx.Device) => mx.MxArray, rtol = 0, atol = 0): Promise<void> {
  const c = f(mx.cpu);
  const g = f(mx.gpu);
  expect(g.shape).toEqual(c.shape);
  expect(g.dtype).toBe(c.dtype);
  expectClose(await g.data(), await c.data(), rtol, atol);
}

describe.each(GPU_STREAMS)("GPU kernels agree with the CPU ($name)", () => {
  for (const prim of UNARY) {
    test(`unary ${prim} on every dtype, odd sizes, special values`, async () => {
      const t = UNARY_F[prim];
      for (const dt of DTYPES) {
        if (t && dt !== mx.float32) continue; // float-only math casts: covered by the float case
        const x = t ? inputs(dt, 1037, 3, t.lo, t.hi) : inputs(dt, 1037, 3);
        if (prim === "negative" && dt === mx.bool) {
          expect(() => op(prim)(x, { stream: mx.gpu })).toThrow(/\[negative\]/);
          continue;
        }
        await both((s) => op(prim)(x, { stream: s }), t?.rtol ?? 0, t?.atol ?? 0);
      }
      if (prim === "sin" || prim === "cos" || prim === "tan") return; // |x| = 1e30 needs Payne-Hanek
      const sp = mx.array(new Float32Array(SPECIAL.filter((v) => Math.abs(v) !== 100 || prim !== "exp")));
      await both((s) => op(prim)(sp, { stream: s }), t?.rtol ?? 0, t?.atol ?? 0);
      await both((s) => op(prim)(mx.zeros([0]), { stream: s }));
      await both((s) => op(prim)(mx.array(0.5), { stream: s }), 2e-6);
    });
  }

  const FLOAT_TOL: Record<string, [number, number]> = { power: [2e-5, 1e-6], logaddexp: [1e-5, 1e-6], divide: [1e-6, 0] };
  for (const prim of BINARY) {
    if (prim === "where") continue;
    test(`binary ${prim} on every dtype with broadcasting and a transposed operand`, async () => {
      for (const dt of DTYPES) {
        const a = inputs(dt, 3 * 4 * 5, 7).reshape([3, 4, 5]);
        const b = inputs(dt, 4 * 5, 8).reshape([5, 4]).T; // non-contiguous
        const bc = inputs(dt, 3, 9).reshape([3, 1, 1]); // broadcast
        let ok = true;
        try {
          op(prim)(a, b, { stream: mx.cpu });
        } catch {
          ok = false; // e.g. subtract of bools is an error on every stream
        }
        if (!ok) {
          expect(() => op(prim)(a, b, { stream: mx.gpu })).toThrow(new RegExp(`\\[${prim}\\]`));
          continue;
        }
        const [rtol, atol] = dt === mx.float32 || prim === "divide" || prim === "logaddexp" ? FLOAT_TOL[prim] ?? [1e-6, 0] : [0, 0];
        await both((s) => op(prim)(a, b, { stream: s }), rtol, atol);
        await both((s) => op(prim)(bc, a, { stream: s }), rtol, atol);
        await both((s) => op(prim)(a, mx.array(2), { stream: s }), rtol, atol);
      }
      const sp = mx.array(new Float32Array(SPECIAL));
      const sp2 = mx.array(new Float32Array(SPECIAL)).reshape([16, 1]);
      const [rtol, atol] = FLOAT_TOL[prim] ?? [1e-6, 0];
      await both((s) => op(prim)(sp2, sp, { stream: s }), rtol, atol);
      await both((s) => op(prim)(mx.zeros([0, 3]), mx.ones([3]), { stream: s }));
    });
  }

  test("where broadcasts cond, x, y of every dtype", async () => {
    const c = inputs(mx.bool, 12, 1).reshape([3, 4]);
    for (const dt of DTYPES) {
      const x = inputs(dt, 4, 2);
      const y = inputs(dt, 3, 3).reshape([3, 1]);
      await both((s) => mx.where(c, x, y, { stream: s }));
    }
  });

  test("astype between every pair of dtypes (in-range values), non-contiguous and empty inputs", async () => {
    for (const from of DTYPES) {
      const x = inputs(from, 6 * 7, 4, 0, 100).reshape([6, 7]);
      for (const to of DTYPES) {
        await both((s) => mx.astype(x, to, { stream: s }));
        await both((s) => mx.astype(x.T, to, { stream: s }));
      }
      await both((s) => mx.astype(mx.zeros([0], { dtype: from }), mx.float32, { stream: s }));
    }
  });

  test("strided copies: transpose, broadcastTo, slices of 1-byte and 4-byte dtypes", async () => {
    for (const dt of DTYPES) {
      const x = inputs(dt, 2 * 3 * 5, 5).reshape([2, 3, 5]);
      await both((s) => mx.transpose(x, [2, 0, 1], { stream: s }));
      await both((s) => mx.broadcastTo(x.reshape([2, 1, 15]), [2, 3, 15], { stream: s }));
      await both((s) => mx.reshape(mx.transpose(x, [1, 2, 0], { stream: s }), [15, 2], { stream: s }));
    }
  });

  test("full, zeros, ones, arange, eye", async () => {
    for (const dt of DTYPES) {
      await both((s) => mx.full([3, 5], 7, { dtype: dt, stream: s }));
      await both((s) => mx.zeros([7], { dtype: dt, stream: s }));
      await both((s) => mx.ones([2, 3], { dtype: dt, stream: s }));
    }
    await both((s) => mx.arange(0, 10, 0.5, { stream: s }), 1e-7);
    await both((s) => mx.arange(-5, 300, 3, { stream: s }));
    await both((s) => mx.arange(0, 300, 1, { dtype: mx.uint8, stream: s }));
    await both((s) => mx.eye(5, 7, { k: 1, stream: s }));
  });

  test("concatenate of 1-byte and 4-byte dtypes along every axis, with empty parts", async () => {
    for (const dt of DTYPES) {
      const a = inputs(dt, 2 * 3, 1).reshape([2, 3]);
      const b = inputs(dt, 2 * 5, 2).reshape([2, 5]);
      const c = inputs(dt, 3 * 3, 3).reshape([3, 3]);
      await both((s) => mx.concatenate([a, b, mx.zeros([2, 0], { dtype: dt })], { axis: 1, stream: s }));
      await both((s) => mx.concatenate([a, c, a], { axis: 0, stream: s }));
    }
  });
});

describe.each(GPU_STREAMS)("streams and unified memory ($name)", () => {
  test("c = add(a, b) on the CPU, d = add(a, c) on the GPU, and the reverse", async () => {
    const a = mx.array([1, 2, 3, 4]);
    const b = mx.array([10, 20, 30, 40]);
    const c = mx.add(a, b, { stream: mx.cpu });
    const d = mx.add(a, c, { stream: mx.gpu });
    expect(Array.from(await d.data())).toEqual([12, 24, 36, 48]);
    const e = mx.multiply(a, b, { stream: mx.gpu });
    const f = mx.add(a, e, { stream: mx.cpu });
    expect(Array.from(await f.data())).toEqual([11, 42, 93, 164]);
    expect(f.tolist()).toEqual([11, 42, 93, 164]);
  });

  test("a chain on one device moves nothing; a cross-device chain moves exactly what it needs", async () => {
    const a = mx.array(randomData(1000, -1, 1, 1));
    const b = mx.array(randomData(1000, -1, 1, 2));
    await mx.eval(a, b);
    let t0 = mx.memory.stats().transfers;
    const cpuChain = mx.exp(mx.multiply(mx.add(a, b, { stream: mx.cpu }), 2, { stream: mx.cpu }), { stream: mx.cpu });
    await mx.eval(cpuChain);
    let t1 = mx.memory.stats().transfers;
    expect(t1).toEqual(t0);

    // GPU chain: the two leaves go up once (the scalar 2 too); nothing comes back until read
    t0 = t1;
    const g = mx.exp(mx.multiply(mx.add(a, b, { stream: mx.gpu }), 2, { stream: mx.gpu }), { stream: mx.gpu });
    const g2 = mx.subtract(g, a, { stream: mx.gpu });
    await mx.eval(g2);
    t1 = mx.memory.stats().transfers;
    expect(t1.toGpu.count - t0.toGpu.count).toBe(3);
    expect(t1.toGpu.bytes - t0.toGpu.bytes).toBe(4000 + 4000 + 4);
    expect(t1.toCpu).toEqual(t0.toCpu);
    // a second GPU chain on the same leaves uploads nothing new
    await mx.eval(mx.add(a, b, { stream: mx.gpu }));
    expect(mx.memory.stats().transfers.toGpu).toEqual(t1.toGpu);

    // reading it: one download of exactly its bytes; reading again moves nothing
    const v = await g2.data();
    const t2 = mx.memory.stats().transfers;
    expect(t2.toCpu.count - t1.toCpu.count).toBe(1);
    expect(t2.toCpu.bytes - t1.toCpu.bytes).toBe(4000);
    await g2.data();
    expect(mx.memory.stats().transfers).toEqual(t2);
    expectClose(v, await mx.subtract(cpuChain, a, { stream: mx.cpu }).data(), 2e-6, 1e-6);

    // CPU consumer of a GPU value: one download, then the host copy is reused
    const h = mx.add(g2, 1, { stream: mx.cpu });
    await mx.eval(h);
    expect(mx.memory.stats().transfers.toCpu).toEqual(t2.toCpu);
    const stats = mx.memory.stats();
    expect(stats.gpu.active).toBeGreaterThan(0);
    expect(stats.gpu.peak).toBeGreaterThanOrEqual(stats.gpu.active);
  });

  test("sync readers of a GPU-only value name the async reader; async readers work", async () => {
    const x = mx.add(mx.array([1, 2]), 1, { stream: mx.gpu });
    expect(() => x.dataSync()).toThrow(/async readers.*await x\.data\(\)/);
    expect(() => mx.evalSync(x)).toThrow(/GPU stream.*async/);
    await mx.eval(x);
    expect(() => x.tolist()).toThrow(/only on the GPU.*await x\.data\(\)/);
    expect(() => mx.evalSync(mx.add(x, 1, { stream: mx.cpu }))).toThrow(/only on the GPU.*async/);
    expect(String(x)).toContain("pending on the GPU");
    expect(await x.tolistAsync()).toEqual([2, 3]);
    expect(x.tolist()).toEqual([2, 3]); // the host copy is current now
    expect(await mx.sum(mx.array([1, 2])).itemAsync()).toBe(3);
  });

  test("every primitive has a GPU kernel and every family's suite runs on the GPU", () => {
    for (const p of [...UNARY, ...BINARY, ...COPY, ...REDUCE, ...INDEXING, ...MATMUL, ...CONV, ...SOFTMAX, ...RANDOM, ...SORT]) {
      expect(typeof gpuKernels[p]).toBe("function");
    }
    expect([...GPU_FAMILIES].sort()).toEqual(["binary", "conv", "copy", "indexing", "matmul", "random", "reduce", "softmax", "sort", "unary"]);
  });

  test("dispatches wider than 65535 workgroups use the y dimension", async () => {
    const n = 65535 * 64 + 300;
    const x = mx.arange(0, n, 1, { stream: mx.gpu });
    const y = mx.add(x, 1, { stream: mx.gpu });
    const v = await y.data();
    expect(v.length).toBe(n);
    expect([v[0], v[1], v[65535 * 64], v[n - 1]]).toEqual([1, 2, 65535 * 64 + 1, n]);
  });

  test("mx.gpu.info describes the adapter", () => {
    expect(mx.gpu.info).not.toBeNull();
    expect(typeof mx.gpu.info!.vendor).toBe("string");
  });

  test("an adapter that computes wrong answers fails validation", async () => {
    const dev = gpuContext()!.device;
    const wrap = <T extends object>(o: T, over: Record<string, unknown>): T =>
      new Proxy(o, {
        get(t, k) {
          if (typeof k === "string" && k in over) return over[k];
          const v = Reflect.get(t, k, t);
          return typeof v === "function" ? v.bind(t) : v;
        },
      });
    // a queue that drops submitted work, like Dawn's adapter without a Vulkan driver
    const queue = wrap(dev.queue, { submit: () => undefined });
    const broken = wrap(dev, { queue });
    expect(await validateDevice(broken)).toBe(false);
    expect(await validateDevice(dev)).toBe(true);
  });
});

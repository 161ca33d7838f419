/**
 * Memory: intermediates are freed during evaluation, long loops stay bounded, the buffer cache
 * is reused, and setLimit/clearCache behave.
 *
 * Unreachable evaluated arrays give their bytes back when the garbage collector runs their
 * finalizers (FinalizationRegistry), as MLX frees arrays when Python drops them. The heap nudges
 * the collector itself after large growth; these tests call Bun.gc(true) (and yield so the
 * finalizers run) where they measure, so that the numbers do not depend on GC timing.
 */
import { describe, expect, test } from "bun:test";
import { mx } from "./helpers.ts";

const stats = () => mx.memory.stats().cpu;
const active = () => stats().active;

/** Collects garbage and lets FinalizationRegistry callbacks run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 2; i++) {
    Bun.gc(true);
    await Bun.sleep(0);
  }
}

/** True when `mx[name]` exists and computes `[1, 2] op 2` as expected (another family may be mid-work). */
function works(name: string, expected: number[]): boolean {
  const f = (mx as unknown as Record<string, unknown>)[name];
  if (typeof f !== "function") return false;
  try {
    const r = (f as (a: unknown, b: unknown) => mx.MxArray)(mx.array([1, 2], mx.float32), 2);
    const got = Array.from(r.dataSync());
    return got.length === 2 && got[0] === expected[0] && got[1] === expected[1];
  } catch {
    return false;
  }
}

describe("intermediates", () => {
  test("many small graphs evaluated one after another keep active memory flat", () => {
    const before = active();
    for (let i = 0; i < 2000; i++) {
      using r = mx.transpose(mx.arange(i % 7, 1000 + (i % 7)).astype(mx.float32).reshape([10, 100]));
      mx.evalSync(r);
      // only the root holds bytes: 1000 float32 (bucket 4096)
      if (active() - before !== 4096) throw new Error(`step ${i}: ${active() - before} bytes active, expected 4096`);
    }
    expect(active()).toBe(before);
  });

  test("without `using`, only the roots stay until the collector reclaims them", async () => {
    await settle();
    const before = active();
    let last: mx.MxArray | null = null;
    for (let i = 0; i < 500; i++) {
      last = mx.arange(256).astype(mx.float32).T.reshape([16, 16]).astype(mx.int32);
      mx.evalSync(last);
    }
    // each root is 1 KiB; the four intermediates of every graph were freed at once
    expect(active() - before).toBeLessThanOrEqual(500 * 1024);
    await settle();
    expect(active() - before).toBeGreaterThanOrEqual(1024); // `last` is reachable
    expect(active() - before).toBeLessThanOrEqual(4 * 1024); // the other 499 roots were reclaimed
    expect((last!.tolist() as number[][])[15]![15]).toBe(255);
  });
});

describe("long loops", () => {
  test("a 10,000-step training-style loop keeps active memory bounded", async () => {
    // w = w*0.99 + 0.01*x when the arithmetic family is there; otherwise a chain of copy-family
    // ops of the same shape (casts and views) exercises the same memory path.
    const arithmetic = works("multiply", [2, 4]) && works("add", [3, 4]);
    await settle();
    const before = active();
    const n = 256;
    const target = mx.array(new Float32Array(n).map((_, i) => i / n));
    let w = mx.zeros([n]);
    type Bin = (a: unknown, b: unknown) => mx.MxArray;
    const m = mx as unknown as { multiply: Bin; add: Bin };
    let maxActive = 0;
    for (let step = 0; step < 10_000; step++) {
      if (arithmetic) w = m.add(m.multiply(w, 0.99), m.multiply(target, 0.01));
      else w = w.reshape([16, 16]).T.astype(mx.int32).astype(mx.float32).T.reshape([n]);
      mx.evalSync(w);
      if (step % 1000 === 999) {
        await settle();
        maxActive = Math.max(maxActive, active() - before);
      }
    }
    // after a collection only w and target (1 KiB each) remain, give or take a few small
    // buffers the conservative stack scan may keep; a leak would hold >= 1 KiB per step (10 MiB)
    expect(maxActive).toBeLessThanOrEqual(16 * 1024);
    if (arithmetic) {
      const got = w.dataSync();
      for (let i = 0; i < n; i++) expect(Math.abs(got[i]! - i / n)).toBeLessThan(1e-3);
    } else {
      expect(Array.from(w.dataSync()).every((v) => v === 0)).toBe(true);
    }
  });
});

describe("reclaim under pressure", () => {
  test("an `await mx.eval` loop holds memory flat with no GC calls of its own", async () => {
    // 10,000 steps of w = w*0.99 + x*0.01 on 64 KiB arrays: without reclaiming dropped roots
    // this would hold ~640 MiB; eval collects garbage and yields once enough fresh memory was
    // taken (64 MiB or a quarter of the active bytes), so the peak stays near that threshold.
    const n = 16 * 1024;
    const x = mx.full([n], 1);
    let w = mx.zeros([n]);
    await mx.eval(w, x);
    const before = active();
    let maxActive = 0;
    for (let step = 0; step < 10_000; step++) {
      w = mx.add(mx.multiply(w, 0.99), mx.multiply(x, 0.01));
      await mx.eval(w);
      maxActive = Math.max(maxActive, active() - before);
    }
    expect(maxActive).toBeLessThan(128 * 1024 * 1024);
    expect((await w.data())[0]).toBeCloseTo(1, 3);
  });
});

describe("buffer cache", () => {
  test("freed buffers are cached and reused: peak does not grow", () => {
    {
      using warm = mx.zeros([10_000]);
      mx.evalSync(warm);
    }
    mx.memory.resetPeak();
    const peak0 = stats().peak;
    expect(stats().cache).toBeGreaterThanOrEqual(40_000);
    for (let i = 0; i < 200; i++) {
      using x = mx.zeros([10_000]);
      mx.evalSync(x);
    }
    expect(stats().peak).toBeLessThanOrEqual(peak0 + 40_960);
  });

  test("clearCache empties the cache, and memory is still reusable afterwards", () => {
    {
      using x = mx.ones([5000]);
      mx.evalSync(x);
    }
    expect(stats().cache).toBeGreaterThan(0);
    mx.memory.clearCache();
    expect(stats().cache).toBe(0);
    const y = mx.arange(5000);
    expect((y.tolist() as number[])[4999]).toBe(4999);
  });
});

describe("memory limit", () => {
  test("allocating beyond setLimit throws a MemoryError starting with [memory]", () => {
    mx.memory.clearCache();
    const limit = active() + (1 << 20);
    const prev = mx.memory.setLimit(limit);
    try {
      expect(mx.memory.setLimit(limit)).toBe(limit); // returns the previous limit
      const big = mx.zeros([1 << 20]); // 4 MiB: recording is free...
      let err: unknown = null;
      try {
        mx.evalSync(big); // ...evaluating it is not
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(mx.MemoryError);
      expect(err).toBeInstanceOf(mx.KilnError);
      expect((err as Error).message.startsWith("[memory]")).toBe(true);
      expect((err as Error).message).toContain(String(limit));
      // leaves are allocated when they are made
      expect(() => mx.array(new Float32Array(1 << 20))).toThrow(/^\[memory\]/);
      // small arrays still fit
      expect(mx.arange(10).tolist()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // after raising the limit the same pending array evaluates
      mx.memory.setLimit(prev);
      expect(big.dataSync().length).toBe(1 << 20);
    } finally {
      mx.memory.setLimit(prev);
    }
  });

  test("stats have the documented shape", () => {
    const s = mx.memory.stats();
    for (const dev of [s.cpu, s.gpu]) {
      expect(typeof dev.active).toBe("number");
      expect(typeof dev.peak).toBe("number");
      expect(typeof dev.cache).toBe("number");
    }
    expect(s.cpu.peak).toBeGreaterThanOrEqual(s.cpu.active);
    expect(s.transfers.toGpu).toEqual({ count: expect.any(Number), bytes: expect.any(Number) });
    expect(s.transfers.toCpu).toEqual({ count: expect.any(Number), bytes: expect.any(Number) });
  });
});

/** nn.init: fans, ranges and standard deviations of the initializers (statistics on large draws). */
import { describe, expect, test } from "bun:test";
import { mx } from "./helpers.ts";
import * as nn from "../src/nn/index.ts";

function stats(a: mx.MxArray): { mean: number; std: number; min: number; max: number } {
  const d = a.dataSync();
  let s = 0, s2 = 0, min = Infinity, max = -Infinity;
  for (const v of d) {
    s += v;
    s2 += v * v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), min, max };
}

describe("nn.init", () => {
  test("fans follow MLX: fan_in = shape[-1], fan_out = shape[0], times the receptive field", () => {
    expect(nn.init.fans("t", [20, 30])).toEqual([30, 20]);
    expect(nn.init.fans("t", [8, 3, 3, 4])).toEqual([36, 72]);
    expect(() => nn.init.glorotUniform()(mx.zeros([5]))).toThrow(/\[init.glorotUniform\] .*at least 2 dimensions/);
  });

  test("glorotUniform / heUniform stay within their limits and fill them", () => {
    const a = mx.zeros([200, 100]);
    const lim = Math.sqrt(6 / 300);
    const g = stats(nn.init.glorotUniform()(a));
    expect(g.max).toBeLessThanOrEqual(lim);
    expect(g.min).toBeGreaterThanOrEqual(-lim);
    expect(g.std).toBeCloseTo(lim / Math.sqrt(3), 2);
    const g2 = stats(nn.init.glorotUniform()(a, 2));
    expect(g2.max).toBeGreaterThan(lim * 1.9);
    const h = stats(nn.init.heUniform()(a));
    expect(h.max).toBeLessThanOrEqual(Math.sqrt(3 / 100));
    expect(h.std).toBeCloseTo(Math.sqrt(3 / 100) / Math.sqrt(3), 2);
    const hOut = stats(nn.init.heUniform()(a, "fan_out"));
    expect(hOut.max).toBeLessThanOrEqual(Math.sqrt(3 / 200));
    expect(hOut.max).toBeGreaterThan(Math.sqrt(3 / 200) * 0.95);
  });

  test("glorotNormal / heNormal / normal have the right standard deviation", () => {
    const a = mx.zeros([300, 100]);
    expect(stats(nn.init.glorotNormal()(a)).std).toBeCloseTo(Math.sqrt(2 / 400), 2);
    expect(stats(nn.init.heNormal()(a)).std).toBeCloseTo(Math.sqrt(1 / 100), 2);
    expect(stats(nn.init.heNormal()(a, "fanOut", 2)).std).toBeCloseTo(2 / Math.sqrt(300), 2);
    const n = stats(nn.init.normal(1.5, 0.25)(a));
    expect(n.mean).toBeCloseTo(1.5, 2);
    expect(n.std).toBeCloseTo(0.25, 2);
    expect(() => nn.init.heNormal()(a, "bad" as never)).toThrow(/Invalid mode/);
  });

  test("uniform, constant, identity; the key option makes draws reproducible", () => {
    const u = stats(nn.init.uniform(-2, -1)(mx.zeros([1000])));
    expect(u.min).toBeGreaterThanOrEqual(-2);
    expect(u.max).toBeLessThan(-1);
    expect(nn.init.constant(0.5)(mx.zeros([2, 2])).tolist()).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    expect(nn.init.identity()(mx.zeros([2, 2])).tolist()).toEqual([[1, 0], [0, 1]]);
    expect(() => nn.init.identity()(mx.zeros([2, 3]))).toThrow(/square/);
    const k = mx.random.key(7);
    const d1 = nn.init.glorotNormal({ key: k })(mx.zeros([3, 3])).tolist();
    const d2 = nn.init.glorotNormal({ key: k })(mx.zeros([3, 3])).tolist();
    expect(d1).toEqual(d2);
  });
});

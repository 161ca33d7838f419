/** mx.customFunction (vjp/jvp overrides) and mx.checkpoint. */
import { describe, expect, test } from "bun:test";
import { expectClose, mx, randomData } from "./helpers.ts";

const f32 = (v: number[]) => mx.array(v, mx.float32);

describe("customFunction", () => {
  test("without overrides it is f; with a vjp override grad uses it", () => {
    const plain = mx.customFunction((x: mx.MxArray) => mx.square(x));
    expect(mx.grad((x: mx.MxArray) => mx.sum(plain(x)))(f32([1, 2])).tolist()).toEqual([2, 4]);
    const f = mx.customFunction((x: mx.MxArray, y: mx.MxArray) => mx.multiply(mx.sin(x), y));
    f.vjp((_primals, ct) => [mx.multiply(ct, 100), mx.multiply(ct, 7)]);
    const x = f32([1, 2]);
    const y = f32([3, 4]);
    expectClose(f(x, y).dataSync(), [Math.sin(1) * 3, Math.sin(2) * 4], 1e-6);
    const [gx, gy] = mx.grad((a: mx.MxArray, b: mx.MxArray) => mx.sum(mx.multiply(f(a, b), 2)), { argnums: [0, 1] })(x, y);
    expect(gx.tolist()).toEqual([200, 200]);
    expect(gy.tolist()).toEqual([14, 14]);
  });

  test("several outputs: the vjp sees every output's complete cotangent", () => {
    let seen: number[][] = [];
    const f = mx.customFunction((x: mx.MxArray) => [mx.multiply(x, 2), mx.multiply(x, 3)]);
    f.vjp((_p, cts: mx.MxArray[], outs: mx.MxArray[]) => {
      expect(outs.length).toBe(2);
      seen = cts.map((c) => c.tolist() as number[]);
      return [mx.add(mx.multiply(cts[0]!, 2), mx.multiply(cts[1]!, 3))];
    });
    // the second output is consumed through a longer chain than the first
    const g = mx.grad((x: mx.MxArray) => {
      const [a, b] = f(x) as mx.MxArray[];
      return mx.sum(mx.add(mx.multiply(mx.exp(mx.multiply(b!, 0)), 5), a!));
    })(f32([1, 2]));
    expect(seen).toEqual([[1, 1], [0, 0]]);
    expect(g.tolist()).toEqual([2, 2]);
  });

  test("a jvp override is used by jvp; vmap maps f itself", () => {
    const f = mx.customFunction((x: mx.MxArray) => mx.exp(x));
    f.jvp((_p, ts: mx.MxArray[]) => mx.multiply(ts[0]!, -1));
    const [, t] = mx.jvp((x: mx.MxArray) => f(x), [f32([0, 1])], [f32([1, 2])]);
    expect(t[0]!.tolist()).toEqual([-1, -2]);
    const v = mx.vmap((x: mx.MxArray) => f(x))(f32([0, 1]));
    expectClose(v.dataSync(), [1, Math.E], 1e-6);
  });

  test("compositions: grad of vmap and grad of jvp through a custom function", () => {
    const f = mx.customFunction((x: mx.MxArray) => mx.sin(x));
    f.vjp((p: mx.MxArray[], ct: mx.MxArray) => [mx.multiply(ct, mx.cos(p[0]!))]);
    const X = f32([0.1, 0.2, 0.3]);
    const g = mx.grad((x: mx.MxArray) => mx.sum(mx.vmap((r: mx.MxArray) => f(r))(x)))(X);
    expectClose(g.dataSync(), [0.1, 0.2, 0.3].map(Math.cos), 1e-6);
    // d/dx of the tangent cos(x) v is -sin(x) v (the jvp goes through f's own graph)
    const h = mx.grad((x: mx.MxArray) => mx.sum(mx.jvp((r: mx.MxArray) => f(r), [x], [mx.onesLike(x)])[1][0]!))(X);
    expectClose(h.dataSync(), [0.1, 0.2, 0.3].map((t) => -Math.sin(t)), 1e-6);
  });

  test("a vjp returning the wrong number of cotangents is an error", () => {
    const f = mx.customFunction((x: mx.MxArray, y: mx.MxArray) => mx.add(x, y));
    f.vjp((_p, ct) => [ct]);
    expect(() => mx.grad((x: mx.MxArray) => mx.sum(f(x, x)))(f32([1]))).toThrow(/\[customFunction\]/);
  });
});

describe("checkpoint", () => {
  test("gradients (first and second order) equal those of f", () => {
    const f = (w: mx.MxArray, x: mx.MxArray) => mx.tanh(mx.matmul(x, w));
    const cf = mx.checkpoint(f);
    const w = mx.array(randomData(6, -1, 1, 3), { shape: [3, 2] });
    const x = mx.array(randomData(12, -1, 1, 4), { shape: [4, 3] });
    const loss = (g: typeof f) => (ww: mx.MxArray, xx: mx.MxArray) => mx.sum(mx.square(g(ww, xx)));
    const [a0, a1] = mx.grad(loss(f), { argnums: [0, 1] })(w, x);
    const [b0, b1] = mx.grad(loss(cf), { argnums: [0, 1] })(w, x);
    expectClose(b0.dataSync(), a0.dataSync(), 1e-5, 1e-6);
    expectClose(b1.dataSync(), a1.dataSync(), 1e-5, 1e-6);
    const h = (g: typeof f) => mx.grad((ww: mx.MxArray) => mx.sum(mx.grad(loss(g))(ww, x)));
    expectClose(h(cf)(w).dataSync(), h(f)(w).dataSync(), 1e-5, 1e-6);
    expectClose(cf(w, x).dataSync(), f(w, x).dataSync(), 1e-6);
  });
});

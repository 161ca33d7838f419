/** kiln/optimizers: two steps of each optimizer against its formula in TypeScript, state, schedules, clipGradNorm. */
import { describe, expect, test } from "bun:test";
import { expectClose, mx, randomData } from "./helpers.ts";
import * as nn from "../src/nn/index.ts";
import * as optim from "../src/optimizers/index.ts";

const data = (a: mx.MxArray) => a.dataSync();

/** A tiny module with a matrix and a vector parameter. */
class Params extends nn.Module {
  w: mx.MxArray;
  inner: { b: mx.MxArray }[];
  constructor(w: Float32Array, b: Float32Array) {
    super();
    this.w = mx.array(w, { shape: [2, 3] });
    this.inner = [{ b: mx.array(b) }];
  }
}

type Rule = (w: number[], g: number[], s: Record<string, number[]>, t: number) => number[];

/**
 * Applies two updates with fixed gradients through optimizer.update(model, grads) and compares
 * both parameters after each step to `rule` applied elementwise in float64.
 */
function checkTwoSteps(make: () => optim.Optimizer, rule: Rule, rtol = 1e-5): void {
  const w0 = randomData(6, -1, 1, 1), b0 = randomData(3, -1, 1, 2);
  const gs = [[randomData(6, -1, 1, 3), randomData(3, -1, 1, 4)], [randomData(6, -2, 2, 5), randomData(3, -2, 2, 6)]];
  const model = new Params(w0, b0);
  const opt = make();
  let ref = [Array.from(w0), Array.from(b0)];
  const states: Record<string, number[]>[] = [{}, {}];
  gs.forEach(([gw, gb], k) => {
    opt.update(model, { w: mx.array(gw!, { shape: [2, 3] }), inner: [{ b: mx.array(gb!) }] });
    mx.evalSync(model.parameters(), opt.state);
    ref = ref.map((p, i) => rule(p, Array.from(i === 0 ? gw! : gb!), states[i]!, k + 1));
    expectClose(data(model.w), ref[0]!, rtol, 1e-7);
    expectClose(data(model.inner[0]!.b), ref[1]!, rtol, 1e-7);
  });
  expect(data(opt.step)[0]).toBe(2);
}

/** Elementwise map over state vector `name` (created as zeros). */
const st = (s: Record<string, number[]>, name: string, n: number) => (s[name] ??= new Array(n).fill(0));

describe("optimizers: two steps against the formulas", () => {
  test("SGD plain and with weight decay", () => {
    checkTwoSteps(() => new optim.SGD(0.1), (w, g) => w.map((x, i) => x - 0.1 * g[i]!));
    checkTwoSteps(() => new optim.SGD({ learningRate: 0.1, weightDecay: 0.01 }), (w, g) => w.map((x, i) => x - 0.1 * (g[i]! + 0.01 * x)));
  });

  test("SGD with momentum, dampening, nesterov", () => {
    for (const [momentum, dampening, nesterov] of [[0.9, 0, false], [0.9, 0.3, false], [0.8, 0, true]] as const) {
      checkTwoSteps(
        () => new optim.SGD(0.05, { momentum, dampening, nesterov, weightDecay: 0.02 }),
        (w, g, s) => {
          const v = st(s, "v", w.length);
          return w.map((x, i) => {
            const gi = g[i]! + 0.02 * x;
            v[i] = momentum * v[i]! + (dampening > 0 ? (1 - dampening) * gi : gi);
            return x - 0.05 * (nesterov ? gi + momentum * v[i]! : v[i]!);
          });
        },
      );
    }
    expect(() => new optim.SGD(0.1, { nesterov: true })).toThrow(/\[SGD\] Nesterov momentum requires a momentum and zero dampening/);
  });

  test("RMSprop and Adagrad", () => {
    checkTwoSteps(() => new optim.RMSprop(0.01, { alpha: 0.9 }), (w, g, s) => {
      const v = st(s, "v", w.length);
      return w.map((x, i) => {
        v[i] = 0.9 * v[i]! + 0.1 * g[i]! ** 2;
        return x - (0.01 * g[i]!) / (Math.sqrt(v[i]!) + 1e-8);
      });
    }, 1e-4);
    checkTwoSteps(() => new optim.Adagrad(0.1), (w, g, s) => {
      const v = st(s, "v", w.length);
      return w.map((x, i) => {
        v[i] = v[i]! + g[i]! ** 2;
        return x - (0.1 * g[i]!) / (Math.sqrt(v[i]!) + 1e-8);
      });
    }, 1e-4);
  });

  test("Adam without (MLX default) and with bias correction", () => {
    for (const bc of [false, true]) {
      checkTwoSteps(() => new optim.Adam(0.01, { betas: [0.8, 0.95], biasCorrection: bc }), (w, g, s, t) => {
        const m = st(s, "m", w.length), v = st(s, "v", w.length);
        return w.map((x, i) => {
          m[i] = 0.8 * m[i]! + 0.2 * g[i]!;
          v[i] = 0.95 * v[i]! + 0.05 * g[i]! ** 2;
          if (!bc) return x - (0.01 * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
          return x - ((0.01 / (1 - 0.8 ** t)) * m[i]!) / (Math.sqrt(v[i]!) / Math.sqrt(1 - 0.95 ** t) + 1e-8);
        });
      }, 1e-4);
    }
    const a = new optim.Adam(0.001);
    expect(a.betas).toEqual([0.9, 0.999]);
    expect(a.eps).toBe(1e-8);
    expect(a.biasCorrection).toBe(false);
  });

  test("AdamW: decoupled weight decay (default 0.01), then Adam", () => {
    for (const wd of [undefined, 0.1]) {
      const decay = wd ?? 0.01;
      checkTwoSteps(() => new optim.AdamW(0.01, wd === undefined ? {} : { weightDecay: wd, biasCorrection: true }), (w, g, s, t) => {
        const m = st(s, "m", w.length), v = st(s, "v", w.length);
        return w.map((x, i) => {
          const p = x * (1 - 0.01 * decay);
          m[i] = 0.9 * m[i]! + 0.1 * g[i]!;
          v[i] = 0.999 * v[i]! + 0.001 * g[i]! ** 2;
          if (wd === undefined) return p - (0.01 * m[i]!) / (Math.sqrt(v[i]!) + 1e-8);
          return p - ((0.01 / (1 - 0.9 ** t)) * m[i]!) / (Math.sqrt(v[i]!) / Math.sqrt(1 - 0.999 ** t) + 1e-8);
        });
      }, 1e-4);
    }
  });

  test("Lion with weight decay", () => {
    checkTwoSteps(() => new optim.Lion(0.01, { weightDecay: 0.1 }), (w, g, s) => {
      const m = st(s, "m", w.length);
      return w.map((x, i) => {
        const c = 0.9 * m[i]! + 0.1 * g[i]!;
        m[i] = 0.99 * m[i]! + 0.01 * g[i]!;
        return x * (1 - 0.01 * 0.1) - 0.01 * Math.sign(c);
      });
    });
  });
});

describe("optimizer state", () => {
  test("state mirrors the parameter tree, is evaluable with mx.eval, and starts at step 0", async () => {
    const model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
    const opt = new optim.Adam(0.01);
    expect(Object.keys(opt.state)).toEqual(["step", "learning_rate"]);
    opt.init(model.trainableParameters());
    const s = opt.state as any;
    expect(Object.keys(s)).toEqual(["step", "learning_rate", "layers"]);
    expect(s.layers[1]).toEqual({});
    expect(Object.keys(s.layers[0].weight)).toEqual(["m", "v"]);
    expect(s.layers[2].bias.m.shape).toEqual([1]);
    await mx.eval(opt.state);
    expect(data(opt.step)[0]).toBe(0);
    expectClose(data(opt.learningRate), [0.01]);
    opt.learningRate = 0.5;
    expectClose(data(opt.learningRate), [0.5]);
    const paths = mx.tree.flatten(opt.state).map(([k]) => k);
    expect(paths).toContain("layers.0.weight.m");
  });

  test("applyGradients works on plain parameter trees and checks shapes", () => {
    const opt = new optim.SGD(1);
    const out = opt.applyGradients({ a: mx.array([1, 2]) }, { a: mx.array([10, 20]), b: mx.array([0]) }) as { a: mx.MxArray };
    expect(out.a.tolist()).toEqual([9, 18]);
    expect(() => opt.applyGradients({ a: mx.array([1, 2, 3]) }, { a: mx.array([10, 20]) })).toThrow(/\[SGD\] Gradient shape \(3\) does not match parameter shape \(2\) for "a"/);
  });
});

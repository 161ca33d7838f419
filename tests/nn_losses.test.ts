/** nn.losses and the activations against plain-TypeScript references (reductions, label smoothing, weights). */
import { describe, expect, test } from "bun:test";
import { expectClose, mx, randomArray, randomData, rng } from "./helpers.ts";
import * as nn from "../src/nn/index.ts";

const data = (a: mx.MxArray) => a.dataSync();
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0) / xs.length;
const total = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

/** Checks none/mean/sum of a loss against per-element reference values. */
function checkReductions(fn: (r: nn.losses.Reduction) => mx.MxArray, perElem: number[], shape: number[]): void {
  const none = fn("none");
  expect(none.shape).toEqual(shape);
  expectClose(data(none), perElem, 1e-5, 1e-6);
  expectClose(data(fn("mean")), [mean(perElem)], 1e-5, 1e-6);
  expectClose(data(fn("sum")), [total(perElem)], 1e-5, 1e-6);
}

describe("crossEntropy", () => {
  const [N, C] = [5, 4];
  const { x: logits, data: ld } = randomArray([N, C], -3, 3, 1);
  const r = rng(2);
  const cls = Array.from({ length: N }, () => Math.floor(r() * C));
  const lse = (n: number) => {
    const row = Array.from(ld.subarray(n * C, n * C + C));
    const m = Math.max(...row);
    return m + Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0));
  };

  test("class indices: logsumexp - logit[target], with each reduction", () => {
    const ref = cls.map((c, n) => lse(n) - ld[n * C + c]!);
    checkReductions((reduction) => nn.losses.crossEntropy(logits, mx.array(cls), { reduction }), ref, [N]);
    expect(nn.losses.crossEntropy(logits, mx.array(cls)).shape).toEqual([N]); // MLX default: "none"
  });

  test("MLX's documented example", () => {
    const l = nn.losses.crossEntropy(mx.array([[2.0, -1.0], [-1.0, 2.0]]), mx.array([0, 1]));
    expectClose(data(l), [0.0485873, 0.0485873], 1e-5);
    const p = nn.losses.crossEntropy(mx.array([[2.0, -1.0], [-1.0, 2.0]]), mx.array([[0.9, 0.1], [0.1, 0.9]]));
    expectClose(data(p), [0.348587, 0.348587], 1e-5);
  });

  test("probabilities, label smoothing, weights, another axis", () => {
    const pd = randomData(N * C, 0, 1, 3);
    for (let n = 0; n < N; n++) {
      const z = total(pd.subarray(n * C, n * C + C));
      for (let c = 0; c < C; c++) pd[n * C + c]! /= z;
    }
    const probs = mx.array(pd, { shape: [N, C] });
    const refP = Array.from({ length: N }, (_, n) => lse(n) - Array.from({ length: C }, (_, c) => ld[n * C + c]! * pd[n * C + c]!).reduce((a, b) => a + b, 0));
    checkReductions((reduction) => nn.losses.crossEntropy(logits, probs, { reduction }), refP, [N]);
    // label smoothing s: equivalent to targets (1 - s) one_hot + s / C
    const s = 0.1;
    const refS = cls.map((c, n) => {
      let score = 0;
      for (let k = 0; k < C; k++) score += ld[n * C + k]! * ((k === c ? 1 - s : 0) + s / C);
      return lse(n) - score;
    });
    checkReductions((reduction) => nn.losses.crossEntropy(logits, mx.array(cls), { labelSmoothing: s, reduction }), refS, [N]);
    const w = randomData(N, 0, 2, 4);
    expectClose(data(nn.losses.crossEntropy(logits, mx.array(cls), { weights: mx.array(w), reduction: "sum" })), [total(cls.map((c, n) => (lse(n) - ld[n * C + c]!) * w[n]!))], 1e-5);
    // classes on axis 0
    const t = nn.losses.crossEntropy(mx.transpose(logits), mx.array(cls), { axis: 0 });
    expectClose(data(t), cls.map((c, n) => lse(n) - ld[n * C + c]!), 1e-5, 1e-6);
  });

  test("errors name the op and the shapes", () => {
    expect(() => nn.losses.crossEntropy(logits, mx.array([0, 1]))).toThrow(/\[crossEntropy\] Targets shape \(2\) does not match logits shape \(5,4\)/);
    expect(() => nn.losses.crossEntropy(logits, mx.zeros([5, 3]))).toThrow(/\[crossEntropy\]/);
    expect(() => nn.losses.crossEntropy(logits, mx.array(cls), { reduction: "avg" as never })).toThrow(/Invalid reduction/);
    expect(() => nn.losses.crossEntropy(logits, mx.array(cls), { labelSmoothing: 1 })).toThrow(/Label smoothing/);
  });
});

describe("other losses", () => {
  const shape = [3, 4];
  const { x: p, data: pd } = randomArray(shape, -2, 2, 11);
  const { x: t, data: td } = randomArray(shape, -2, 2, 12);
  const idx = Array.from({ length: 12 }, (_, i) => i);

  test("mseLoss and l1Loss (default mean)", () => {
    checkReductions((reduction) => nn.losses.mseLoss(p, t, { reduction }), idx.map((i) => (pd[i]! - td[i]!) ** 2), shape);
    checkReductions((reduction) => nn.losses.l1Loss(p, t, { reduction }), idx.map((i) => Math.abs(pd[i]! - td[i]!)), shape);
    expect(nn.losses.mseLoss(p, t).shape).toEqual([]);
    expect(() => nn.losses.mseLoss(p, mx.zeros([4, 3]))).toThrow(/\[mseLoss\] Predictions shape \(3,4\) does not match targets shape \(4,3\)/);
  });

  test("binaryCrossEntropy from logits and from probabilities (log clipped at -100)", () => {
    const y = idx.map((i) => (i % 3 === 0 ? 1 : 0));
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const refL = idx.map((i) => -(y[i]! * Math.log(sig(pd[i]!)) + (1 - y[i]!) * Math.log(1 - sig(pd[i]!))));
    const yt = mx.array(y, { shape }).astype(mx.float32);
    checkReductions((reduction) => nn.losses.binaryCrossEntropy(p, yt, { reduction }), refL, shape);
    const probs = mx.sigmoid(p);
    const pr = data(probs);
    checkReductions((reduction) => nn.losses.binaryCrossEntropy(probs, yt, { withLogits: false, reduction }), idx.map((i) => -(y[i]! * Math.log(pr[i]!) + (1 - y[i]!) * Math.log(1 - pr[i]!))), shape);
    // MLX's documented example
    expectClose(data(nn.losses.binaryCrossEntropy(mx.array([0.105361, 0.223144, 1.20397, 0.916291]), mx.array([0, 0, 1, 1]))), [0.539245], 1e-5);
    expectClose(data(nn.losses.binaryCrossEntropy(mx.array([0, 1]), mx.array([1, 0]), { withLogits: false, reduction: "none" })), [100, 100]);
  });

  test("nllLoss, klDivLoss", () => {
    const logp = nn.logSoftmax(p);
    const lp = data(logp);
    const cls = [3, 0, 2];
    checkReductions((reduction) => nn.losses.nllLoss(logp, mx.array(cls), { reduction }), cls.map((c, n) => -lp[n * 4 + c]!), [3]);
    const logq = nn.logSoftmax(t);
    const lq = data(logq);
    const refKl = [0, 1, 2].map((n) => [0, 1, 2, 3].reduce((a, c) => a + Math.exp(lq[n * 4 + c]!) * (lq[n * 4 + c]! - lp[n * 4 + c]!), 0));
    checkReductions((reduction) => nn.losses.klDivLoss(logp, logq, { reduction }), refKl, [3]);
  });

  test("huberLoss and smoothL1Loss", () => {
    for (const delta of [1, 0.5]) {
      const ref = idx.map((i) => {
        const e = Math.abs(pd[i]! - td[i]!);
        return e <= delta ? 0.5 * e * e : delta * (e - 0.5 * delta);
      });
      checkReductions((reduction) => nn.losses.huberLoss(p, t, { delta, reduction }), ref, shape);
      const refS = idx.map((i) => {
        const d = Math.abs(pd[i]! - td[i]!);
        return d < delta ? (0.5 * d * d) / delta : d - 0.5 * delta;
      });
      checkReductions((reduction) => nn.losses.smoothL1Loss(p, t, { beta: delta, reduction }), refS, shape);
    }
    expect(nn.losses.huberLoss(p, t).shape).toEqual(shape); // MLX default: "none"
    expect(nn.losses.smoothL1Loss(p, t).shape).toEqual([]); // MLX default: "mean"
  });
});

/** erf in float64: the Maclaurin series below |x| = 2.5, erfc's continued fraction above. */
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let sum = x, term = x;
    for (let n = 1; n < 80; n++) {
      term *= (-x * x) / n;
      sum += term / (2 * n + 1);
    }
    return (2 / Math.sqrt(Math.PI)) * sum;
  }
  let f = 0;
  for (let n = 60; n >= 1; n--) f = (n / 2) / (ax + f);
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / (ax + f);
  return Math.sign(x) * (1 - erfc);
}

describe("activations", () => {
  const { x, data: xd } = randomArray([4, 5], -4, 4, 21);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
  const cases: [string, (x: mx.MxArray) => mx.MxArray, nn.Module | null, (v: number) => number][] = [
    ["relu", nn.relu, new nn.ReLU(), (v) => Math.max(v, 0)],
    ["relu6", nn.relu6, new nn.ReLU6(), (v) => Math.min(Math.max(v, 0), 6)],
    ["leakyRelu", (a) => nn.leakyRelu(a, 0.2), new nn.LeakyReLU(0.2), (v) => (v > 0 ? v : 0.2 * v)],
    ["elu", nn.elu, new nn.ELU(), (v) => (v > 0 ? v : Math.expm1(v))],
    ["gelu", nn.gelu, new nn.GELU(), (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    ["geluApprox", nn.geluApprox, new nn.GELU("tanh"), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    ["geluFastApprox", nn.geluFastApprox, new nn.GELU({ approx: "fast" }), (v) => v * sig(1.702 * v)],
    ["silu", nn.silu, new nn.SiLU(), (v) => v * sig(v)],
    ["sigmoid", nn.sigmoid, new nn.Sigmoid(), sig],
    ["tanh", nn.tanh, new nn.Tanh(), Math.tanh],
    ["softplus", nn.softplus, new nn.Softplus(), softplus],
    ["logSigmoid", nn.logSigmoid, new nn.LogSigmoid(), (v) => -softplus(-v)],
  ];
  for (const [name, fn, layer, ref] of cases) {
    test(`${name} (function and layer)`, () => {
      const want = Array.from(xd, ref);
      expectClose(data(fn(x)), want, 1e-5, 1e-6);
      if (layer) expectClose(data(layer(x)), want, 1e-5, 1e-6);
    });
  }

  test("softmax and logSoftmax over the last axis (functions and layers)", () => {
    const sm: number[] = [];
    const lsm: number[] = [];
    for (let r = 0; r < 4; r++) {
      const row = Array.from(xd.subarray(r * 5, r * 5 + 5));
      const m = Math.max(...row);
      const z = row.reduce((a, v) => a + Math.exp(v - m), 0);
      for (const v of row) {
        sm.push(Math.exp(v - m) / z);
        lsm.push(v - m - Math.log(z));
      }
    }
    expectClose(data(nn.softmax(x)), sm, 1e-5, 1e-7);
    expectClose(data(new nn.Softmax()(x)), sm, 1e-5, 1e-7);
    expectClose(data(nn.logSoftmax(x)), lsm, 1e-5, 1e-6);
    expectClose(data(new nn.LogSoftmax()(x)), lsm, 1e-5, 1e-6);
    expect(() => new nn.GELU("wrong" as never)).toThrow(/\[GELU\]/);
  });
});

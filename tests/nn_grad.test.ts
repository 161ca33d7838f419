/**
 * nn.valueAndGrad: the MLX walkthrough's gradients against a hand derivation, layer parameter
 * gradients against central finite differences, frozen parameters, and small training runs.
 */
import { describe, expect, test } from "bun:test";
import { expectClose, mx, randomArray, randomData } from "./helpers.ts";
import * as nn from "../src/nn/index.ts";
import { MLP } from "./nn_models.ts";
import * as optim from "../src/optimizers/index.ts";

const data = (a: mx.MxArray) => a.dataSync();
const num = (a: mx.MxArray) => Number(a.item());


describe("the MLX walkthrough: 3 -> 2 -> 1 MLP, ReLU, MSE against 0.2345", () => {
  test("loss, gradients and one SGD step match a hand derivation", () => {
    const W1 = [[0.1, 0.2, 0.3], [-0.4, 0.5, -0.6]], b1 = [0.05, -0.05], W2 = [0.7, -0.8], b2 = 0.1;
    const xv = [0.5, -1.2, 3.3], yv = 0.2345;
    const model = new MLP([3, 2, 1]);
    model.update({ layers: [{ weight: mx.array(W1), bias: mx.array(b1) }, { weight: mx.array([W2]), bias: mx.array([b2]) }] });
    // by hand: z = W1 x + b1, h = relu(z), o = W2 h + b2, L = (o - y)^2
    const z = W1.map((row, i) => row.reduce((a, w, j) => a + w * xv[j]!, b1[i]!));
    const h = z.map((v) => Math.max(v, 0));
    const o = W2[0]! * h[0]! + W2[1]! * h[1]! + b2;
    const L = (o - yv) ** 2;
    const dO = 2 * (o - yv);
    const dW2 = h.map((v) => dO * v);
    const dz = W2.map((w, i) => (z[i]! > 0 ? dO * w : 0));
    const dW1 = dz.map((d) => xv.map((v) => d * v));
    expect(z[0]! > 0 && z[1]! < 0).toBe(true); // one unit active, one cut by the ReLU

    const x = mx.array([xv]);
    const y = mx.array([[yv]]);
    const lossFn = (m: MLP, a: mx.MxArray, b: mx.MxArray) => nn.losses.mseLoss(m(a), b);
    const [loss, grads] = nn.valueAndGrad(model, lossFn)(model, x, y);
    expectClose(data(loss), [L], 1e-6);
    const g = grads as any;
    expectClose(data(g.layers[0].weight), dW1.flat(), 1e-5, 1e-7);
    expectClose(data(g.layers[0].bias), dz, 1e-5, 1e-7);
    expectClose(data(g.layers[1].weight), dW2, 1e-5, 1e-7);
    expectClose(data(g.layers[1].bias), [dO], 1e-5, 1e-7);
    expect(g.layers[0].weight.shape).toEqual([2, 3]);

    const opt = new optim.SGD(0.1);
    opt.update(model, grads);
    mx.evalSync(model.parameters(), opt.state);
    expectClose(data(model.layers[0]!.weight), W1.flat().map((w, i) => w - 0.1 * dW1.flat()[i]!), 1e-6, 1e-7);
    expectClose(data(model.layers[1]!.bias!), [b2 - 0.1 * dO], 1e-6, 1e-7);
    expect(num(lossFn(model, x, y))).toBeLessThan(L);
  });

  test("cross-entropy gradient of logits is softmax - one_hot", () => {
    const logits = mx.array([[1.0, -0.5, 2.0]]);
    const g = mx.grad((l: mx.MxArray) => nn.losses.crossEntropy(l, mx.array([2]), { reduction: "mean" }))(logits);
    const e = [1.0, -0.5, 2.0].map(Math.exp);
    const z = e.reduce((a, b) => a + b, 0);
    expectClose(data(g), e.map((v, i) => v / z - (i === 2 ? 1 : 0)), 1e-5, 1e-7);
  });
});

/** Checks every parameter gradient of `model` under `loss` against central differences. */
function checkFiniteDifferences(model: nn.Module, loss: () => mx.MxArray, eps = 1e-2, rtol = 2e-2, atol = 2e-3): void {
  const [, grads] = nn.valueAndGrad(model, loss)();
  const flat = mx.tree.flatten(grads) as [string, mx.MxArray][];
  expect(flat.length).toBeGreaterThan(0);
  for (const [path, g] of flat) {
    const p = model.weights()[path]!;
    const base = Float32Array.from(data(p));
    const fd = new Float64Array(base.length);
    const set = (arr: Float32Array) => model.loadWeights({ [path]: mx.array(arr, { shape: p.shape }) }, false);
    for (let i = 0; i < base.length; i++) {
      const plus = base.slice();
      plus[i]! += eps;
      set(plus);
      const lp = num(loss());
      const minus = base.slice();
      minus[i]! -= eps;
      set(minus);
      const lm = num(loss());
      fd[i] = (lp - lm) / (2 * eps);
    }
    set(base);
    try {
      expectClose(data(g), fd, rtol, atol);
    } catch (e) {
      throw new Error(`gradient of ${path}: ${(e as Error).message}`);
    }
  }
}

describe("layer gradients against finite differences", () => {
  /** A smooth scalar of the output: mean(tanh(y) * r) for a fixed random r. */
  const smoothLoss = (y: mx.MxArray) => mx.mean(mx.multiply(mx.tanh(y), mx.array(randomData(y.size, -1, 1, 99), { shape: y.shape })));

  test("Linear", () => {
    const layer = new nn.Linear(4, 3);
    const { x } = randomArray([5, 4], -1, 1, 1);
    checkFiniteDifferences(layer, () => smoothLoss(layer(x)));
  });

  test("Conv2d (stride 2, padding 1)", () => {
    const layer = new nn.Conv2d(2, 3, 3, { stride: 2, padding: 1 });
    layer.bias = mx.array([0.1, -0.2, 0.3]);
    const { x } = randomArray([2, 5, 5, 2], -1, 1, 2);
    checkFiniteDifferences(layer, () => smoothLoss(layer(x)));
  });

  test("LayerNorm and GroupNorm", () => {
    const ln = new nn.LayerNorm(5);
    const { x } = randomArray([3, 5], -2, 2, 3);
    checkFiniteDifferences(ln, () => smoothLoss(ln(mx.multiply(x, 3))));
    const gn = new nn.GroupNorm(2, 4);
    const { x: x2 } = randomArray([2, 3, 4], -2, 2, 4);
    checkFiniteDifferences(gn, () => smoothLoss(gn(x2)));
  });

  test("MultiHeadAttention", () => {
    const mha = new nn.MultiHeadAttention(4, 2, { bias: true });
    const { x } = randomArray([1, 3, 4], -1, 1, 5);
    checkFiniteDifferences(mha, () => smoothLoss(mha(x, x, x, nn.MultiHeadAttention.createAdditiveCausalMask(3))));
  });
});

describe("nn.valueAndGrad behaviour", () => {
  test("gradients cover only trainable parameters; the model keeps its own arrays", () => {
    const model = new MLP([3, 4, 2]);
    model.layers[0]!.freeze({ keys: "bias" });
    const before = model.layers[0]!.weight;
    const { x } = randomArray([2, 3], -1, 1, 6);
    const [value, grads] = nn.valueAndGrad(model, () => mx.sum(model(x)))();
    expect(mx.tree.flatten(grads).map(([k]) => k)).toEqual(["layers.0.weight", "layers.1.weight", "layers.1.bias"]);
    expect(model.layers[0]!.weight).toBe(before);
    expect(value.shape).toEqual([]);
  });

  test("BatchNorm inside a model: running statistics update, no gradient for them", () => {
    const bn = new nn.BatchNorm(3);
    const lin = new nn.Linear(3, 3);
    const model = new nn.Sequential(lin, bn);
    const { x } = randomArray([8, 3], -1, 1, 7);
    const [, grads] = nn.valueAndGrad(model, () => mx.sum(mx.square(model(x))))();
    expect(mx.tree.flatten(grads).map(([k]) => k)).toEqual(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"]);
    expect(data(bn.running_mean!).some((v) => v !== 0)).toBe(true);
  });

  test("a fully frozen model has nothing to differentiate", () => {
    const model = new MLP([2, 2]).freeze();
    expect(() => nn.valueAndGrad(model, () => mx.sum(model(mx.ones([1, 2]))))()).toThrow(/no arrays to differentiate/);
  });
});

describe("training runs", () => {
  test("a small classifier trained with Adam and cross-entropy: the loss goes down", async () => {
    mx.random.seed(1);
    // two interleaved classes: label = (x0 * x1 > 0)
    const { x, data: xd } = randomArray([128, 2], -1, 1, 8);
    const labels = mx.array(Array.from({ length: 128 }, (_, i) => (xd[2 * i]! * xd[2 * i + 1]! > 0 ? 1 : 0)));
    const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 16), new nn.GELU(), new nn.Linear(16, 2));
    const lossFn = () => nn.losses.crossEntropy(model(x), labels, { reduction: "mean" });
    const step = nn.valueAndGrad(model, lossFn);
    const opt = new optim.Adam(0.05);
    const losses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const [loss, grads] = step();
      opt.update(model, grads);
      await mx.eval(model.parameters(), opt.state, loss);
      losses.push(num(loss));
    }
    expect(losses[59]!).toBeLessThan(losses[0]! * 0.5);
    const pred = data(mx.argmax(model(x), { axis: 1 }));
    const truth = data(labels);
    const acc = Array.from(pred).filter((p, i) => p === truth[i]).length / 128;
    expect(acc).toBeGreaterThan(0.85);
  });

  test("a CNN with BatchNorm, pooling and dropout trains with SGD + momentum", async () => {
    mx.random.seed(2);
    const { x } = randomArray([16, 6, 6, 1], -1, 1, 9);
    const target = mx.mean(x, { axis: [1, 2, 3] }); // regress the image mean
    class Net extends nn.Module {
      conv = new nn.Conv2d(1, 4, 3, { padding: 1 });
      bn = new nn.BatchNorm(4);
      pool = new nn.MaxPool2d(2);
      drop = new nn.Dropout(0.1);
      head = new nn.Linear(36, 1);
      override forward(a: mx.MxArray): mx.MxArray {
        const h = this.drop(this.pool(nn.relu(this.bn(this.conv(a)))));
        return mx.squeeze(this.head(mx.reshape(h, [a.shape[0]!, -1])), 1);
      }
    }
    const net = new Net();
    const step = nn.valueAndGrad(net, () => nn.losses.mseLoss(net(x), target));
    const opt = new optim.SGD(0.05, { momentum: 0.9 });
    const first = num(step()[0]);
    for (let i = 0; i < 40; i++) {
      const [loss, grads] = step();
      opt.update(net, grads);
      await mx.eval(net.parameters(), opt.state, loss);
    }
    net.eval();
    const last = num(nn.losses.mseLoss(net(x), target));
    expect(last).toBeLessThan(first * 0.5);
  });
});

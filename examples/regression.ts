/**
 * The MLX neural-network walkthrough in kiln: a 3 -> 2 -> 1 MLP with ReLU, printed; its weights;
 * the forward pass on [[0.5, -1.2, 3.3]] step by step (matmul with the transposed weight, bias,
 * ReLU); the MSE loss against 0.2345 and a cross-entropy loss; the gradients; one SGD step; then
 * training for 30 epochs with the loss going down.
 *
 *   npx bun examples/regression.ts [--device cpu|gpu] [--epochs 30] [--lr 0.1]
 */
import * as mx from "../src/index.ts";
import * as nn from "../src/nn/index.ts";
import * as optim from "../src/optimizers/index.ts";

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}

const device = arg("device", "cpu");
const epochs = Number(arg("epochs", "30"));
const lr = Number(arg("lr", "0.1"));
/** True when the GPU has kernels for every op family this example records (checked when recording). */
function gpuCanRunThis(): boolean {
  if (!mx.gpu.available) return false;
  try {
    const s = { stream: mx.gpu };
    const a = mx.random.uniform(-1, 1, [2, 2], s);
    mx.logsumexp(mx.matmul(a, a.T, s), { axis: 1, ...s });
    mx.takeAlongAxis(a, mx.array([[0], [1]]), { axis: 1, ...s });
    mx.take(a, mx.array([1]), { axis: 0, ...s });
    return true;
  } catch {
    return false;
  }
}

if (device === "gpu") {
  if (gpuCanRunThis()) mx.setDefaultDevice(mx.gpu);
  else console.log("(the GPU is missing or lacks kernels this example needs: running on the CPU)");
} else {
  mx.setDefaultDevice(mx.cpu);
}

/** Prints an array after reading it asynchronously (works for values on either device). */
async function show(label: string, x: mx.MxArray): Promise<void> {
  await x.data();
  const text = String(x);
  console.log(text.includes("\n") ? `${label} =\n${text}` : `${label} = ${text}`);
}

const section = (title: string) => console.log(`\n--- ${title} ---`);

class MLP extends nn.Module {
  layers: nn.Linear[];
  constructor(dims: number[]) {
    super();
    this.layers = dims.slice(0, -1).map((d, i) => new nn.Linear(d, dims[i + 1]!));
  }
  override forward(x: mx.MxArray): mx.MxArray {
    const last = this.layers.length - 1;
    this.layers.forEach((layer, i) => {
      x = layer(x);
      if (i < last) x = nn.relu(x);
    });
    return x;
  }
}

mx.random.seed(3); // a draw where one hidden unit is active on x and one is cut by the ReLU
const model = new MLP([3, 2, 1]);
await mx.eval(model.parameters());

section("the model");
console.log(model);

section("its weights");
for (const [name, w] of mx.tree.flatten(model.parameters()) as [string, mx.MxArray][]) await show(name, w);

section("the forward pass, step by step");
const x = mx.array([[0.5, -1.2, 3.3]]);
const y = mx.array([[0.2345]]);
const [l0, l1] = model.layers as [nn.Linear, nn.Linear];
await show("x", x);
const z1 = mx.matmul(x, l0.weight.T);
await show("x @ layers.0.weight.T", z1);
const a1 = mx.add(z1, l0.bias!);
await show("  + layers.0.bias", a1);
const h1 = nn.relu(a1);
await show("relu", h1);
const out = mx.add(mx.matmul(h1, l1.weight.T), l1.bias!);
await show("h @ layers.1.weight.T + layers.1.bias", out);
await show("model(x) (the same, in one call)", model(x));

section("losses");
await show("MSE against 0.2345", nn.losses.mseLoss(out, y));
// cross-entropy reads the two hidden pre-activations as the logits of a 2-class problem
await show("cross-entropy of the hidden logits with class 1", nn.losses.crossEntropy(a1, mx.array([1]), { reduction: "mean" }));

section("gradients of the MSE loss");
const lossFn = (m: MLP, xs: mx.MxArray, ys: mx.MxArray) => nn.losses.mseLoss(m(xs), ys);
const lossAndGrad = nn.valueAndGrad(model, lossFn);
const [loss0, grads] = lossAndGrad(model, x, y);
await show("loss", loss0);
for (const [name, g] of mx.tree.flatten(grads) as [string, mx.MxArray][]) await show(`d loss / d ${name}`, g);

section(`one SGD step (learning rate ${lr})`);
const opt = new optim.SGD(lr);
opt.update(model, grads);
await mx.eval(model.parameters(), opt.state);
for (const [name, w] of mx.tree.flatten(model.parameters()) as [string, mx.MxArray][]) await show(name, w);
const [loss1] = lossAndGrad(model, x, y);
await show("loss after the step", loss1);

section(`${epochs} epochs on a small data set (64 points of y = 0.3 x0 - 0.2 x1 + 0.1 x2 + 0.2345)`);
const xs = mx.random.uniform(-2, 2, [64, 3]);
const ys = mx.add(mx.matmul(xs, mx.array([[0.3], [-0.2], [0.1]])), 0.2345);
const batch = 16;
const losses: number[] = [];
for (let e = 1; e <= epochs; e++) {
  const t0 = performance.now();
  let total = 0;
  const perm = mx.random.permutation(64);
  for (let s = 0; s < 64; s += batch) {
    const idx = perm.get(`${s}:${s + batch}`);
    const [l, g] = lossAndGrad(model, mx.take(xs, idx, { axis: 0 }), mx.take(ys, idx, { axis: 0 }));
    opt.update(model, g);
    await mx.eval(model.parameters(), opt.state, l);
    total += Number(await l.itemAsync());
  }
  const mean = total / (64 / batch);
  losses.push(mean);
  const bar = "#".repeat(Math.round((e / epochs) * 20)).padEnd(20, ".");
  console.log(`epoch ${String(e).padStart(2)} [${bar}] loss ${mean.toFixed(6)}  ${(performance.now() - t0).toFixed(1)} ms`);
}
if (losses.length > 1) {
  const fell = losses[losses.length - 1]! < losses[0]!;
  console.log(`\nloss ${losses[0]!.toFixed(6)} -> ${losses[losses.length - 1]!.toFixed(6)}: ${fell ? "went down" : "did NOT go down"}`);
  if (!fell) process.exitCode = 1;
}

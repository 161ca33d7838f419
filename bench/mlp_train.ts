/**
 * The MNIST MLP training step of the bench, written for each library the way its users would:
 * 784-512-10, ReLU, softmax cross-entropy, minibatch 64, plain SGD (lr 0.01) on fixed
 * synthetic data (speed only; examples/mnist-mlp.ts trains on real digits). One call = one
 * step: forward, gradients, parameter update, and waiting for the loss value.
 */
import { uniformData } from "./workloads.ts";

export const MLP = { inputs: 784, hidden: 512, classes: 10, batch: 64, lr: 0.01 };
const { inputs: I, hidden: H, classes: C, batch: B, lr } = MLP;

/** Same data for every library: inputs in [-1, 1), labels 0..9, weights scaled like glorot. */
export function mlpData() {
  const labels = Int32Array.from({ length: B }, (_, i) => (i * 7) % C);
  const onehot = new Float32Array(B * C);
  labels.forEach((l, i) => (onehot[i * C + l] = 1));
  const scale = (d: Float32Array, s: number) => d.map((v) => v * s);
  return {
    x: uniformData(B * I, 11),
    labels,
    onehot,
    w1: scale(uniformData(I * H, 12), Math.sqrt(6 / (I + H))),
    b1: new Float32Array(H),
    w2: scale(uniformData(H * C, 13), Math.sqrt(6 / (H + C))),
    b2: new Float32Array(C),
  };
}

type Step = () => Promise<void> | void;

/** kiln: mx.valueAndGrad over a parameter tree, SGD with mx.tree.map, one mx.evalSync. */
export async function kilnStep(): Promise<Step> {
  const mx = await import("../src/index.ts");
  const d = mlpData();
  let params = {
    w1: mx.array(d.w1, { shape: [I, H] }),
    b1: mx.array(d.b1),
    w2: mx.array(d.w2, { shape: [H, C] }),
    b2: mx.array(d.b2),
  };
  const x = mx.array(d.x, { shape: [B, I] });
  const y = mx.array(d.labels, { shape: [B, 1] });
  const loss = (p: typeof params) => {
    const h = mx.maximum(mx.add(mx.matmul(x, p.w1), p.b1), 0);
    const logits = mx.add(mx.matmul(h, p.w2), p.b2);
    return mx.mean(mx.subtract(mx.logsumexp(logits, { axis: -1, keepdims: true }), mx.takeAlongAxis(logits, y, { axis: 1 })));
  };
  const vg = mx.valueAndGrad(loss);
  return () => {
    const [l, g] = vg(params) as [InstanceType<typeof mx.MxArray>, typeof params];
    params = mx.tree.map((p: InstanceType<typeof mx.MxArray>, gi: InstanceType<typeof mx.MxArray>) => mx.subtract(p, mx.multiply(gi, lr)), params, g) as typeof params;
    mx.evalSync(params, l);
    l.item();
  };
}

/** tfjs (wasm backend): tf.variableGrads + assign, the usual custom training loop. */
export async function tfjsStep(): Promise<Step> {
  const tf = await import("@tensorflow/tfjs-core");
  await import("@tensorflow/tfjs-core/dist/register_all_gradients");
  const d = mlpData();
  const vars = {
    w1: tf.variable(tf.tensor2d(d.w1, [I, H])),
    b1: tf.variable(tf.tensor1d(d.b1)),
    w2: tf.variable(tf.tensor2d(d.w2, [H, C])),
    b2: tf.variable(tf.tensor1d(d.b2)),
  };
  const x = tf.tensor2d(d.x, [B, I]);
  const y = tf.tensor2d(d.onehot, [B, C]);
  return async () => {
    const { value, grads } = tf.variableGrads(() => {
      const h = tf.relu(tf.add(tf.matMul(x, vars.w1), vars.b1));
      const logits = tf.add(tf.matMul(h, vars.w2), vars.b2);
      return tf.losses.softmaxCrossEntropy(y, logits) as import("@tensorflow/tfjs-core").Scalar;
    });
    tf.tidy(() => {
      for (const v of Object.values(vars)) v.assign(tf.sub(v, tf.mul(grads[v.name]!, lr)));
    });
    await value.data();
    value.dispose();
    tf.dispose(Object.values(grads));
  };
}

/** jax-js (wasm backend): jit(valueAndGrad(loss)) and an SGD tree map (move semantics: .ref). */
export async function jaxStep(): Promise<Step> {
  const jax = await import("@jax-js/jax");
  const np = jax.numpy;
  const d = mlpData();
  type A = InstanceType<typeof jax.Array>;
  let params: Record<string, A> = {
    w1: np.array(d.w1).reshape([I, H]),
    b1: np.array(d.b1),
    w2: np.array(d.w2).reshape([H, C]),
    b2: np.array(d.b2),
  };
  const x = np.array(d.x).reshape([B, I]);
  const y = np.array(d.onehot).reshape([B, C]);
  const loss = (p: Record<string, A>, xb: A, yb: A) => {
    const h = jax.nn.relu(np.matmul(xb, p.w1!).add(p.b1!));
    const logits = np.matmul(h, p.w2!).add(p.b2!);
    return np.mean(np.sum(yb.mul(jax.nn.logSoftmax(logits, -1)), -1)).mul(-1);
  };
  const vg = jax.jit(jax.valueAndGrad(loss));
  return async () => {
    const [l, g] = vg(jax.tree.ref(params), x.ref, y.ref) as unknown as [A, Record<string, A>];
    params = jax.tree.map((p: A, gi: A) => p.sub(gi.mul(lr)), params, g) as Record<string, A>;
    await l.data();
  };
}

/**
 * What the classifier examples (mnist-mlp.ts, fashion-cnn.ts) share: flag parsing, picking the
 * device (with a fall-back to the CPU when the GPU lacks a kernel), a classification training
 * loop with a progress bar, and accuracy on a held-out split. Not an example itself.
 */
import * as mx from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import * as datasets from "../../src/datasets/index.ts";
import type { Optimizer } from "../../src/optimizers/index.ts";

/** The value of `--name`, or `dflt` when it is not given. */
export function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : dflt;
}

/** True when `--name` is on the command line. */
export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/** A positive integer flag; exits with a message on anything else. */
export function intArg(name: string, dflt: number | undefined): number | undefined {
  const raw = arg(name, dflt === undefined ? "" : String(dflt));
  if (raw === "") return undefined;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${name} must be a positive integer, got ${raw}`);
    process.exit(2);
  }
  return v;
}

/**
 * Sets the default device from `--device cpu|gpu`. `probe` records (without running) one of each
 * op the example uses on the GPU stream: recording fails when the GPU has no kernel for one, and
 * the example then says so and runs on the CPU.
 */
export function pickDevice(probe: (s: { stream: mx.Device }) => void): "cpu" | "gpu" {
  const want = arg("device", "cpu");
  if (want !== "cpu" && want !== "gpu") {
    console.error(`--device must be cpu or gpu, got ${want}`);
    process.exit(2);
  }
  if (want === "gpu") {
    if (!mx.gpu.available) {
      console.log("(no usable GPU adapter: running on the CPU)");
    } else {
      try {
        probe({ stream: mx.gpu });
        mx.setDefaultDevice(mx.gpu);
        return "gpu";
      } catch (e) {
        console.log(`(the GPU lacks a kernel this example needs: ${e instanceof Error ? e.message : String(e)}; running on the CPU)`);
      }
    }
  }
  mx.setDefaultDevice(mx.cpu);
  return "cpu";
}

/** Records one of each op the classifier loop itself uses (loss, gather, argmax) on `s`. */
export function probeLoop(s: { stream: mx.Device }): void {
  const a = mx.random.uniform(-1, 1, [2, 3], s);
  const y = mx.array([0, 2], mx.int32);
  mx.maximum(a, 0, s);
  mx.logsumexp(a, { axis: 1, ...s });
  mx.takeAlongAxis(a, mx.array([[0], [1]]), { axis: 1, ...s });
  mx.take(a, mx.array([1]), { axis: 0, ...s });
  mx.sum(mx.equal(mx.argmax(a, { axis: 1, ...s }), y, s), s);
}

/** Number of correct predictions in a batch of logits, as a lazy int32 scalar. */
export function correct(logits: mx.MxArray, labels: mx.MxArray): mx.MxArray {
  return mx.sum(mx.equal(mx.argmax(logits, { axis: 1 }), labels));
}

/** Accuracy of `model` on a split, in chunks of `chunk` examples. */
export async function accuracy(model: nn.Module, split: datasets.Split, chunk = 1000): Promise<number> {
  const n = split.images.shape[0]!;
  let hits = 0;
  for (const { x, y } of datasets.batches(split.images, split.labels, { batchSize: chunk })) {
    hits += Number(await correct(model(x) as mx.MxArray, y).itemAsync());
  }
  return n === 0 ? 0 : hits / n;
}

/** What one epoch measured. */
export interface EpochStats {
  epoch: number;
  loss: number;
  trainAcc: number;
  testAcc: number;
  seconds: number;
  samplesPerSec: number;
}

export interface FitOptions {
  epochs: number;
  batchSize: number;
  seed?: number;
}

/** A `[#####.....]` bar `width` characters wide for `done` out of `total`. */
export function bar(done: number, total: number, width = 30): string {
  const k = total === 0 ? width : Math.round((done / total) * width);
  return `[${"#".repeat(k).padEnd(width, ".")}]`;
}

/**
 * Trains `model` with mean cross-entropy on minibatches of `train` and prints, per epoch, a
 * progress bar (redrawn in place on a terminal), the mean training loss, the training accuracy
 * (of the model as it was on each batch during the epoch), the test accuracy, the time and the
 * samples/s of the training pass. Returns the numbers of every epoch.
 */
export async function fit(
  model: nn.Module,
  optimizer: Optimizer,
  data: { train: datasets.Split; test: datasets.Split },
  opts: FitOptions,
): Promise<EpochStats[]> {
  const lossFn = (m: nn.Module, x: mx.MxArray, y: mx.MxArray): [mx.MxArray, mx.MxArray] => {
    const logits = m(x) as mx.MxArray;
    return [nn.losses.crossEntropy(logits, y, { reduction: "mean" }), correct(logits, y)];
  };
  const lossAndGrad = nn.valueAndGrad(model, lossFn);
  const batches = datasets.batches(data.train.images, data.train.labels, { batchSize: opts.batchSize, shuffle: true, seed: opts.seed ?? 0 });
  const n = batches.size;
  const tty = Boolean(process.stdout.isTTY);
  const redrawEvery = Math.max(1, Math.floor(batches.length / 50));
  const history: EpochStats[] = [];
  const width = String(opts.epochs).length;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    const label = `epoch ${String(epoch).padStart(width)}/${opts.epochs}`;
    model.train();
    const t0 = performance.now();
    // loss and hit sums stay lazy device scalars, read once per redraw, not once per batch
    let lossSum = mx.zeros([]);
    let hits = mx.zeros([], { dtype: mx.int32 });
    let b = 0;
    for (const { x, y } of batches) {
      const [[loss, hit], grads] = lossAndGrad(model, x, y);
      optimizer.update(model, grads);
      lossSum = mx.add(lossSum, mx.multiply(loss, y.shape[0]!));
      hits = mx.add(hits, hit);
      await mx.eval(model.parameters(), optimizer.state, lossSum, hits);
      b++;
      if (tty && (b % redrawEvery === 0 || b === batches.length)) {
        const seen = Math.min(n, b * opts.batchSize);
        const l = Number(await lossSum.itemAsync()) / seen;
        process.stdout.write(`\r${label} ${bar(b, batches.length)} loss ${l.toFixed(4)}`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const loss = Number(await lossSum.itemAsync()) / n;
    const trainAcc = Number(await hits.itemAsync()) / n;
    model.eval();
    const testAcc = await accuracy(model, data.test);
    const stats = { epoch, loss, trainAcc, testAcc, seconds, samplesPerSec: n / seconds };
    history.push(stats);
    if (tty) process.stdout.write("\r");
    console.log(
      `${label} ${bar(1, 1)} loss ${loss.toFixed(4)}  train acc ${(trainAcc * 100).toFixed(2)}%  ` +
        `test acc ${(testAcc * 100).toFixed(2)}%  ${seconds.toFixed(1)} s  ${Math.round(n / seconds)} samples/s`,
    );
  }
  return history;
}

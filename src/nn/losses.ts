/**
 * `nn.losses` (MLX's mlx.nn.losses), with MLX's defaults: mseLoss, l1Loss and smoothL1Loss and
 * binaryCrossEntropy reduce to the mean; crossEntropy, nllLoss, klDivLoss and huberLoss return
 * the per-element losses ("none") unless a `reduction` is given.
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import { nnFail } from "./module.ts";

/** How a loss reduces its elements. */
export type Reduction = "none" | "mean" | "sum";

type A = MxArray;

/** Applies `reduction` to per-element losses. */
export function reduce(loss: A, reduction: Reduction = "none", op = "losses"): A {
  if (reduction === "mean") return mx.mean(loss);
  if (reduction === "sum") return mx.sum(loss);
  if (reduction === "none") return loss;
  return nnFail(op, `Invalid reduction "${String(reduction)}". Must be 'none', 'mean', or 'sum'.`);
}

const shapeStr = (a: A) => `(${a.shape.join(",")})`;
const sameShape = (a: A, b: A) => a.ndim === b.ndim && a.shape.every((d, i) => d === b.shape[i]);

function checkSame(op: string, what: [string, string], a: A, b: A): void {
  if (!sameShape(a, b)) nnFail(op, `${what[0]} shape ${shapeStr(a)} does not match ${what[1]} shape ${shapeStr(b)}.`);
}

function withWeights(op: string, loss: A, weights: A | null | undefined): A {
  if (!weights) return loss;
  if (!sameShape(weights, loss)) nnFail(op, `Weights with shape ${shapeStr(weights)} is not the same as output loss with shape ${shapeStr(loss)}.`);
  return mx.multiply(loss, weights);
}

/** Options of crossEntropy. */
export interface CrossEntropyOptions {
  weights?: A | null;
  axis?: number;
  labelSmoothing?: number;
  reduction?: Reduction;
}

/**
 * Cross entropy of unnormalized `logits` against `targets`: class indices (the logits' shape
 * without `axis`) or probabilities (the logits' shape). With label smoothing s the loss is
 * logsumexp - (1 - s) * score - s * mean(logits). Default reduction "none".
 */
export function crossEntropy(logits: A, targets: A, opts: CrossEntropyOptions = {}): A {
  const op = "crossEntropy";
  const axis = opts.axis ?? -1;
  const ls = opts.labelSmoothing ?? 0;
  if (ls < 0 || ls >= 1) nnFail(op, `Label smoothing must in [0, 1), got ${ls}.`);
  if (logits.ndim === 0) nnFail(op, "Expected logits with at least one dimension, got a scalar.");
  const ax = axis < 0 ? axis + logits.ndim : axis;
  if (ax < 0 || ax >= logits.ndim) nnFail(op, `Invalid axis ${axis} for logits of shape ${shapeStr(logits)}.`);
  const asProbs = targets.ndim === logits.ndim;
  let score: A;
  if (asProbs) {
    checkSame(op, ["Targets", "logits"], targets, logits);
    score = mx.sum(mx.multiply(logits, targets), { axis: ax });
  } else {
    const expected = logits.shape.filter((_, i) => i !== ax);
    if (targets.ndim !== expected.length || targets.shape.some((d, i) => d !== expected[i])) {
      nnFail(op, `Targets shape ${shapeStr(targets)} does not match logits shape ${shapeStr(logits)} (class indices need shape (${expected.join(",")})).`);
    }
    if (targets.dtype.isFloat) nnFail(op, `Class-index targets must be integers, got dtype ${targets.dtype.name}; pass probabilities with the logits' shape instead.`);
    score = mx.squeeze(mx.takeAlongAxis(logits, mx.expandDims(targets, ax), { axis: ax }), ax);
  }
  const lse = mx.logsumexp(logits, { axis: ax });
  let loss: A;
  if (ls > 0) {
    const smooth = mx.multiply(mx.mean(logits, { axis: ax }), -ls);
    loss = mx.add(mx.subtract(lse, mx.multiply(score, 1 - ls)), smooth);
  } else {
    loss = mx.subtract(lse, score);
  }
  return reduce(withWeights(op, loss, opts.weights), opts.reduction ?? "none", op);
}

/** Options of binaryCrossEntropy. */
export interface BinaryCrossEntropyOptions {
  weights?: A | null;
  withLogits?: boolean;
  reduction?: Reduction;
}

/**
 * Binary cross entropy of logits (default) or probabilities (`withLogits: false`, logs clipped
 * at -100) against targets in {0, 1}. Default reduction "mean".
 */
export function binaryCrossEntropy(inputs: A, targets: A, opts: BinaryCrossEntropyOptions = {}): A {
  const op = "binaryCrossEntropy";
  checkSame(op, ["Inputs", "targets"], inputs, targets);
  let loss: A;
  if (opts.withLogits ?? true) {
    loss = mx.subtract(mx.logaddexp(0, inputs), mx.multiply(inputs, targets));
  } else {
    const logP = mx.maximum(mx.log(inputs), -100);
    const log1mP = mx.maximum(mx.log(mx.subtract(1, inputs)), -100);
    loss = mx.negative(mx.add(mx.multiply(targets, logP), mx.multiply(mx.subtract(1, targets), log1mP)));
  }
  return reduce(withWeights(op, loss, opts.weights), opts.reduction ?? "mean", op);
}

/** Mean absolute error |p - t|. Default reduction "mean". */
export function l1Loss(predictions: A, targets: A, opts: { reduction?: Reduction } = {}): A {
  checkSame("l1Loss", ["Predictions", "targets"], predictions, targets);
  return reduce(mx.abs(mx.subtract(predictions, targets)), opts.reduction ?? "mean", "l1Loss");
}

/** Mean squared error (p - t)^2. Default reduction "mean". */
export function mseLoss(predictions: A, targets: A, opts: { reduction?: Reduction } = {}): A {
  checkSame("mseLoss", ["Predictions", "targets"], predictions, targets);
  return reduce(mx.square(mx.subtract(predictions, targets)), opts.reduction ?? "mean", "mseLoss");
}

/** Negative log likelihood: -inputs[target] along `axis` (inputs are log-probabilities). Default "none". */
export function nllLoss(inputs: A, targets: A, opts: { axis?: number; reduction?: Reduction } = {}): A {
  const op = "nllLoss";
  if (inputs.ndim === 0) nnFail(op, "Expected inputs with at least one dimension, got a scalar.");
  const axis = opts.axis ?? -1;
  const ax = axis < 0 ? axis + inputs.ndim : axis;
  const expected = inputs.shape.filter((_, i) => i !== ax);
  if (targets.ndim !== expected.length || targets.shape.some((d, i) => d !== expected[i])) {
    nnFail(op, `Targets shape ${shapeStr(targets)} does not match inputs shape ${shapeStr(inputs)} without axis ${axis}.`);
  }
  const loss = mx.negative(mx.squeeze(mx.takeAlongAxis(inputs, mx.expandDims(targets, ax), { axis: ax }), ax));
  return reduce(loss, opts.reduction ?? "none", op);
}

/**
 * Kullback-Leibler divergence sum(exp(targets) * (targets - inputs)) along `axis`, where both
 * are log-probabilities. Default reduction "none".
 */
export function klDivLoss(inputs: A, targets: A, opts: { axis?: number; reduction?: Reduction } = {}): A {
  checkSame("klDivLoss", ["Inputs", "targets"], inputs, targets);
  const loss = mx.sum(mx.multiply(mx.exp(targets), mx.subtract(targets, inputs)), { axis: opts.axis ?? -1 });
  return reduce(loss, opts.reduction ?? "none", "klDivLoss");
}

/** Huber loss: 0.5 e^2 for |e| <= delta, delta (|e| - 0.5 delta) beyond. Default reduction "none". */
export function huberLoss(inputs: A, targets: A, opts: { delta?: number; reduction?: Reduction } = {}): A {
  checkSame("huberLoss", ["Inputs", "targets"], inputs, targets);
  const delta = opts.delta ?? 1;
  const absErr = mx.abs(mx.subtract(inputs, targets));
  const quad = mx.minimum(absErr, delta);
  const lin = mx.subtract(absErr, quad);
  const loss = mx.add(mx.multiply(mx.square(quad), 0.5), mx.multiply(lin, delta));
  return reduce(loss, opts.reduction ?? "none", "huberLoss");
}

/** Smooth L1: 0.5 d^2 / beta for |d| < beta, |d| - 0.5 beta otherwise. Default reduction "mean". */
export function smoothL1Loss(predictions: A, targets: A, opts: { beta?: number; reduction?: Reduction } = {}): A {
  checkSame("smoothL1Loss", ["Predictions", "targets"], predictions, targets);
  const beta = opts.beta ?? 1;
  const d = mx.abs(mx.subtract(predictions, targets));
  const loss = mx.where(mx.less(d, beta), mx.divide(mx.multiply(mx.square(d), 0.5), beta), mx.subtract(d, 0.5 * beta));
  return reduce(loss, opts.reduction ?? "mean", "smoothL1Loss");
}

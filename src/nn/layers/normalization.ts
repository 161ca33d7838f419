/**
 * LayerNorm, RMSNorm, GroupNorm and BatchNorm (features on the last axis, as in MLX).
 * All compute (x - mean) * rsqrt(var + eps) with the biased variance, then weight and bias.
 * BatchNorm's running statistics are parameters that stay frozen (unfreeze() keeps them so).
 */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";
import { pyBool, pyFloat } from "../repr.ts";

function checkFeatures(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 1) nnFail(op, `${name} must be a positive integer, got ${String(v)}.`);
}

function checkLastDim(op: string, x: MxArray, dims: number): void {
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== dims) {
    nnFail(op, `Expected the last dimension of the input to be ${dims}, got shape (${x.shape.join(",")}).`);
  }
}

/** (x - mean) * rsqrt(var + eps) over `axes`. */
function normalize(x: MxArray, axes: number[], eps: number): MxArray {
  const mean = mx.mean(x, { axis: axes, keepdims: true });
  const v = mx.var(x, { axis: axes, keepdims: true });
  return mx.multiply(mx.subtract(x, mean), mx.rsqrt(mx.add(v, eps)));
}

/** Options of LayerNorm. */
export interface LayerNormOptions {
  eps?: number;
  affine?: boolean;
  bias?: boolean;
}

/** Normalizes over the last axis, then scales by `weight` (ones) and shifts by `bias` (zeros). */
export class LayerNorm extends Module {
  weight?: MxArray;
  bias?: MxArray;
  eps: number;
  dims: number;

  constructor(dims: number, opts: LayerNormOptions = {}) {
    super();
    checkFeatures("LayerNorm", "dims", dims);
    if (opts.affine ?? true) {
      this.weight = mx.ones([dims]);
      if (opts.bias ?? true) this.bias = mx.zeros([dims]);
    }
    this.eps = opts.eps ?? 1e-5;
    this.dims = dims;
  }

  protected override extraRepr(): string {
    return `${this.dims}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.weight !== undefined)}`;
  }

  override forward(x: MxArray): MxArray {
    checkLastDim("LayerNorm", x, this.dims);
    let y = normalize(x, [-1], this.eps);
    if (this.weight !== undefined) y = mx.multiply(y, this.weight);
    if (this.bias !== undefined) y = mx.add(y, this.bias);
    return y;
  }
}

/** x * rsqrt(mean(x^2) + eps) * weight over the last axis. */
export class RMSNorm extends Module {
  weight: MxArray;
  eps: number;

  constructor(dims: number, opts: { eps?: number } = {}) {
    super();
    checkFeatures("RMSNorm", "dims", dims);
    this.weight = mx.ones([dims]);
    this.eps = opts.eps ?? 1e-5;
  }

  protected override extraRepr(): string {
    return `${this.weight.shape[0]}, eps=${pyFloat(this.eps)}`;
  }

  override forward(x: MxArray): MxArray {
    checkLastDim("RMSNorm", x, this.weight.shape[0]!);
    const ms = mx.mean(mx.square(x), { axis: -1, keepdims: true });
    return mx.multiply(mx.multiply(x, mx.rsqrt(mx.add(ms, this.eps))), this.weight);
  }
}

/** Options of GroupNorm. */
export interface GroupNormOptions {
  eps?: number;
  affine?: boolean;
  pytorchCompatible?: boolean;
}

/**
 * Normalizes each group of features over the group and the spatial axes (all but the first
 * and the last). MLX's grouping interleaves features (group = feature % numGroups);
 * `pytorchCompatible` uses contiguous groups as PyTorch does.
 */
export class GroupNorm extends Module {
  weight?: MxArray;
  bias?: MxArray;
  numGroups: number;
  dims: number;
  eps: number;
  pytorchCompatible: boolean;

  constructor(numGroups: number, dims: number, opts: GroupNormOptions = {}) {
    super();
    checkFeatures("GroupNorm", "num_groups", numGroups);
    checkFeatures("GroupNorm", "dims", dims);
    if (dims % numGroups !== 0) nnFail("GroupNorm", `dims (${dims}) must be divisible by num_groups (${numGroups}).`);
    if (opts.affine ?? true) {
      this.weight = mx.ones([dims]);
      this.bias = mx.zeros([dims]);
    }
    this.numGroups = numGroups;
    this.dims = dims;
    this.eps = opts.eps ?? 1e-5;
    this.pytorchCompatible = opts.pytorchCompatible ?? false;
  }

  protected override extraRepr(): string {
    return `${this.numGroups}, ${this.dims}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.weight !== undefined)}, pytorch_compatible=${pyBool(this.pytorchCompatible)}`;
  }

  override forward(x: MxArray): MxArray {
    checkLastDim("GroupNorm", x, this.dims);
    if (x.ndim < 2) nnFail("GroupNorm", `Expected an input with a batch axis and a feature axis, got shape (${x.shape.join(",")}).`);
    const shape = x.shape;
    const B = shape[0]!;
    const G = this.numGroups;
    const per = this.dims / G;
    let y: MxArray;
    if (this.pytorchCompatible) {
      const g = mx.reshape(x, [B, -1, G, per]);
      y = mx.reshape(normalize(g, [1, 3], this.eps), shape);
    } else {
      y = mx.reshape(normalize(mx.reshape(x, [B, -1, G]), [1], this.eps), shape);
    }
    if (this.weight !== undefined) y = mx.add(mx.multiply(y, this.weight), this.bias!);
    return y;
  }
}

/** A Set whose pinned names survive delete() and clear() (BatchNorm's frozen running stats). */
class PinnedSet extends Set<string> {
  constructor(private readonly pinned: readonly string[]) {
    super(pinned);
  }
  override delete(k: string): boolean {
    return this.pinned.includes(k) ? false : super.delete(k);
  }
  override clear(): void {
    super.clear();
    for (const k of this.pinned) this.add(k);
  }
}

/** Options of BatchNorm. */
export interface BatchNormOptions {
  eps?: number;
  momentum?: number;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/**
 * Batch normalization over every axis but the last (inputs of 2 to 4 dimensions). In training
 * mode it uses the batch statistics and updates the running ones with `momentum`; in eval mode
 * it uses the running statistics.
 */
export class BatchNorm extends Module {
  weight?: MxArray;
  bias?: MxArray;
  running_mean?: MxArray;
  running_var?: MxArray;
  numFeatures: number;
  eps: number;
  momentum: number;
  affine: boolean;
  trackRunningStats: boolean;

  constructor(numFeatures: number, opts: BatchNormOptions = {}) {
    super();
    checkFeatures("BatchNorm", "num_features", numFeatures);
    this.numFeatures = numFeatures;
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum ?? 0.1;
    this.affine = opts.affine ?? true;
    this.trackRunningStats = opts.trackRunningStats ?? true;
    if (this.affine) {
      this.weight = mx.ones([numFeatures]);
      this.bias = mx.zeros([numFeatures]);
    }
    if (this.trackRunningStats) {
      this.running_mean = mx.zeros([numFeatures]);
      this.running_var = mx.ones([numFeatures]);
      this._noGrad = new PinnedSet(["running_mean", "running_var"]);
    }
  }

  protected override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyFloat(this.momentum)}, affine=${pyBool(this.weight !== undefined)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }

  override forward(x: MxArray): MxArray {
    if (x.ndim < 2 || x.ndim > 4) nnFail("BatchNorm", `Expected input tensor to have 2, 3 or 4 dimensions, but got ${x.ndim} (shape (${x.shape.join(",")})).`);
    checkLastDim("BatchNorm", x, this.numFeatures);
    const axes = Array.from({ length: x.ndim - 1 }, (_, i) => i);
    let mean = mx.mean(x, { axis: axes });
    let v = mx.var(x, { axis: axes });
    if (this.trackRunningStats) {
      if (this.training) {
        const mu = this.momentum;
        this.running_mean = mx.add(mx.multiply(this.running_mean!, 1 - mu), mx.multiply(mx.stopGradient(mean), mu));
        this.running_var = mx.add(mx.multiply(this.running_var!, 1 - mu), mx.multiply(mx.stopGradient(v), mu));
      } else {
        mean = this.running_mean!;
        v = this.running_var!;
      }
    }
    const y = mx.multiply(mx.subtract(x, mean), mx.rsqrt(mx.add(v, this.eps)));
    return this.weight !== undefined ? mx.add(mx.multiply(y, this.weight), this.bias!) : y;
  }
}

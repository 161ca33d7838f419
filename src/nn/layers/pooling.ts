/**
 * Max and average pooling over [N, L, C] (1-D) and [N, H, W, C] (2-D) inputs, as in MLX:
 * stride defaults to the kernel size, padding is symmetric (-inf for max, 0 for average, which
 * counts the padding in the mean), the output size is floor((size + 2p - k) / s) + 1.
 * Windows with stride == kernel become one reshape; overlapping windows are a stack of k*k
 * strided slices (each a non-overlapping view, so gradients flow through every path).
 */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";
import { pyTuple } from "../repr.ts";

type Kind = "max" | "avg";

function listOf(op: string, name: string, v: number | readonly number[], n: number, min: number): number[] {
  const xs = typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
  if (xs.length !== n || xs.some((x) => !Number.isInteger(x))) {
    nnFail(op, `'${name}' must be an integer or a tuple containing ${n} integer${n > 1 ? "s" : ""}, got ${JSON.stringify(v)}.`);
  }
  if (xs.some((x) => x < min)) nnFail(op, `'${name}' must be ${min > 0 ? "positive" : "non-negative"} but got ${pyTuple(xs)}.`);
  return xs;
}

/** Pools [N, H, W, C] with kernel (kh, kw), stride (sh, sw), padding (ph, pw). */
export function pool2d(op: string, kind: Kind, x: MxArray, k: number[], s: number[], p: number[]): MxArray {
  if (x.ndim !== 4) nnFail(op, `Expected a 4-D input [N, H, W, C], got shape (${x.shape.join(",")}).`);
  const [kh, kw] = k as [number, number];
  const [sh, sw] = s as [number, number];
  const [ph, pw] = p as [number, number];
  if (ph > 0 || pw > 0) {
    x = mx.pad(x, [[0, 0], [ph, ph], [pw, pw], [0, 0]], { constantValues: kind === "max" ? -Infinity : 0 });
  }
  const [N, H, W, C] = x.shape as [number, number, number, number];
  const Ho = Math.floor((H - kh) / sh) + 1;
  const Wo = Math.floor((W - kw) / sw) + 1;
  if (H < kh || W < kw || Ho < 1 || Wo < 1) {
    nnFail(op, `The kernel (${kh}, ${kw}) is larger than the padded input (shape (${x.shape.join(",")})).`);
  }
  const reduce = (a: MxArray, axes: number[]) => (kind === "max" ? mx.max(a, { axis: axes }) : mx.mean(a, { axis: axes }));
  if (kh === sh && kw === sw) {
    const cropped = Ho * kh === H && Wo * kw === W ? x : x.get(":", `0:${Ho * kh}`, `0:${Wo * kw}`, ":");
    return reduce(mx.reshape(cropped, [N, Ho, kh, Wo, kw, C]), [2, 4]);
  }
  const windows: MxArray[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      windows.push(x.get(":", `${i}:${i + sh * (Ho - 1) + 1}:${sh}`, `${j}:${j + sw * (Wo - 1) + 1}:${sw}`, ":"));
    }
  }
  return reduce(mx.stack(windows, { axis: 3 }), [3]);
}

abstract class Pool extends Module {
  _kind: Kind;
  _kernelSize: number[];
  _stride: number[];
  _padding: number[];

  constructor(kind: Kind, nd: 1 | 2, kernelSize: number | readonly number[], opts: PoolOptions) {
    super();
    const op = this.constructor.name;
    this._kind = kind;
    this._kernelSize = listOf(op, "kernel_size", kernelSize, nd, 1);
    this._stride = opts.stride === undefined || opts.stride === null ? this._kernelSize.slice() : listOf(op, "stride", opts.stride, nd, 1);
    this._padding = listOf(op, "padding", opts.padding ?? 0, nd, 0);
  }

  protected override extraRepr(): string {
    return `kernel_size=${pyTuple(this._kernelSize)}, stride=${pyTuple(this._stride)}, padding=${pyTuple(this._padding)}`;
  }

  override forward(x: MxArray): MxArray {
    const op = this.constructor.name;
    if (this._kernelSize.length === 2) return pool2d(op, this._kind, x, this._kernelSize, this._stride, this._padding);
    if (x.ndim !== 3) nnFail(op, `Expected a 3-D input [N, L, C], got shape (${x.shape.join(",")}).`);
    const [N, L, C] = x.shape as [number, number, number];
    const y = pool2d(op, this._kind, mx.reshape(x, [N, 1, L, C]), [1, this._kernelSize[0]!], [1, this._stride[0]!], [0, this._padding[0]!]);
    return mx.squeeze(y, 1);
  }
}

/** Options of the pooling layers: stride (default: the kernel size) and padding (default 0). */
export interface PoolOptions {
  stride?: number | readonly number[] | null;
  padding?: number | readonly number[];
}

/** 2-D max pooling of [N, H, W, C]. */
export class MaxPool2d extends Pool {
  constructor(kernelSize: number | readonly [number, number], opts: PoolOptions = {}) {
    super("max", 2, kernelSize, opts);
  }
}

/** 2-D average pooling of [N, H, W, C]. */
export class AvgPool2d extends Pool {
  constructor(kernelSize: number | readonly [number, number], opts: PoolOptions = {}) {
    super("avg", 2, kernelSize, opts);
  }
}

/** 1-D max pooling of [N, L, C]. */
export class MaxPool1d extends Pool {
  constructor(kernelSize: number | readonly [number], opts: PoolOptions = {}) {
    super("max", 1, kernelSize, opts);
  }
}

/** 1-D average pooling of [N, L, C]. */
export class AvgPool1d extends Pool {
  constructor(kernelSize: number | readonly [number], opts: PoolOptions = {}) {
    super("avg", 1, kernelSize, opts);
  }
}

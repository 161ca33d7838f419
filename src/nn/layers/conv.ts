/**
 * Conv1d and Conv2d layers in MLX's layout: input [N, L, C] / [N, H, W, C], weight
 * [out, k, in/groups] / [out, kh, kw, in/groups]; init uniform in ±sqrt(1/(in * k...)), bias zeros.
 */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";
import { pyBool, pyTuple } from "../repr.ts";

/** Options of Conv1d. */
export interface Conv1dOptions {
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
  bias?: boolean;
}

/** Options of Conv2d (integers or [h, w] pairs). */
export interface Conv2dOptions {
  stride?: number | readonly [number, number];
  padding?: number | readonly [number, number];
  dilation?: number | readonly [number, number];
  groups?: number;
  bias?: boolean;
}

function checkChannels(op: string, inC: number, outC: number, groups: number): void {
  for (const [n, v] of [["in_channels", inC], ["out_channels", outC], ["groups", groups]] as const) {
    if (!Number.isInteger(v) || v < 1) nnFail(op, `${n} must be a positive integer, got ${String(v)}.`);
  }
  if (inC % groups !== 0) nnFail(op, `The number of input channels (${inC}) must be divisible by the number of groups (${groups}).`);
  if (outC % groups !== 0) nnFail(op, `The number of output channels (${outC}) must be divisible by the number of groups (${groups}).`);
}

/** A 1-D convolution over [N, L, C_in] inputs. */
export class Conv1d extends Module {
  weight: MxArray;
  bias?: MxArray;
  stride: number;
  padding: number;
  dilation: number;
  groups: number;

  constructor(inChannels: number, outChannels: number, kernelSize: number, opts: Conv1dOptions = {}) {
    super();
    this.groups = opts.groups ?? 1;
    checkChannels("Conv1d", inChannels, outChannels, this.groups);
    if (!Number.isInteger(kernelSize) || kernelSize < 1) nnFail("Conv1d", `kernel_size must be a positive integer, got ${String(kernelSize)}.`);
    const scale = Math.sqrt(1 / (inChannels * kernelSize));
    this.weight = mx.random.uniform(-scale, scale, [outChannels, kernelSize, inChannels / this.groups]);
    if (opts.bias ?? true) this.bias = mx.zeros([outChannels]);
    this.stride = opts.stride ?? 1;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
  }

  protected override extraRepr(): string {
    const w = this.weight.shape;
    return `${w[2]! * this.groups}, ${w[0]}, kernel_size=${w[1]}, stride=${this.stride}, padding=${this.padding}, dilation=${this.dilation}, groups=${this.groups}, bias=${pyBool(this.bias !== undefined)}`;
  }

  override forward(x: MxArray): MxArray {
    const y = mx.conv1d(x, this.weight, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
    return this.bias !== undefined ? mx.add(y, this.bias) : y;
  }
}

const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === "number" ? [v, v] : [v[0], v[1]]);

/** A 2-D convolution over [N, H, W, C_in] inputs. */
export class Conv2d extends Module {
  weight: MxArray;
  bias?: MxArray;
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;

  constructor(inChannels: number, outChannels: number, kernelSize: number | readonly [number, number], opts: Conv2dOptions = {}) {
    super();
    this.groups = opts.groups ?? 1;
    checkChannels("Conv2d", inChannels, outChannels, this.groups);
    const [kh, kw] = pair(kernelSize);
    if (!Number.isInteger(kh) || !Number.isInteger(kw) || kh < 1 || kw < 1) nnFail("Conv2d", `kernel_size must be positive integers, got ${JSON.stringify(kernelSize)}.`);
    const scale = Math.sqrt(1 / (inChannels * kh * kw));
    this.weight = mx.random.uniform(-scale, scale, [outChannels, kh, kw, inChannels / this.groups]);
    if (opts.bias ?? true) this.bias = mx.zeros([outChannels]);
    this.stride = pair(opts.stride ?? 1);
    this.padding = pair(opts.padding ?? 0);
    this.dilation = pair(opts.dilation ?? 1);
  }

  protected override extraRepr(): string {
    const w = this.weight.shape;
    return `${w[3]! * this.groups}, ${w[0]}, kernel_size=${pyTuple(w.slice(1, 3))}, stride=${pyTuple(this.stride)}, padding=${pyTuple(this.padding)}, dilation=${pyTuple(this.dilation)}, groups=${this.groups}, bias=${pyBool(this.bias !== undefined)}`;
  }

  override forward(x: MxArray): MxArray {
    const y = mx.conv2d(x, this.weight, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
    return this.bias !== undefined ? mx.add(y, this.bias) : y;
  }
}

/**
 * Convolutions with MLX's layout: conv1d (input [N, L, C], weight [O, k, C/groups]) and
 * conv2d (input [N, H, W, C], weight [O, kh, kw, C/groups]); output channels last.
 * Padding is symmetric zero padding. Both record the "conv" primitive (conv1d with H = 1).
 * dtypes: computed in float32; integer and bool inputs are promoted to float32.
 */
import type { MxArray } from "../core/array.ts";
import { float32, promoteTypes } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { convOutSize, type ConvParams } from "../primitives/conv.ts";
import { astype } from "./shape.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

/** Options of conv1d: stride, padding, dilation (integers) and groups. */
export interface Conv1dOptions extends StreamOptions {
  stride?: number;
  padding?: number;
  dilation?: number;
  groups?: number;
}

/** Options of conv2d: stride, padding, dilation (an integer or a [h, w] pair) and groups. */
export interface Conv2dOptions extends StreamOptions {
  stride?: number | readonly [number, number];
  padding?: number | readonly [number, number];
  dilation?: number | readonly [number, number];
  groups?: number;
}

function pairOf(op: string, name: string, v: unknown, dflt: number, min: number, len: number): number[] {
  const raw = v === undefined ? new Array<number>(len).fill(dflt) : typeof v === "number" ? new Array<number>(len).fill(v) : v;
  if (!Array.isArray(raw) || raw.length !== len) fail(op, `${name} must be an integer or a list of ${len} integers, got ${String(v)}.`);
  for (const x of raw as unknown[]) {
    if (typeof x !== "number" || !Number.isInteger(x) || x < min) {
      fail(op, `${name} must contain integers >= ${min}, got ${JSON.stringify(v)}.`);
    }
  }
  return [...(raw as number[])];
}

/** Validates and records one convolution; `nd` is 1 or 2 (spatial dimensions). */
function convNd(op: string, nd: 1 | 2, input: ArrayLike, weight: ArrayLike, opts: Conv2dOptions): MxArray {
  let x = asArray(op, input);
  let w = asArray(op, weight);
  const stream = streamOf(op, opts);
  if (x.ndim !== nd + 2) {
    fail(op, `Invalid input array with ${x.ndim} dimensions for ${nd}D convolution. Expected an array with ${nd + 2} dimensions following the format [N, ..., C_in], got shape ${fmtShape(x.shape)}.`);
  }
  if (w.ndim !== nd + 2) {
    fail(op, `Invalid weight array with ${w.ndim} dimensions for ${nd}D convolution. Expected an array with ${nd + 2} dimensions following the format [C_out, ..., C_in], got shape ${fmtShape(w.shape)}.`);
  }
  const stride = pairOf(op, "stride", opts.stride, 1, 1, nd);
  const padding = pairOf(op, "padding", opts.padding, 0, 0, nd);
  const dilation = pairOf(op, "dilation", opts.dilation, 1, 1, nd);
  const groups = opts.groups ?? 1;
  if (typeof groups !== "number" || !Number.isInteger(groups) || groups < 1) fail(op, `groups must be a positive integer, got ${String(groups)}.`);
  const xs = nd === 1 ? [x.shape[0]!, 1, x.shape[1]!, x.shape[2]!] : x.shape;
  const ws = nd === 1 ? [w.shape[0]!, 1, w.shape[1]!, w.shape[2]!] : w.shape;
  const [N, H, W, C] = xs as [number, number, number, number];
  const [O, kh, kw, Cg] = ws as [number, number, number, number];
  if (C % groups !== 0) fail(op, `The number of input channels (${C}) must be divisible by the number of groups (${groups}); input shape ${fmtShape(x.shape)}.`);
  if (O % groups !== 0) fail(op, `The number of output channels (${O}) must be divisible by the number of groups (${groups}); weight shape ${fmtShape(w.shape)}.`);
  if (Cg * groups !== C) {
    fail(op, `Expect the input channels in the input and weight array to match but got shapes - input: ${fmtShape(x.shape)} and weight: ${fmtShape(w.shape)}${groups > 1 ? ` (with groups=${groups})` : ""}.`);
  }
  const str: [number, number] = nd === 1 ? [1, stride[0]!] : [stride[0]!, stride[1]!];
  const pad: [number, number] = nd === 1 ? [0, padding[0]!] : [padding[0]!, padding[1]!];
  const dil: [number, number] = nd === 1 ? [1, dilation[0]!] : [dilation[0]!, dilation[1]!];
  const Ho = convOutSize(H, kh, str[0], pad[0], dil[0]);
  const Wo = convOutSize(W, kw, str[1], pad[1], dil[1]);
  if (Ho < 1 || Wo < 1 || kh < 1 || kw < 1) {
    fail(op, `The kernel (shape ${fmtShape(w.shape)}, dilation ${fmtShape(dilation)}) is larger than the padded input (shape ${fmtShape(x.shape)}, padding ${fmtShape(padding)}): the output size would be < 1.`);
  }
  let dtype = promoteTypes(x.dtype, w.dtype);
  if (!dtype.isFloat) dtype = float32;
  if (x.dtype !== dtype) x = astype(x, dtype, { stream });
  if (w.dtype !== dtype) w = astype(w, dtype, { stream });
  const params: ConvParams = { N, H, W, C, O, kh, kw, Ho, Wo, stride: str, padding: pad, dilation: dil, groups };
  const shape = nd === 1 ? [N, Wo, O] : [N, Ho, Wo, O];
  return record("conv", [x, w], params, shape, dtype, stream);
}

/** 1-D convolution: input [N, L, C_in], weight [C_out, k, C_in/groups] -> [N, L_out, C_out]. */
export function conv1d(input: ArrayLike, weight: ArrayLike, opts: Conv1dOptions = {}): MxArray {
  return convNd("conv1d", 1, input, weight, opts);
}

/** 2-D convolution: input [N, H, W, C_in], weight [C_out, kh, kw, C_in/groups] -> [N, H_out, W_out, C_out]. */
export function conv2d(input: ArrayLike, weight: ArrayLike, opts: Conv2dOptions = {}): MxArray {
  return convNd("conv2d", 2, input, weight, opts);
}

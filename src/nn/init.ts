/**
 * `nn.init`: parameter initializers (MLX's mlx.nn.init). Each factory returns a function that
 * takes an array (only its shape is used) and returns a freshly drawn array of that shape:
 * `nn.init.heNormal()(mx.zeros([64, 3, 3, 16]))`. Fans follow MLX: fan_in = shape[-1] and
 * fan_out = shape[0], both times the receptive field (the product of the middle dimensions).
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import { nnFail } from "./module.ts";

/** Options of the initializer factories: the dtype of the drawn values (float32) and a PRNG key. */
export interface InitOptions {
  dtype?: mx.DType;
  key?: MxArray;
}

/** "fan_in" / "fanIn" or "fan_out" / "fanOut". */
export type FanMode = "fan_in" | "fan_out" | "fanIn" | "fanOut";

/** An initializer: an array in (for its shape), a new array out. */
export type Initializer = (a: MxArray) => MxArray;

/** fan_in and fan_out of a weight shape, as MLX computes them. */
export function fans(op: string, shape: readonly number[]): [number, number] {
  if (shape.length < 2) nnFail(op, `Glorot and He initialization need an array with at least 2 dimensions, got shape (${shape.join(",")}).`);
  let fanIn = shape[shape.length - 1]!;
  let fanOut = shape[0]!;
  if (shape.length > 2) {
    const rf = shape.slice(1, -1).reduce((p, d) => p * d, 1);
    fanIn *= rf;
    fanOut *= rf;
  }
  return [fanIn, fanOut];
}

function draws(opts: InitOptions): { dtype?: mx.DType; key?: MxArray } {
  return { dtype: opts.dtype, key: opts.key };
}

/** Every element equal to `value`. */
export function constant(value: number, opts: InitOptions = {}): Initializer {
  return (a) => mx.full(a.shape, value, { dtype: opts.dtype ?? mx.float32 });
}

/** Normal samples with mean `mean` and standard deviation `std` (defaults 0 and 1). */
export function normal(mean = 0, std = 1, opts: InitOptions = {}): Initializer {
  return (a) => mx.random.normal(a.shape, { loc: mean, scale: std, ...draws(opts) });
}

/** Uniform samples in [low, high) (defaults 0 and 1). */
export function uniform(low = 0, high = 1, opts: InitOptions = {}): Initializer {
  return (a) => mx.random.uniform(low, high, a.shape, draws(opts));
}

/** The identity matrix (the array must be square and 2-D). */
export function identity(opts: InitOptions = {}): Initializer {
  return (a) => {
    if (a.ndim !== 2 || a.shape[0] !== a.shape[1]) nnFail("init.identity", `The input array must be a square 2-D matrix, got shape (${a.shape.join(",")}).`);
    return mx.eye(a.shape[0]!, { dtype: opts.dtype ?? mx.float32 });
  };
}

/** Glorot (Xavier) normal: std = gain * sqrt(2 / (fan_in + fan_out)). */
export function glorotNormal(opts: InitOptions = {}): (a: MxArray, gain?: number) => MxArray {
  return (a, gain = 1) => {
    const [fi, fo] = fans("init.glorotNormal", a.shape);
    return mx.random.normal(a.shape, { scale: gain * Math.sqrt(2 / (fi + fo)), ...draws(opts) });
  };
}

/** Glorot (Xavier) uniform: limit = gain * sqrt(6 / (fan_in + fan_out)). */
export function glorotUniform(opts: InitOptions = {}): (a: MxArray, gain?: number) => MxArray {
  return (a, gain = 1) => {
    const [fi, fo] = fans("init.glorotUniform", a.shape);
    const limit = gain * Math.sqrt(6 / (fi + fo));
    return mx.random.uniform(-limit, limit, a.shape, draws(opts));
  };
}

function fanOf(op: string, shape: readonly number[], mode: FanMode): number {
  const [fi, fo] = fans(op, shape);
  if (mode === "fan_in" || mode === "fanIn") return fi;
  if (mode === "fan_out" || mode === "fanOut") return fo;
  return nnFail(op, `Invalid mode: ${String(mode)}. Valid modes are: fan_in, fan_out.`);
}

/** He (Kaiming) normal: std = gain / sqrt(fan), fan chosen by `mode` (default fan_in). */
export function heNormal(opts: InitOptions = {}): (a: MxArray, mode?: FanMode, gain?: number) => MxArray {
  return (a, mode = "fan_in", gain = 1) => {
    const fan = fanOf("init.heNormal", a.shape, mode);
    return mx.random.normal(a.shape, { scale: gain / Math.sqrt(fan), ...draws(opts) });
  };
}

/** He (Kaiming) uniform: limit = gain * sqrt(3 / fan), fan chosen by `mode` (default fan_in). */
export function heUniform(opts: InitOptions = {}): (a: MxArray, mode?: FanMode, gain?: number) => MxArray {
  return (a, mode = "fan_in", gain = 1) => {
    const limit = gain * Math.sqrt(3 / fanOf("init.heUniform", a.shape, mode));
    return mx.random.uniform(-limit, limit, a.shape, draws(opts));
  };
}

/**
 * mx.random: counter-based random numbers (Threefry-2x32, as JAX/MLX), so every device draws
 * the same numbers for the same key.
 *
 * Keys are uint32 arrays of shape [2]. Every sampler takes `{ key }`; without one it splits a
 * fresh subkey off the global key state (MLX's KeyState), which `seed(s)` resets.
 * Floats come from the top 23 bits of each word: u = (bits >> 9 | 0x3f800000) - 1 in [0, 1),
 * then low + (high - low) * u, clamped below high.
 * normal uses MLX's inverse-CDF form sqrt(2) * erfinv(uniform(-1 + eps, 1)) (no Box-Muller,
 * so sample i depends on word i only); gumbel is -log(-log(u)); categorical is Gumbel-max.
 */
import { MxArray } from "../core/array.ts";
import type { Stream } from "../core/device.ts";
import { bool, float32, int32, uint32, type DType } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { broadcastShapes, normalizeAxis, sameShape } from "../core/shape.ts";
import { greaterEqual, logicalOr } from "./binary.ts";
import { argmax } from "./reduce.ts";
import { take } from "./indexing.ts";
import { argsort } from "./sort.ts";
import { astype, reshape, transpose } from "./shape.ts";
import {
  ew1, ew2, keyArray, prevFloat32, randomBits, resolveKey, seedWords, select, setGlobalKey, shapeArg, unitUniform,
} from "./random_key.ts";
import { asArray, checkInt, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

/** Options every sampler takes: the key (default: split off the global state) and the stream. */
export interface KeyOptions extends StreamOptions {
  key?: MxArray | null;
}
/** Options of float samplers. */
export interface FloatOptions extends KeyOptions {
  shape?: number | readonly number[];
  dtype?: DType;
}
/** Options of uniform. */
export interface UniformOptions extends FloatOptions {
  low?: number | MxArray;
  high?: number | MxArray;
}
/** Options of normal. */
export interface NormalOptions extends FloatOptions {
  loc?: number | MxArray;
  scale?: number | MxArray;
}

type Bound = number | MxArray;

function isOptions(x: unknown): boolean {
  return typeof x === "object" && x !== null && !(x instanceof MxArray) && !Array.isArray(x) && !ArrayBuffer.isView(x);
}

function floatDtype(op: string, dtype: DType | undefined): DType {
  const dt = dtype ?? float32;
  if (dt !== float32) fail(op, `Only float32 random values are supported, got dtype ${String(dt)}.`);
  return dt;
}

function floatBound(op: string, x: Bound | ArrayLike, s: Stream): Bound {
  if (typeof x === "number") return x;
  const a = asArray(op, x as ArrayLike);
  return a.dtype === float32 ? a : astype(a, float32, { stream: s });
}

function shapeOfBound(b: Bound): readonly number[] {
  return typeof b === "number" ? [] : b.shape;
}

/** The output shape: `shape` if given (the parameters must broadcast to it), else theirs. */
function outShape(op: string, shape: number[] | null, params: Bound[]): number[] {
  const ps = params.map(shapeOfBound);
  const b = broadcastShapes(op, ...ps);
  if (shape === null) return b;
  const all = broadcastShapes(op, shape, ...ps);
  if (!sameShape(all, shape)) {
    fail(op, `Cannot generate random values of shape ${fmtShape(shape)} from parameters of shapes ${ps.map(fmtShape).join(" and ")}.`);
  }
  return shape;
}

function scaleShift(u: MxArray, lo: Bound, hi: Bound, s: Stream): MxArray {
  if (typeof lo === "number" && typeof hi === "number") {
    if (lo === 0 && hi === 1) return u;
    const out = ew2("add", ew2("multiply", u, Math.fround(hi) - Math.fround(lo), s), lo, s);
    return lo < hi ? ew2("minimum", out, prevFloat32(hi), s) : out;
  }
  const range = ew2("subtract", hi, lo, s);
  const out = ew2("add", ew2("multiply", u, range, s), lo, s);
  // where rounding reached `high` (and low < high), return low instead (probability ~2^-24)
  const ok = logicalOr(ew2("less", out, hi, s), greaterEqual(lo, hi, { stream: s }), { stream: s });
  return select(ok, out, lo, s);
}

/** Resets the global key state to key(seed), making draws without a key reproducible. */
export function seed(s: number): void {
  checkInt("seed", "seed", s);
  const [k0, k1] = seedWords(s);
  setGlobalKey(k0, k1);
}

/** A PRNG key (uint32, shape [2]) from an integer seed: [0, seed] for 32-bit seeds, as JAX's PRNGKey. */
export function key(seed: number): MxArray {
  checkInt("key", "seed", seed);
  const [k0, k1] = seedWords(seed);
  return keyArray(k0, k1);
}

/** Splits `key` into `num` new keys (shape [num, 2]), derived from the key's Threefry bits. */
export function split(key: MxArray, num: number | StreamOptions = 2, opts: StreamOptions = {}): MxArray {
  if (typeof num === "object") {
    opts = num;
    num = 2;
  }
  if (key === undefined || key === null) fail("split", "Expected a key array of shape (2,) and dtype uint32, got none.");
  const k = resolveKey("split", key);
  checkInt("split", "num", num);
  if (num < 0) fail("split", `num must be non-negative, got ${num}.`);
  return randomBits(k, [num, 2], 4, streamOf("split", opts));
}

/** Raw random bits of `shape`: uint32 words (width 4, default) or uint8 bytes (width 1). */
export function bits(shape?: number | readonly number[] | (KeyOptions & { width?: number }), opts: KeyOptions & { width?: number } = {}): MxArray {
  if (isOptions(shape)) {
    opts = shape as KeyOptions;
    shape = undefined;
  }
  const sh = shapeArg("bits", shape as number[] | undefined);
  const width = opts.width ?? 4;
  if (width !== 4 && width !== 1) fail("bits", `width must be 4 (uint32) or 1 (uint8), got ${String(width)}.`);
  const s = streamOf("bits", opts);
  return randomBits(resolveKey("bits", opts.key), sh, width, s);
}

/**
 * Uniform samples in [low, high): uniform({ low, high, shape, key }), uniform(shape, opts) or
 * MLX's positional uniform(low, high, shape, opts). low/high broadcast to the shape.
 */
export function uniform(
  a?: Bound | readonly number[] | UniformOptions,
  b?: Bound | UniformOptions,
  c?: number | readonly number[] | UniformOptions,
  d: UniformOptions = {},
): MxArray {
  let opts: UniformOptions;
  let lo: Bound | ArrayLike;
  let hi: Bound | ArrayLike;
  let shape: number | readonly number[] | undefined;
  if (a === undefined || isOptions(a)) {
    opts = (a as UniformOptions | undefined) ?? {};
    lo = opts.low ?? 0;
    hi = opts.high ?? 1;
    shape = opts.shape;
  } else if (Array.isArray(a) && (b === undefined || isOptions(b))) {
    // uniform(shape, opts)
    opts = (b as UniformOptions | undefined) ?? {};
    lo = opts.low ?? 0;
    hi = opts.high ?? 1;
    shape = a as number[];
  } else {
    opts = (isOptions(c) ? c : d) as UniformOptions;
    lo = a as Bound;
    hi = (b ?? 1) as Bound;
    shape = isOptions(c) ? opts.shape : (c as number[] | undefined) ?? opts.shape;
  }
  return uniformImpl("uniform", lo, hi, shape, opts);
}

function uniformImpl(op: string, low: Bound | ArrayLike, high: Bound | ArrayLike, shape: unknown, opts: FloatOptions): MxArray {
  floatDtype(op, opts.dtype);
  const s = streamOf(op, opts);
  const lo = floatBound(op, low as ArrayLike, s);
  const hi = floatBound(op, high as ArrayLike, s);
  const given = shape === undefined || shape === null ? null : shapeArg(op, shape as number[]);
  const sh = outShape(op, given, [lo, hi]);
  const u = unitUniform(op, resolveKey(op, opts.key), sh, s);
  return scaleShift(u, lo, hi, s);
}

/** Standard-normal samples scaled by `scale` and shifted by `loc`: normal(shape, opts) or normal(opts). */
export function normal(shape?: number | readonly number[] | NormalOptions, opts: NormalOptions = {}): MxArray {
  if (isOptions(shape)) {
    opts = shape as NormalOptions;
    shape = opts.shape;
  }
  const op = "normal";
  floatDtype(op, opts.dtype);
  const s = streamOf(op, opts);
  const loc = floatBound(op, opts.loc ?? 0, s);
  const scale = floatBound(op, opts.scale ?? 1, s);
  const given = shape === undefined ? null : shapeArg(op, shape as number[]);
  const sh = outShape(op, given, [loc, scale]);
  // uniform in (-1, 1): low is nextafter(-1, 0) in float32, so erfinv stays finite
  const u = scaleShift(unitUniform(op, resolveKey(op, opts.key), sh, s), -1 + 2 ** -24, 1, s);
  let z = ew2("multiply", ew1("erfinv", u, s), Math.SQRT2, s);
  if (!(typeof scale === "number" && scale === 1)) z = ew2("multiply", z, scale, s);
  if (!(typeof loc === "number" && loc === 0)) z = ew2("add", z, loc, s);
  return z;
}

/** Normal samples truncated to [lower, upper] (MLX: inverse CDF between erf(lower/√2) and erf(upper/√2)). */
export function truncatedNormal(lower: Bound | ArrayLike, upper: Bound | ArrayLike, shape?: number | readonly number[] | FloatOptions, opts: FloatOptions = {}): MxArray {
  if (isOptions(shape)) {
    opts = shape as FloatOptions;
    shape = opts.shape;
  }
  const op = "truncatedNormal";
  floatDtype(op, opts.dtype);
  const s = streamOf(op, opts);
  const toArr = (x: Bound | ArrayLike): MxArray => {
    const b = floatBound(op, x as ArrayLike, s);
    return typeof b === "number" ? asArray(op, b, float32) : b;
  };
  const lo = toArr(lower);
  const hi = toArr(upper);
  const given = shape === undefined ? null : shapeArg(op, shape as number[]);
  const sh = outShape(op, given, [lo, hi]);
  const loT = ew1("erf", ew2("multiply", lo, Math.SQRT1_2, s), s);
  const hiT = ew1("erf", ew2("multiply", hi, Math.SQRT1_2, s), s);
  const u = scaleShift(unitUniform(op, resolveKey(op, opts.key), sh, s), loT, hiT, s);
  const z = ew2("multiply", ew1("erfinv", u, s), Math.SQRT2, s);
  return ew2("maximum", ew2("minimum", z, hi, s), lo, s);
}

/** Standard Gumbel samples: -log(-log(u)), u uniform in [0, 1). */
export function gumbel(shape?: number | readonly number[] | FloatOptions, opts: FloatOptions = {}): MxArray {
  if (isOptions(shape)) {
    opts = shape as FloatOptions;
    shape = opts.shape;
  }
  const op = "gumbel";
  floatDtype(op, opts.dtype);
  const sh = shapeArg(op, shape as number[] | undefined);
  return gumbelImpl(op, sh, resolveKey(op, opts.key), streamOf(op, opts));
}

function gumbelImpl(op: string, shape: number[], k: MxArray, s: Stream): MxArray {
  const u = unitUniform(op, k, shape, s);
  return ew1("negative", ew1("log", ew1("negative", ew1("log", u, s), s), s), s);
}

function intBound(op: string, name: string, x: number | ArrayLike, s: Stream): number | MxArray {
  if (typeof x === "number") {
    checkInt(op, name, x);
    return x;
  }
  const a = asArray(op, x);
  if (!a.dtype.isInteger && a.dtype !== bool) fail(op, `${name} must have an integer dtype, got ${a.dtype.name}.`);
  return a.dtype === int32 ? a : astype(a, int32, { stream: s });
}

const INT_RANGE: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31],
  uint32: [0, 2 ** 32],
  uint8: [0, 256],
};

/** Random integers in [low, high) of `dtype` (int32 default; uint32, uint8 too). */
export function randint(low: number | ArrayLike, high: number | ArrayLike, shape?: number | readonly number[] | (KeyOptions & { dtype?: DType }), opts: KeyOptions & { dtype?: DType } = {}): MxArray {
  if (isOptions(shape)) {
    opts = shape as KeyOptions;
    shape = undefined;
  }
  const op = "randint";
  const dtype = opts.dtype ?? int32;
  const lim = INT_RANGE[dtype.name];
  if (!lim) fail(op, `dtype must be int32, uint32 or uint8, got ${dtype.name}.`);
  const s = streamOf(op, opts);
  const lo = intBound(op, "low", low as number, s);
  const hi = intBound(op, "high", high as number, s);
  if (typeof lo === "number" && typeof hi === "number") {
    if (lo >= hi) fail(op, `low must be less than high, got low=${lo} and high=${hi}.`);
    if (lo < lim[0] || hi > lim[1]) fail(op, `[${lo}, ${hi}) is outside the range of dtype ${dtype.name}.`);
  }
  const given = shape === undefined ? null : shapeArg(op, shape as number[]);
  const sh = outShape(op, given, [lo, hi]);
  const w = randomBits(resolveKey(op, opts.key), sh, 4, s);
  // low + bits mod (high - low), in 32-bit wrapping arithmetic (bias below (high-low)/2^32)
  let r: MxArray;
  if (typeof lo === "number" && typeof hi === "number") {
    const range = hi - lo;
    r = range === 2 ** 32 ? w : ew2("remainder", w, range, s);
    r = astype(r, int32, { stream: s });
    if (lo !== 0) r = ew2("add", r, lo | 0, s);
  } else {
    const loA = typeof lo === "number" ? asArray(op, lo, int32) : lo;
    const hiA = typeof hi === "number" ? asArray(op, hi, int32) : hi;
    const range = astype(ew2("subtract", hiA, loA, s), uint32, { stream: s });
    r = astype(ew2("remainder", w, range, s), int32, { stream: s });
    r = ew2("add", r, loA, s);
  }
  return dtype === int32 ? r : astype(r, dtype, { stream: s });
}

/** Boolean samples that are true with probability `p` (default 0.5): bernoulli(p, shape, opts). */
export function bernoulli(p?: number | ArrayLike | KeyOptions, shape?: number | readonly number[] | KeyOptions, opts: KeyOptions = {}): MxArray {
  if (isOptions(p)) {
    opts = p as KeyOptions;
    p = undefined;
  } else if (isOptions(shape)) {
    opts = shape as KeyOptions;
    shape = undefined;
  }
  const op = "bernoulli";
  const s = streamOf(op, opts);
  const pb = floatBound(op, (p ?? 0.5) as ArrayLike, s);
  const given = shape === undefined ? null : shapeArg(op, shape as number[]);
  const sh = outShape(op, given, [pb]);
  const u = unitUniform(op, resolveKey(op, opts.key), sh, s);
  return ew2("less", u, pb, s);
}

/** Options of categorical: the class axis, and either an output `shape` or `numSamples` per distribution. */
export interface CategoricalOptions extends KeyOptions {
  axis?: number;
  shape?: number | readonly number[];
  numSamples?: number;
}

/** Samples class indices (uint32) from unnormalised log-probabilities by Gumbel-max along `axis`. */
export function categorical(logits: ArrayLike, opts: CategoricalOptions = {}): MxArray {
  const op = "categorical";
  const s = streamOf(op, opts);
  let x = asArray(op, logits);
  if (x.dtype !== float32) x = astype(x, float32, { stream: s });
  if (x.ndim === 0) fail(op, "Expected logits with at least one dimension, got shape ().");
  const axis = normalizeAxis(op, opts.axis ?? -1, x.ndim);
  if (opts.shape !== undefined && opts.numSamples !== undefined) fail(op, "At most one of shape or numSamples can be specified.");
  // move the class axis last
  if (axis !== x.ndim - 1) {
    const perm = [...Array(x.ndim).keys()].filter((i) => i !== axis);
    x = transpose(x, [...perm, axis], { stream: s });
  }
  const n = x.shape[x.ndim - 1]!;
  const batch = x.shape.slice(0, -1);
  let out: number[];
  if (opts.numSamples !== undefined) {
    checkInt(op, "numSamples", opts.numSamples);
    if (opts.numSamples < 0) fail(op, `numSamples must be non-negative, got ${opts.numSamples}.`);
    x = reshape(x, [...batch, 1, n], { stream: s });
    out = [...batch, opts.numSamples];
  } else if (opts.shape !== undefined) {
    out = shapeArg(op, opts.shape);
    const b = broadcastShapes(op, out, batch);
    if (!sameShape(b, out)) fail(op, `Requested shape ${fmtShape(out)} is not broadcast compatible with the logits batch shape ${fmtShape(batch)}.`);
  } else {
    out = batch;
  }
  if (n === 0) fail(op, `Cannot sample from zero classes (logits shape ${fmtShape(x.shape)}).`);
  const g = gumbelImpl(op, [...out, n], resolveKey(op, opts.key), s);
  return argmax(ew2("add", g, x, s), { axis: -1, stream: s });
}

/** Options of permutation. */
export interface PermutationOptions extends KeyOptions {
  axis?: number;
}

/** A random permutation of arange(n) (uint32), or `x` shuffled along `axis` (default 0). */
export function permutation(x: number | ArrayLike, opts: PermutationOptions = {}): MxArray {
  const op = "permutation";
  const s = streamOf(op, opts);
  if (typeof x === "number") {
    checkInt(op, "n", x);
    if (x < 0) fail(op, `n must be non-negative, got ${x}.`);
    return argsort(randomBits(resolveKey(op, opts.key), [x], 4, s), { axis: 0, stream: s });
  }
  const a = asArray(op, x);
  if (a.ndim === 0) fail(op, "Cannot permute an array of shape ().");
  const axis = normalizeAxis(op, opts.axis ?? 0, a.ndim);
  const perm = argsort(randomBits(resolveKey(op, opts.key), [a.shape[axis]!], 4, s), { axis: 0, stream: s });
  return take(a, perm, { axis, stream: s });
}

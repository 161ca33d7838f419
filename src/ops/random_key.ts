/**
 * Internal helpers of mx.random: Threefry-2x32 in plain TypeScript (for the global key state),
 * the global key state (MLX's KeyState), key validation, and the bits -> float conversion.
 * Not part of the public API (src/ops/random.ts is).
 */
import { MxArray } from "../core/array.ts";
import type { Stream } from "../core/device.ts";
import { float32, uint32, uint8 } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { checkShape } from "../core/shape.ts";
import type { RandomBitsParams } from "../primitives/random.ts";
import { add, floorDivide, less, maximum, minimum, multiply, remainder, subtract, where } from "./binary.ts";
import { astype } from "./shape.ts";
import { erf, erfinv, log, negative } from "./unary.ts";
import { fromJs, record } from "./util.ts";

const ROT = [13, 15, 26, 6, 17, 29, 16, 24];

/** Threefry-2x32 (20 rounds) of counter (c0, c1) under key (k0, k1), as uint32 numbers. */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let g = 0; g < 5; g++) {
    for (let r = 0; r < 4; r++) {
      const rot = ROT[(g & 1) * 4 + r]!;
      x0 = (x0 + x1) >>> 0;
      x1 = (((x1 << rot) | (x1 >>> (32 - rot))) ^ x0) >>> 0;
    }
    x0 = (x0 + ks[(g + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(g + 2) % 3]! + g + 1) >>> 0;
  }
  return [x0, x1];
}

/** split(key, 2) in plain TypeScript: [next key, subkey] (same numbers as mx.random.split). */
export function splitPair(k0: number, k1: number): [[number, number], [number, number]] {
  // bits of 4 words: pair j = (j, j + 2) -> out[j], out[j + 2]; rows are (out0, out1), (out2, out3)
  const [a0, a2] = threefry2x32(k0, k1, 0, 2);
  const [a1, a3] = threefry2x32(k0, k1, 1, 3);
  return [
    [a0, a1],
    [a2, a3],
  ];
}

/** The global key state (MLX's KeyState), kept as two JS numbers. */
const state: { key: [number, number] } = { key: [0, Date.now() >>> 0] };

/** Resets the global key state to the key (k0, k1). */
export function setGlobalKey(k0: number, k1: number): void {
  state.key = [k0 >>> 0, k1 >>> 0];
}

/** The two uint32 words of key(seed): JAX's PRNGKey for 64-bit seeds ([0, seed] for 32-bit ones). */
export function seedWords(seed: number): [number, number] {
  const b = BigInt.asUintN(64, BigInt(seed));
  return [Number(b >> 32n), Number(b & 0xffffffffn)];
}

/** A key array [k0, k1] (uint32, shape [2]). */
export function keyArray(k0: number, k1: number): MxArray {
  return fromJs("key", new Uint32Array([k0 >>> 0, k1 >>> 0]));
}

/** The key an op uses: the given one (validated), or a fresh subkey split off the global state. */
export function resolveKey(op: string, key: MxArray | null | undefined): MxArray {
  if (key === undefined || key === null) {
    const [next, sub] = splitPair(state.key[0], state.key[1]);
    state.key = next;
    return keyArray(sub[0], sub[1]);
  }
  if (!(key instanceof MxArray)) fail(op, `Expected the key to be an array, got ${String(key)}.`);
  if (key.ndim !== 1 || key.shape[0] !== 2 || key.dtype !== uint32) {
    fail(op, `Expected a key array of shape (2,) and dtype uint32, got shape ${fmtShape(key.shape)} and dtype ${key.dtype.name}.`);
  }
  return key;
}

/** Validates an output shape option (a number means a 1-D shape). */
export function shapeArg(op: string, shape: number | readonly number[] | undefined | null, fallback: number[] = []): number[] {
  if (shape === undefined || shape === null) return fallback;
  if (typeof shape === "number") return checkShape(op, [shape]);
  return checkShape(op, shape as number[]);
}

/** Records randomBits: `shape` words of width 4 (uint32) or 1 (uint8). */
export function randomBits(key: MxArray, shape: number[], width: 1 | 4, s: Stream): MxArray {
  return record("randomBits", [key], { shape, width } satisfies RandomBitsParams, shape, width === 4 ? uint32 : uint8, s);
}

/**
 * Float32 uniform in [0, 1) from the top 23 bits of each word: (bits >> 9 | 0x3f800000) - 1,
 * i.e. floor(bits / 512) * 2^-23 (exact in float32). Composed as floorDivide, astype, multiply.
 */
export function unitUniform(op: string, key: MxArray, shape: number[], s: Stream): MxArray {
  const bits = randomBits(key, shape, 4, s);
  const f = astype(ew2("floorDivide", bits, 512, s), float32, { stream: s });
  return ew2("multiply", f, 2 ** -23, s);
}

/** The largest float32 strictly below `x` (x finite). */
export function prevFloat32(x: number): number {
  const f = new Float32Array([x]);
  if (f[0]! < x) return f[0]!; // rounding went down: already the largest float32 below x
  const u = new Uint32Array(f.buffer);
  if (f[0] === 0) u[0] = 0x80000001;
  else if (f[0]! > 0) u[0] = u[0]! - 1;
  else u[0] = u[0]! + 1;
  return f[0]!;
}

// ---- elementwise building blocks: the public ops, with the stream as a positional argument ----

type Operand = MxArray | number;
const BINARY = { add, subtract, multiply, minimum, maximum, floorDivide, remainder, less };
const UNARY = { negative, log, erf, erfinv };

/** binary op `name`(a, b) on stream s (JS numbers are weak scalars, as in the ops). */
export function ew2(name: keyof typeof BINARY, a: Operand, b: Operand, s: Stream): MxArray {
  return BINARY[name](a, b, { stream: s });
}

/** unary op `name`(a) on stream s. */
export function ew1(name: keyof typeof UNARY, a: MxArray, s: Stream): MxArray {
  return UNARY[name](a, { stream: s });
}

/** where(cond, x, y) on stream s. */
export function select(cond: MxArray, x: Operand, y: Operand, s: Stream): MxArray {
  return where(cond, x, y, { stream: s });
}

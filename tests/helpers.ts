/** Shared test helpers: the `mx` import, references, random data, and allclose. */
import { expect } from "bun:test";
import * as mx from "../src/index.ts";
import { GPU_FAMILIES } from "../src/backend/gpu/index.ts";

export { mx };

/** Streams every op suite runs on (the GPU joins when the WebGPU backend lands). */
export const STREAMS: { name: string; stream: mx.Device }[] = [{ name: "cpu", stream: mx.cpu }];

/** Deterministic pseudo-random numbers (mulberry32) for test inputs. */
export function rng(seed = 1234): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Float32Array of `n` uniform values in [lo, hi). */
export function randomData(n: number, lo = -1, hi = 1, seed = 1): Float32Array {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

/** A random float32 MxArray of `shape` and its data. */
export function randomArray(shape: number[], lo = -1, hi = 1, seed = 1): { x: mx.MxArray; data: Float32Array } {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = randomData(n, lo, hi, seed);
  return { x: mx.array(data, { shape }), data };
}

/** Row-major strides. */
export function strides(shape: number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/**
 * Asserts that `actual` and `expected` agree elementwise within atol + rtol*|expected|,
 * treating NaN == NaN and equal infinities as equal. Reports the first mismatch.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = Number(expected[i]);
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) throw new Error(`element ${i}: expected NaN, got ${a}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      if (a !== e) throw new Error(`element ${i}: expected ${e}, got ${a}`);
      continue;
    }
    if (!(Math.abs(a - e) <= atol + rtol * Math.abs(e))) {
      throw new Error(`element ${i}: expected ${e}, got ${a} (|diff| ${Math.abs(a - e)} > ${atol} + ${rtol}*|e|)`);
    }
  }
}

/** Evaluates `x` (any stream) and checks shape, dtype and values. */
export async function expectArray(
  x: mx.MxArray,
  shape: number[],
  expected: ArrayLike<number>,
  opts: { dtype?: mx.DType; rtol?: number; atol?: number } = {},
): Promise<void> {
  expect(x.shape).toEqual(shape);
  if (opts.dtype) expect(x.dtype).toBe(opts.dtype);
  expectClose(await x.data(), expected, opts.rtol, opts.atol);
}

/** Rounds to float32, for references computed in float64. */
export const f32 = Math.fround;

/** The GPU stream when a validated WebGPU adapter was found (else empty: the suite has no GPU cases). */
export const GPU_STREAMS: { name: string; stream: mx.Device }[] = mx.gpu.available ? [{ name: "gpu", stream: mx.gpu }] : [];

/**
 * Absolute tolerance for float results on `stream`: GPUs flush subnormal float32 results to
 * zero (WGSL permits it), so on the GPU anything below FLT_MIN (1.18e-38) may read as 0.
 */
export function floatAtol(stream: mx.Device, atol = 0): number {
  return stream === mx.gpu ? Math.max(atol, 1.2e-38) : atol;
}

/**
 * Streams a suite of kernel `family` runs on: the CPU, plus the GPU when it is available and
 * the family has its WGSL kernels (see src/backend/gpu/index.ts GPU_FAMILIES).
 */
export function streamsFor(family: string): { name: string; stream: mx.Device }[] {
  return GPU_FAMILIES.includes(family) ? [...STREAMS, ...GPU_STREAMS] : STREAMS;
}

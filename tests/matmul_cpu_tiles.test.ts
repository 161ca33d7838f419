// CPU GEMM tiling edges (asm/shared/matmul_gemm.ts): the 6x8 micro-kernel's partial tiles, the
// balanced K and M blocks, the transposed-operand packers and the swapped (C^T = B^T A^T,
// transposed-output) orientation chosen for small N. Integer-valued inputs make every f32 sum
// exact, so results must match the float64 reference exactly.
import { describe, expect, test } from "bun:test";
import { mx } from "./helpers.ts";

/** Integer values in [-3, 3] from a small LCG (exact in float32 sums below 2^24). */
function ints(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 24) % 7 - 3;
  }
  return out;
}

/** C = op(A) @ op(B) in float64; A stored [M,K] (or [K,M] when ta), B [K,N] (or [N,K] when tb). */
function ref(a: Float32Array, b: Float32Array, M: number, K: number, N: number, ta: boolean, tb: boolean): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[ta ? k * M + i : i * K + k]! * b[tb ? j * K + k : k * N + j]!;
      c[i * N + j] = s;
    }
  }
  return c;
}

function check(M: number, K: number, N: number, ta: boolean, tb: boolean, seed = 1): void {
  const ad = ints(M * K, seed);
  const bd = ints(K * N, seed + 7);
  const a = mx.array(ad).reshape(ta ? [K, M] : [M, K]);
  const b = mx.array(bd).reshape(tb ? [N, K] : [K, N]);
  const c = mx.matmul(ta ? mx.transpose(a) : a, tb ? mx.transpose(b) : b, { stream: mx.cpu });
  expect(c.shape).toEqual([M, N]);
  const got = c.dataSync() as Float32Array;
  const want = ref(ad, bd, M, K, N, ta, tb);
  let bad = -1;
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) { bad = i; break; }
  expect(bad === -1 ? "exact" : `C[${Math.floor(bad / N)},${bad % N}] = ${got[bad]} != ${want[bad]}`).toBe("exact");
}

// [M, K, N]: M % 6 and N % 8 remainders, K = 1, K % 4 != 0 (packer tails), K > 256 in uneven
// blocks, M > 96 (several M blocks), small N with larger M (swapped orientation), vectors.
const SHAPES: [number, number, number][] = [
  [1, 1, 1], [6, 1, 8], [7, 1, 9], [5, 3, 7], [13, 5, 17], [12, 4, 16], [6, 8, 8],
  [11, 257, 13], [25, 300, 31], [200, 9, 23], [97, 2, 41],
  [128, 40, 10], [64, 512, 3], [50, 512, 1], [33, 7, 2], [1, 9, 11], [1, 300, 40], [9, 300, 1],
];

describe("cpu GEMM tiles", () => {
  for (const ta of [false, true]) {
    for (const tb of [false, true]) {
      test.each(SHAPES)(`%p x %p x %p, transA=${ta}, transB=${tb}: exact`, (M, K, N) => check(M, K, N, ta, tb));
    }
  }

  test("batched matmul with transposed, broadcast B in the swapped orientation", () => {
    const [Bt, M, K, N] = [3, 40, 37, 5];
    const ad = ints(Bt * M * K, 3);
    const bd = ints(N * K, 4);
    const a = mx.array(ad).reshape([Bt, M, K]);
    const b = mx.array(bd).reshape([N, K]);
    const got = mx.matmul(a, mx.transpose(b), { stream: mx.cpu }).dataSync() as Float32Array;
    for (let t = 0; t < Bt; t++) {
      const want = ref(ad.subarray(t * M * K, (t + 1) * M * K), bd, M, K, N, false, true);
      expect(Array.from(got.subarray(t * M * N, (t + 1) * M * N))).toEqual(Array.from(want));
    }
  });

  test("random floats at a blocked size agree with float64 to f32 rounding", () => {
    const [M, K, N] = [70, 520, 45];
    const ad = ints(M * K, 9).map((v, i) => v * 0.37 + (i % 5) * 0.011);
    const bd = ints(K * N, 10).map((v, i) => v * 0.53 - (i % 3) * 0.017);
    const got = mx.matmul(mx.array(ad).reshape([M, K]), mx.array(bd).reshape([K, N]), { stream: mx.cpu }).dataSync() as Float32Array;
    const want = ref(ad, bd, M, K, N, false, false);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(want[i]!)) * 20);
  });
});

/**
 * GPU kernel of the matmul family (shaders/matmul.wgsl): batched float32 C = A @ B with the
 * CPU kernel's operand forms (src/backend/cpu/matmul.ts): A [M, K] or [K, M] (transA), B
 * [K, N] or [N, K] (transB), read in place, and broadcast batch dimensions walked by
 * per-operand strides (0 where broadcast), so no operand is ever copied.
 * One dispatch: a workgroup per (batch, TM x TN tile of C), TM, TN in {16, 64} by the matrix
 * size (64x64: 256 invocations), K in steps of 16 through workgroup memory (8 KiB at most),
 * 4x4 outputs per invocation; vec4 loads where the rows are 16-byte aligned. The pipeline
 * varies only by tile shape ("matmul_f32_tile64x64"): operand forms are descriptor flags, so
 * a process compiles at most four matmul pipelines (SwiftShader takes ~1-2 s for each).
 * Also exports the GEMM variant builder that conv.ts reuses (implicit GEMM).
 */
import type { MatmulPrim } from "../../primitives/names.ts";
import type { MatmulParams } from "../../primitives/matmul.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import { SHADERS } from "./shaders.generated.ts";
import type { GpuKernel, GpuPlan } from "./kernel.ts";

/** K step of every GEMM variant. */
const BK = 16;

/** A GEMM variant (one pipeline): the family's hooks and the C tile shape. */
export interface GemmVariant {
  family: "matmul" | "conv";
  tm: number;
  tn: number;
}

/** Operand forms, a run-time descriptor word: transposed storage and 16-byte aligned rows. */
export interface GemmForms {
  /** A is stored [K, M]; B is stored [N, K]. */
  aT: boolean;
  bT: boolean;
  /** Every row of A (B) starts 16-byte aligned: vec4 loads. */
  aV: boolean;
  bV: boolean;
}

/** Tile edge for a matrix dimension: 16 for small ones, else 64. */
export function tileFor(n: number): number {
  return n <= 16 ? 16 : 64;
}

/** The WGSL module of a variant: its constants and hooks, then the skeleton (and conv's loaders). */
function gemmSource(v: GemmVariant): string {
  const pre = v.family === "matmul" ? "mm" : "cv";
  return `const TM = ${v.tm}u;
const TN = ${v.tn}u;
const BK = ${BK}u;
const WG = ${(v.tm / 4) * (v.tn / 4)}u;
fn setup(b: u32) { ${pre}_setup(b); }
fn ld_a(m: u32, k: u32) -> vec4f { return ${pre}_ld_a(m, k); }
fn ld_b(k: u32, n: u32) -> vec4f { return mm_ld_b(k, n); }
${SHADERS["matmul"]!}
${v.family === "conv" ? SHADERS["conv"]! : ""}`;
}

/** The one-dispatch plan of `batches` GEMMs C[M, N] = A[M, K] B[K, N]; `words` follow the seven common ones. */
export function gemmPlan(node: Node, v: GemmVariant, f: GemmForms, M: number, N: number, K: number, batches: number, words: number[]): GpuPlan {
  const tilesM = Math.ceil(M / v.tm);
  const tilesN = Math.ceil(N / v.tn);
  const count = tilesM * tilesN * batches;
  const flags = (f.aT ? 1 : 0) | (f.bT ? 2 : 0) | (f.aV ? 4 : 0) | (f.bV ? 8 : 0);
  const desc = Uint32Array.from([M, N, K, tilesM, tilesN, count, flags, ...words].map((x) => x >>> 0));
  const [a, b] = node.inputs as [Node, Node];
  const key = `${v.family}_f32_tile${v.tm}x${v.tn}`;
  return { dispatches: [{ key, source: () => gemmSource(v), inputs: [a, b], desc, n: node.size, outBytes: 4, workgroups: count }] };
}

const matmul: GpuKernel = (node) => {
  const [a, b] = node.inputs as [Node, Node];
  if (a.dtype.name !== "float32" || b.dtype.name !== "float32") {
    throw new KilnError("matmul", `internal: expected float32 operands, got ${a.dtype.name} and ${b.dtype.name}`);
  }
  if (node.size === 0) return { dispatches: [] };
  const { M, N, K, transA, transB, batchShape, aBatchStrides, bBatchStrides } = node.params as MatmulParams;
  const lda = transA ? M : K;
  const ldb = transB ? K : N;
  const aligned = (ld: number, s: number[]) => ld % 4 === 0 && s.every((x) => x % 4 === 0);
  const v: GemmVariant = { family: "matmul", tm: tileFor(M), tn: tileFor(N) };
  const f: GemmForms = { aT: transA, bT: transB, aV: aligned(lda, aBatchStrides), bV: aligned(ldb, bBatchStrides) };
  const batches = batchShape.reduce((x, y) => x * y, 1);
  const words = [lda, ldb, batchShape.length, ...batchShape, ...aBatchStrides, ...bBatchStrides];
  return gemmPlan(node, v, f, M, N, K, batches, words);
};

export const matmulGpuKernels: { readonly [P in MatmulPrim]: GpuKernel } = { matmul };

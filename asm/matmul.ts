// Kernel family: matmul — float32 matrix products.
// Layout: row-major operands in the shared memory (byte pointers); a transposed operand is read
// in place (ta/tb flags, see asm/shared/matmul_gemm.ts) instead of being materialised.
// Tiling: the shared cache-blocked GEMM (B panels NR=8 wide, pre-broadcast A panels MR=6 tall,
// 6x8 f32x4 micro-kernel, balanced K blocks of <= 256, swapped C^T = B^T A^T for small N). The batch loop (with broadcast batch strides) runs in the
// host glue, one call per matrix; `work` is a host-allocated buffer of matmul_work_floats floats.
// Limits: float32 only (the op promotes other dtypes); element offsets fit in i32.
import { gemm_f32, gemm_work_floats } from "./shared/matmul_gemm";

/** Floats of work space matmul_f32 needs for an M x K @ K x N product. */
export function matmul_work_floats(M: i32, N: i32, K: i32): i32 {
  return gemm_work_floats(M, N, K);
}

/** C[M,N] = A @ B (overwrites C); lda/ldb/ldc are row strides in elements. */
export function matmul_f32(
  a: usize, lda: i32, ta: i32, b: usize, ldb: i32, tb: i32, c: usize, ldc: i32,
  M: i32, N: i32, K: i32, work: usize,
): void {
  gemm_f32(a, lda, ta, b, ldb, tb, c, ldc, M, N, K, work, 0);
}

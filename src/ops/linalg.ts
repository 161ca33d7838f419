/**
 * Linear-algebra ops: matmul (NumPy semantics: 1-D operands, broadcast batch dimensions),
 * inner and outer (composed from matmul).
 * dtypes: matmul computes in float32. MLX rejects integer operands; kiln promotes them (and
 * bool) to float32 instead, so `matmul(int32, int32)` is a float32 array.
 */
import { MxArray } from "../core/array.ts";
import { float32, promoteTypes } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import type { Node } from "../core/node.ts";
import { stridesOf } from "../core/shape.ts";
import type { AsStridedParams } from "../primitives/copy.ts";
import { matmulBatch, type MatmulParams } from "../primitives/matmul.ts";
import { astype, reshape, transpose } from "./shape.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

/**
 * When `x` is a pending transpose of its input's last two axes (an asStrided view), returns
 * that input so the kernel can read it in place; else null.
 */
function transposedSource(x: MxArray): Node | null {
  const n = x._node;
  if (n.prim !== "asStrided" || n.evaluated || n.inputs.length !== 1) return null;
  const src = n.inputs[0]!;
  const p = n.params as AsStridedParams;
  const nd = n.shape.length;
  if (nd < 2 || src.shape.length !== nd || p.offset !== 0 || src.dtype !== n.dtype || !src.computable) return null;
  const st = stridesOf(src.shape);
  for (let i = 0; i < nd - 2; i++) if (n.shape[i] !== src.shape[i] || p.strides[i] !== st[i]) return null;
  const ok = n.shape[nd - 2] === src.shape[nd - 1] && n.shape[nd - 1] === src.shape[nd - 2]
    && p.strides[nd - 2] === st[nd - 1] && p.strides[nd - 1] === st[nd - 2];
  return ok ? src : null;
}

/** Matrix product with NumPy semantics (1-D operands, broadcast batch dimensions); float32 result. */
export function matmul(a: ArrayLike, b: ArrayLike, opts: StreamOptions = {}): MxArray {
  let x = asArray("matmul", a);
  let y = asArray("matmul", b);
  const stream = streamOf("matmul", opts);
  if (x.ndim === 0 || y.ndim === 0) {
    fail("matmul", `Got 0 dimension input. Inputs must have at least one dimension (shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}).`);
  }
  const xs = x.ndim === 1 ? [1, x.shape[0]!] : x.shape;
  const ys = y.ndim === 1 ? [y.shape[0]!, 1] : y.shape;
  const K = xs[xs.length - 1]!;
  if (K !== ys[ys.length - 2]) {
    fail(
      "matmul",
      `Last dimension of first input with shape ${fmtShape(x.shape)} must match second to last dimension of second input with shape ${fmtShape(y.shape)}.`,
    );
  }
  const M = xs[xs.length - 2]!;
  const N = ys[ys.length - 1]!;
  const batchA = xs.slice(0, -2);
  const batchB = ys.slice(0, -2);
  const { batch, collapsed, aStrides, bStrides } = matmulBatch(batchA, batchB, M * K, K * N);
  const shape = [...batch];
  if (x.ndim > 1) shape.push(M);
  if (y.ndim > 1) shape.push(N);

  // read pending last-two-axes transposes in place (the bytes of the view are never made)
  let transA = false;
  let transB = false;
  const sa = x.ndim >= 2 ? transposedSource(x) : null;
  if (sa) {
    x = new MxArray(sa);
    transA = true;
  }
  const sb = y.ndim >= 2 ? transposedSource(y) : null;
  if (sb) {
    y = new MxArray(sb);
    transB = true;
  }
  let dtype = promoteTypes(x.dtype, y.dtype);
  if (!dtype.isFloat) dtype = float32;
  if (x.dtype !== dtype) x = astype(x, dtype, { stream });
  if (y.dtype !== dtype) y = astype(y, dtype, { stream });
  const params: MatmulParams = { M, N, K, transA, transB, batchShape: collapsed, aBatchStrides: aStrides, bBatchStrides: bStrides };
  return record("matmul", [x, y], params, shape, dtype, stream);
}

/** Inner product over the last axes: shape a.shape[:-1] + b.shape[:-1] (float32). */
export function inner(a: ArrayLike, b: ArrayLike, opts: StreamOptions = {}): MxArray {
  const x = asArray("inner", a);
  const y = asArray("inner", b);
  if (x.ndim === 0 || y.ndim === 0) {
    return reshape(outer(x, y, opts), [...x.shape, ...y.shape], opts);
  }
  const K = x.shape[x.ndim - 1]!;
  if (y.shape[y.ndim - 1] !== K) {
    fail("inner", `Last dimensions of the inputs must match, got shapes ${fmtShape(x.shape)} and ${fmtShape(y.shape)}.`);
  }
  const out = [...x.shape.slice(0, -1), ...y.shape.slice(0, -1)];
  const rows = (s: number[]) => s.slice(0, -1).reduce((p, d) => p * d, 1);
  const x2 = reshape(x, [rows(x.shape), K], opts);
  const y2 = reshape(y, [rows(y.shape), K], opts);
  return reshape(matmul(x2, transpose(y2, opts), opts), out, opts);
}

/** Outer product of the flattened inputs: shape [a.size, b.size] (float32). */
export function outer(a: ArrayLike, b: ArrayLike, opts: StreamOptions = {}): MxArray {
  const x = asArray("outer", a);
  const y = asArray("outer", b);
  return matmul(reshape(x, [x.size, 1], opts), reshape(y, [1, y.size], opts), opts);
}

// ---- methods on MxArray ----
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.matmul(x, y). */
    matmul(y: ArrayLike, opts?: StreamOptions): MxArray;
  }
}
MxArray.prototype.matmul = function (y, opts) {
  return matmul(this, y, opts);
};

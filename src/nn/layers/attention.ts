/**
 * MultiHeadAttention (MLX's layout: queries [B, L, query_input_dims], keys/values [B, S, ...])
 * and the scaled dot-product attention it uses, composed from matmul and softmax.
 */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";
import { Linear } from "./linear.ts";

const FLOAT32_MIN = -3.4028234663852886e38;

/**
 * softmax(q k^T * scale + mask) v over [..., L, D] arrays. A boolean mask keeps the positions
 * where it is true; any other mask is added to the scores.
 */
export function scaledDotProductAttention(q: MxArray, k: MxArray, v: MxArray, opts: { scale: number; mask?: MxArray | null }): MxArray {
  let scores = mx.matmul(mx.multiply(q, opts.scale), mx.swapaxes(k, -1, -2));
  const mask = opts.mask;
  if (mask) scores = mask.dtype === mx.bool ? mx.where(mask, scores, -Infinity) : mx.add(scores, mask);
  return mx.matmul(mx.softmax(scores, { axis: -1 }), v);
}

/** Options of MultiHeadAttention (input/output widths default to `dims`; no biases by default). */
export interface MultiHeadAttentionOptions {
  queryInputDims?: number;
  keyInputDims?: number;
  valueInputDims?: number;
  valueDims?: number;
  valueOutputDims?: number;
  bias?: boolean;
}

/** Multi-head attention: project, split into heads, attend, merge heads, project out. */
export class MultiHeadAttention extends Module {
  numHeads: number;
  query_proj: Linear;
  key_proj: Linear;
  value_proj: Linear;
  out_proj: Linear;

  constructor(dims: number, numHeads: number, opts: MultiHeadAttentionOptions = {}) {
    super();
    if (!Number.isInteger(numHeads) || numHeads < 1) nnFail("MultiHeadAttention", `num_heads must be a positive integer, got ${String(numHeads)}.`);
    if (dims % numHeads !== 0) {
      nnFail("MultiHeadAttention", `The input feature dimensions should be divisible by the number of heads (${dims} % ${numHeads}) != 0.`);
    }
    const queryInputDims = opts.queryInputDims ?? dims;
    const keyInputDims = opts.keyInputDims ?? dims;
    const valueInputDims = opts.valueInputDims ?? keyInputDims;
    const valueDims = opts.valueDims ?? dims;
    const valueOutputDims = opts.valueOutputDims ?? dims;
    const bias = opts.bias ?? false;
    this.numHeads = numHeads;
    this.query_proj = new Linear(queryInputDims, dims, { bias });
    this.key_proj = new Linear(keyInputDims, dims, { bias });
    this.value_proj = new Linear(valueInputDims, valueDims, { bias });
    this.out_proj = new Linear(valueDims, valueOutputDims, { bias });
  }

  override forward(queries: MxArray, keys: MxArray, values: MxArray, mask?: MxArray | null): MxArray {
    for (const [n, a] of [["queries", queries], ["keys", keys], ["values", values]] as const) {
      if (a.ndim !== 3) nnFail("MultiHeadAttention", `Expected ${n} of shape [batch, length, features], got shape (${a.shape.join(",")}).`);
    }
    const H = this.numHeads;
    const heads = (a: MxArray) => mx.transpose(mx.reshape(a, [a.shape[0]!, a.shape[1]!, H, -1]), [0, 2, 1, 3]);
    const q = heads(this.query_proj(queries));
    const k = heads(this.key_proj(keys));
    const v = heads(this.value_proj(values));
    const o = scaledDotProductAttention(q, k, v, { scale: Math.sqrt(1 / q.shape[3]!), mask });
    const merged = mx.transpose(o, [0, 2, 1, 3]);
    return this.out_proj(mx.reshape(merged, [merged.shape[0]!, merged.shape[1]!, -1]));
  }

  /** An additive [N, N] mask with a large negative value above the diagonal (future positions). */
  static createAdditiveCausalMask(N: number, dtype: mx.DType = mx.float32): MxArray {
    const idx = mx.arange(N);
    const future = mx.less(mx.expandDims(idx, 1), mx.expandDims(idx, 0));
    return mx.astype(mx.where(future, mx.array(FLOAT32_MIN, mx.float32), mx.array(0, mx.float32)), dtype);
  }
}

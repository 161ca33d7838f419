/** Embedding: a lookup table [numEmbeddings, dims] initialised from N(0, 1/dims). */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";

/** Maps integer indices to rows of `weight`. */
export class Embedding extends Module {
  weight: MxArray;

  constructor(numEmbeddings: number, dims: number) {
    super();
    for (const [n, v] of [["num_embeddings", numEmbeddings], ["dims", dims]] as const) {
      if (!Number.isInteger(v) || v < 1) nnFail("Embedding", `${n} must be a positive integer, got ${String(v)}.`);
    }
    this.weight = mx.random.normal([numEmbeddings, dims], { scale: Math.sqrt(1 / dims) });
  }

  protected override extraRepr(): string {
    return `${this.weight.shape[0]}, ${this.weight.shape[1]}`;
  }

  override forward(x: MxArray): MxArray {
    if (x.dtype.isFloat) nnFail("Embedding", `Expected integer indices, got dtype ${x.dtype.name}.`);
    return mx.take(this.weight, x, { axis: 0 });
  }

  /** Uses the table as a linear map (tied output embeddings): x W^T. */
  asLinear(x: MxArray): MxArray {
    return mx.matmul(x, this.weight.T);
  }
}

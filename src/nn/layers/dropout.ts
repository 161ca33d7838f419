/** Dropout: in training mode zeroes each element with probability p and scales the rest by 1/(1-p). */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";
import { pyFloat } from "../repr.ts";

/** Randomly zeroes elements while training (identity in eval mode or with p = 0). */
export class Dropout extends Module {
  _p: number;
  _p1: number;

  constructor(p = 0.5) {
    super();
    if (!(p >= 0 && p < 1)) nnFail("Dropout", `The dropout probability ${String(p)} is not in [0, 1).`);
    this._p = p;
    this._p1 = 1 - p;
  }

  protected override extraRepr(): string {
    return `p=${pyFloat(this._p)}`;
  }

  override forward(x: MxArray): MxArray {
    if (this._p1 === 1 || !this.training) return x;
    const mask = mx.random.bernoulli(this._p1, x.shape);
    return mx.multiply(mx.multiply(mask, x), 1 / this._p1);
  }
}

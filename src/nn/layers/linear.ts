/** Linear (y = x W^T + b, MLX's init: uniform in ±sqrt(1/input_dims)) and Identity. */
import * as mx from "../../index.ts";
import type { MxArray } from "../../index.ts";
import { Module, nnFail } from "../module.ts";
import { pyBool } from "../repr.ts";

/** Options of Linear: `bias` (default true). */
export interface LinearOptions {
  bias?: boolean;
}

function checkDims(op: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) nnFail(op, `${name} must be a non-negative integer, got ${String(v)}.`);
}

/** An affine map y = x W^T + b with W of shape [outputDims, inputDims]. */
export class Linear extends Module {
  weight: MxArray;
  bias?: MxArray;

  constructor(inputDims: number, outputDims: number, opts: LinearOptions | boolean = {}) {
    super();
    checkDims("Linear", "input_dims", inputDims);
    checkDims("Linear", "output_dims", outputDims);
    const useBias = typeof opts === "boolean" ? opts : (opts.bias ?? true);
    const scale = Math.sqrt(1 / inputDims);
    this.weight = mx.random.uniform(-scale, scale, [outputDims, inputDims]);
    if (useBias) this.bias = mx.random.uniform(-scale, scale, [outputDims]);
  }

  protected override extraRepr(): string {
    return `input_dims=${this.weight.shape[1]}, output_dims=${this.weight.shape[0]}, bias=${pyBool(this.bias !== undefined)}`;
  }

  override forward(x: MxArray): MxArray {
    const y = mx.matmul(x, this.weight.T);
    return this.bias !== undefined ? mx.add(y, this.bias) : y;
  }
}

/** Returns its input unchanged. */
export class Identity extends Module {
  override forward(x: MxArray): MxArray {
    return x;
  }
}

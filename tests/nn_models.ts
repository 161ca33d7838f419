/** Small models shared by the nn suites. */
import type * as mx from "../src/index.ts";
import * as nn from "../src/nn/index.ts";

/** Linear layers with ReLU between them (the MLX walkthrough model). */
export class MLP extends nn.Module {
  layers: nn.Linear[];
  constructor(dims: number[]) {
    super();
    this.layers = dims.slice(0, -1).map((d, i) => new nn.Linear(d, dims[i + 1]!));
  }
  override forward(x: mx.MxArray): mx.MxArray {
    this.layers.forEach((l, i) => {
      x = l(x);
      if (i < this.layers.length - 1) x = nn.relu(x);
    });
    return x;
  }
}

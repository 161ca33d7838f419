/**
 * `nn.valueAndGrad(model, fn)`: MLX's mlx.nn.value_and_grad. The returned function calls
 * `fn(...args)` with the model's trainable parameters swapped for traced copies and returns
 * [value of fn, gradients as a tree shaped like model.trainableParameters()].
 * The model's parameters are put back afterwards (MLX leaves the traced copies in the model).
 */
import * as mx from "../index.ts";
import { Module, nnFail, type ParamTree } from "./module.ts";

/** Returns a function computing fn's value and its gradient with respect to the model's trainable parameters. */
export function valueAndGrad<A extends unknown[], R>(model: Module, fn: (...args: A) => R): (...args: A) => [R, ParamTree] {
  if (!(model instanceof Module)) nnFail("nn.valueAndGrad", "The first argument must be an nn.Module.");
  if (typeof fn !== "function") nnFail("nn.valueAndGrad", `Expected a function, got ${typeof fn}.`);
  const inner = (params: ParamTree, ...args: A): R => {
    model.update(params);
    return fn(...args);
  };
  const vg = mx.valueAndGrad(inner);
  return (...args: A): [R, ParamTree] => {
    const original = model.trainableParameters();
    try {
      const [value, grads] = vg(original, ...args);
      return [value as R, grads as ParamTree];
    } finally {
      model.update(original);
    }
  };
}

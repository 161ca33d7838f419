/**
 * Activations as functions (`nn.relu(x)`) and as parameter-free layers (`new nn.ReLU()`), as in
 * MLX's mlx.nn. All are compositions of core ops, so grad and vmap come free.
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import { Module, nnFail } from "./module.ts";

type X = MxArray;

/** max(x, 0). */
export function relu(x: X): X {
  return mx.maximum(x, 0);
}

/** min(max(x, 0), 6). */
export function relu6(x: X): X {
  return mx.minimum(mx.maximum(x, 0), 6);
}

/** max(negativeSlope * x, x) (default slope 0.01). */
export function leakyRelu(x: X, negativeSlope = 0.01): X {
  return mx.maximum(mx.multiply(x, negativeSlope), x);
}

/** x for x > 0, alpha * (exp(x) - 1) otherwise. */
export function elu(x: X, alpha = 1): X {
  // the exp branch sees min(x, 0) so that large x cannot make inf (and a NaN gradient)
  return mx.where(mx.greater(x, 0), x, mx.multiply(mx.expm1(mx.minimum(x, 0)), alpha));
}

/** Exact GELU: x * (1 + erf(x / sqrt(2))) / 2. */
export function gelu(x: X): X {
  return mx.divide(mx.multiply(x, mx.add(mx.erf(mx.multiply(x, Math.SQRT1_2)), 1)), 2);
}

/** Tanh approximation of GELU: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
export function geluApprox(x: X): X {
  const inner = mx.multiply(mx.add(x, mx.multiply(mx.power(x, 3), 0.044715)), Math.sqrt(2 / Math.PI));
  return mx.multiply(mx.multiply(x, 0.5), mx.add(mx.tanh(inner), 1));
}

/** Sigmoid approximation of GELU: x * sigmoid(1.702 x). */
export function geluFastApprox(x: X): X {
  return mx.multiply(x, mx.sigmoid(mx.multiply(x, 1.702)));
}

/** x * sigmoid(x) (swish). */
export function silu(x: X): X {
  return mx.multiply(x, mx.sigmoid(x));
}

/** 1 / (1 + exp(-x)). */
export function sigmoid(x: X): X {
  return mx.sigmoid(x);
}

/** Hyperbolic tangent. */
export function tanh(x: X): X {
  return mx.tanh(x);
}

/** log(1 + exp(x)), computed stably. */
export function softplus(x: X): X {
  return mx.logaddexp(x, 0);
}

/** log(sigmoid(x)) = -softplus(-x). */
export function logSigmoid(x: X): X {
  return mx.negative(softplus(mx.negative(x)));
}

/** Softmax over `axis` (default the last). */
export function softmax(x: X, axis = -1): X {
  return mx.softmax(x, { axis });
}

/** x - logsumexp(x) over `axis` (default the last). */
export function logSoftmax(x: X, axis = -1): X {
  return mx.subtract(x, mx.logsumexp(x, { axis, keepdims: true }));
}

/** Layer form of relu. */
export class ReLU extends Module {
  override forward(x: X): X {
    return relu(x);
  }
}

/** Layer form of relu6. */
export class ReLU6 extends Module {
  override forward(x: X): X {
    return relu6(x);
  }
}

/** Layer form of leakyRelu. */
export class LeakyReLU extends Module {
  _negativeSlope: number;
  constructor(negativeSlope = 0.01) {
    super();
    this._negativeSlope = negativeSlope;
  }
  override forward(x: X): X {
    return leakyRelu(x, this._negativeSlope);
  }
}

/** Layer form of elu. */
export class ELU extends Module {
  _alpha: number;
  constructor(alpha = 1) {
    super();
    this._alpha = alpha;
  }
  override forward(x: X): X {
    return elu(x, this._alpha);
  }
}

/** GELU approximations: "none" (exact, erf), "precise" / "tanh" (tanh formula), "fast" (sigmoid). */
export type GeluApprox = "none" | "precise" | "tanh" | "fast";

/** Layer form of gelu; `approx` picks the formula (default exact). */
export class GELU extends Module {
  _approx: GeluApprox;
  constructor(approx: GeluApprox | { approx?: GeluApprox } = "none") {
    super();
    const a = typeof approx === "string" ? approx : (approx.approx ?? "none");
    if (!["none", "precise", "tanh", "fast"].includes(a)) {
      nnFail("GELU", `The approximation should be in ["none", "precise", "tanh", "fast"] but '${String(a)}' was given.`);
    }
    this._approx = a;
  }
  override forward(x: X): X {
    if (this._approx === "none") return gelu(x);
    return this._approx === "fast" ? geluFastApprox(x) : geluApprox(x);
  }
}

/** Layer form of silu. */
export class SiLU extends Module {
  override forward(x: X): X {
    return silu(x);
  }
}

/** Layer form of sigmoid. */
export class Sigmoid extends Module {
  override forward(x: X): X {
    return sigmoid(x);
  }
}

/** Layer form of tanh. */
export class Tanh extends Module {
  override forward(x: X): X {
    return tanh(x);
  }
}

/** Layer form of softplus. */
export class Softplus extends Module {
  override forward(x: X): X {
    return softplus(x);
  }
}

/** Layer form of logSigmoid. */
export class LogSigmoid extends Module {
  override forward(x: X): X {
    return logSigmoid(x);
  }
}

/** Layer form of softmax over the last axis. */
export class Softmax extends Module {
  override forward(x: X): X {
    return softmax(x);
  }
}

/** Layer form of logSoftmax over the last axis. */
export class LogSoftmax extends Module {
  override forward(x: X): X {
    return logSoftmax(x);
  }
}

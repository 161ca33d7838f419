/**
 * SGD, RMSprop, Adagrad, Adam, AdamW and Lion with MLX's update rules and defaults
 * (mlx.optimizers). Each takes the learning rate first (a number, an array or a schedule), then
 * one options object: `new SGD(0.1, { momentum: 0.9 })`, or everything in the object:
 * `new SGD({ learningRate: 0.1, momentum: 0.9 })`.
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import { Optimizer, optFail, type LearningRate, type ParamState } from "./optimizer.ts";

type WithLr<O> = O & { learningRate: LearningRate };

function split<O extends object>(op: string, a: LearningRate | WithLr<O>, b: O | undefined): [LearningRate, O] {
  if (typeof a === "number" || typeof a === "function" || a instanceof mx.MxArray) return [a, (b ?? {}) as O];
  if (a && typeof a === "object" && "learningRate" in a) {
    const { learningRate, ...rest } = a;
    return [learningRate, rest as unknown as O];
  }
  return optFail(op, "Expected a learning rate (a number, an array or a schedule) or an options object with learningRate.");
}

const lrOf = (o: Optimizer, g: MxArray): MxArray => (o.learningRate.dtype === g.dtype ? o.learningRate : mx.astype(o.learningRate, g.dtype));

/** Options of SGD. */
export interface SGDOptions {
  momentum?: number;
  weightDecay?: number;
  dampening?: number;
  nesterov?: boolean;
}

/**
 * Stochastic gradient descent: g += wd * w; v = mu v + (1 - tau) g; w -= lr * (nesterov ? g + mu v : v)
 * (plain w -= lr g without momentum).
 */
export class SGD extends Optimizer {
  momentum: number;
  weightDecay: number;
  dampening: number;
  nesterov: boolean;

  constructor(learningRate: LearningRate | WithLr<SGDOptions>, opts?: SGDOptions) {
    super();
    const [lr, o] = split("SGD", learningRate, opts);
    this.momentum = o.momentum ?? 0;
    this.weightDecay = o.weightDecay ?? 0;
    this.dampening = o.dampening ?? 0;
    this.nesterov = o.nesterov ?? false;
    if (this.nesterov && (this.momentum <= 0 || this.dampening !== 0)) optFail("SGD", "Nesterov momentum requires a momentum and zero dampening.");
    this.maybeSchedule("learning_rate", lr);
  }

  protected initSingle(parameter: MxArray, state: ParamState): void {
    state.v = mx.zerosLike(parameter);
  }

  protected applySingle(gradient: MxArray, parameter: MxArray, state: ParamState): MxArray {
    let g = gradient;
    if (this.weightDecay !== 0) g = mx.add(g, mx.multiply(parameter, this.weightDecay));
    const lr = lrOf(this, g);
    if (this.momentum <= 0) return mx.subtract(parameter, mx.multiply(lr, g));
    let v = mx.multiply(state.v!, this.momentum);
    v = mx.add(v, this.dampening > 0 ? mx.multiply(g, 1 - this.dampening) : g);
    const upd = this.nesterov ? mx.add(g, mx.multiply(v, this.momentum)) : v;
    state.v = v;
    return mx.subtract(parameter, mx.multiply(lr, upd));
  }
}

/** RMSprop: v = alpha v + (1 - alpha) g^2; w -= lr g / (sqrt(v) + eps). */
export class RMSprop extends Optimizer {
  alpha: number;
  eps: number;

  constructor(learningRate: LearningRate | WithLr<{ alpha?: number; eps?: number }>, opts?: { alpha?: number; eps?: number }) {
    super();
    const [lr, o] = split("RMSprop", learningRate, opts);
    this.alpha = o.alpha ?? 0.99;
    this.eps = o.eps ?? 1e-8;
    if (this.alpha < 0) optFail("RMSprop", `RMSprop alpha should be >=0, ${this.alpha} was provided instead.`);
    if (this.eps < 0) optFail("RMSprop", `RMSprop epsilon should be >0, ${this.eps} was provided instead.`);
    this.maybeSchedule("learning_rate", lr);
  }

  protected initSingle(parameter: MxArray, state: ParamState): void {
    state.v = mx.zerosLike(parameter);
  }

  protected applySingle(g: MxArray, parameter: MxArray, state: ParamState): MxArray {
    const v = mx.add(mx.multiply(state.v!, this.alpha), mx.multiply(mx.square(g), 1 - this.alpha));
    state.v = v;
    return mx.subtract(parameter, mx.divide(mx.multiply(lrOf(this, g), g), mx.add(mx.sqrt(v), this.eps)));
  }
}

/** Adagrad: v += g^2; w -= lr g / (sqrt(v) + eps). */
export class Adagrad extends Optimizer {
  eps: number;

  constructor(learningRate: LearningRate | WithLr<{ eps?: number }>, opts?: { eps?: number }) {
    super();
    const [lr, o] = split("Adagrad", learningRate, opts);
    this.eps = o.eps ?? 1e-8;
    if (this.eps < 0) optFail("Adagrad", `Adagrad epsilon should be >0, ${this.eps} was provided instead.`);
    this.maybeSchedule("learning_rate", lr);
  }

  protected initSingle(parameter: MxArray, state: ParamState): void {
    state.v = mx.zerosLike(parameter);
  }

  protected applySingle(g: MxArray, parameter: MxArray, state: ParamState): MxArray {
    const v = mx.add(state.v!, mx.square(g));
    state.v = v;
    return mx.subtract(parameter, mx.divide(mx.multiply(lrOf(this, g), g), mx.add(mx.sqrt(v), this.eps)));
  }
}

/** Options of Adam. */
export interface AdamOptions {
  betas?: readonly [number, number];
  eps?: number;
  biasCorrection?: boolean;
}

/**
 * Adam: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr m / (sqrt(v) + eps). As in MLX,
 * bias correction is off by default; with `biasCorrection` the step is
 * lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 */
export class Adam extends Optimizer {
  betas: [number, number];
  eps: number;
  biasCorrection: boolean;

  constructor(learningRate: LearningRate | WithLr<AdamOptions>, opts?: AdamOptions) {
    super();
    const [lr, o] = split(new.target.name, learningRate, opts);
    this.betas = [o.betas?.[0] ?? 0.9, o.betas?.[1] ?? 0.999];
    this.eps = o.eps ?? 1e-8;
    this.biasCorrection = o.biasCorrection ?? false;
    this.maybeSchedule("learning_rate", lr);
  }

  protected initSingle(parameter: MxArray, state: ParamState): void {
    state.m = mx.zerosLike(parameter);
    state.v = mx.zerosLike(parameter);
  }

  protected applySingle(g: MxArray, parameter: MxArray, state: ParamState): MxArray {
    const lr = lrOf(this, g);
    const [b1, b2] = this.betas;
    const m = mx.add(mx.multiply(state.m!, b1), mx.multiply(g, 1 - b1));
    const v = mx.add(mx.multiply(state.v!, b2), mx.multiply(mx.square(g), 1 - b2));
    state.m = m;
    state.v = v;
    if (this.biasCorrection) {
      const t = mx.astype(this.step, mx.float32);
      const num = mx.multiply(mx.divide(lr, mx.subtract(1, mx.power(b1, t))), m);
      const den = mx.add(mx.divide(mx.sqrt(v), mx.sqrt(mx.subtract(1, mx.power(b2, t)))), this.eps);
      return mx.subtract(parameter, mx.divide(num, den));
    }
    return mx.subtract(parameter, mx.divide(mx.multiply(lr, m), mx.add(mx.sqrt(v), this.eps)));
  }
}

/** Options of AdamW. */
export interface AdamWOptions extends AdamOptions {
  weightDecay?: number;
}

/** AdamW: decoupled weight decay w *= (1 - lr * wd) (default wd 0.01), then the Adam step. */
export class AdamW extends Adam {
  weightDecay: number;

  constructor(learningRate: LearningRate | WithLr<AdamWOptions>, opts?: AdamWOptions) {
    const [lr, o] = split("AdamW", learningRate, opts);
    super(lr, o);
    this.weightDecay = o.weightDecay ?? 0.01;
  }

  protected override applySingle(g: MxArray, parameter: MxArray, state: ParamState): MxArray {
    const decayed = mx.multiply(parameter, mx.subtract(1, mx.multiply(lrOf(this, g), this.weightDecay)));
    return super.applySingle(g, decayed, state);
  }
}

/** Options of Lion. */
export interface LionOptions {
  betas?: readonly [number, number];
  weightDecay?: number;
}

/** Lion: c = b1 m + (1 - b1) g; m = b2 m + (1 - b2) g; w = w (1 - lr wd) - lr sign(c). */
export class Lion extends Optimizer {
  betas: [number, number];
  weightDecay: number;

  constructor(learningRate: LearningRate | WithLr<LionOptions>, opts?: LionOptions) {
    super();
    const [lr, o] = split("Lion", learningRate, opts);
    this.betas = [o.betas?.[0] ?? 0.9, o.betas?.[1] ?? 0.99];
    this.weightDecay = o.weightDecay ?? 0;
    this.maybeSchedule("learning_rate", lr);
  }

  protected initSingle(parameter: MxArray, state: ParamState): void {
    state.m = mx.zerosLike(parameter);
  }

  protected applySingle(g: MxArray, parameter: MxArray, state: ParamState): MxArray {
    const lr = lrOf(this, g);
    const [b1, b2] = this.betas;
    const m = state.m!;
    const c = mx.add(mx.multiply(m, b1), mx.multiply(g, 1 - b1));
    state.m = mx.add(mx.multiply(m, b2), mx.multiply(g, 1 - b2));
    let p = parameter;
    if (this.weightDecay > 0) p = mx.multiply(p, mx.subtract(1, mx.multiply(lr, this.weightDecay)));
    return mx.subtract(p, mx.multiply(lr, mx.sign(c)));
  }
}

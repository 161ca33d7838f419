/**
 * Learning-rate schedules (MLX's mlx.optimizers schedulers): functions of the step (an int32
 * array or a number) returning a float32 scalar array. Pass one as an optimizer's learning rate.
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import { optFail, type Schedule } from "./optimizer.ts";

const stepArray = (step: MxArray | number): MxArray => (typeof step === "number" ? mx.array(step, mx.float32) : mx.astype(step, mx.float32));

/** init * decayRate ** step. */
export function exponentialDecay(init: number, decayRate: number): Schedule {
  return (step) => mx.multiply(mx.power(decayRate, stepArray(step)), init);
}

/** init * decayRate ** floor(step / stepSize). */
export function stepDecay(init: number, decayRate: number, stepSize: number): Schedule {
  if (!Number.isInteger(stepSize) || stepSize < 1) optFail("stepDecay", `step_size must be a positive integer, got ${String(stepSize)}.`);
  return (step) => mx.multiply(mx.power(decayRate, mx.floor(mx.divide(stepArray(step), stepSize))), init);
}

/** Cosine decay from init to end over decaySteps: end + (init - end) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)). */
export function cosineDecay(init: number, decaySteps: number, end = 0): Schedule {
  if (!(decaySteps > 0)) optFail("cosineDecay", `decay_steps must be positive, got ${String(decaySteps)}.`);
  return (step) => {
    const s = mx.minimum(stepArray(step), decaySteps);
    const decay = mx.multiply(mx.add(mx.cos(mx.multiply(s, Math.PI / decaySteps)), 1), 0.5);
    return mx.add(mx.multiply(decay, init - end), end);
  };
}

/** Linear from init to end over `steps`, then constant: min(step, steps) * (end - init) / steps + init. */
export function linearSchedule(init: number, end: number, steps: number): Schedule {
  if (!(steps >= 1)) optFail("linearSchedule", `steps must be greater than 0, but got ${String(steps)}.`);
  return (step) => mx.add(mx.multiply(mx.minimum(stepArray(step), steps), (end - init) / steps), init);
}

/** schedules[0] until boundaries[0], then schedules[1] (counting steps from the boundary), and so on. */
export function joinSchedules(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (schedules.length === 0) optFail("joinSchedules", "Must provide at least 1 schedule to join.");
  if (schedules.length !== boundaries.length + 1) {
    optFail("joinSchedules", `Received ${boundaries.length} boundaries but expected ${schedules.length - 1}.`);
  }
  return (step) => {
    const s = stepArray(step);
    let out = schedules[0]!(s);
    boundaries.forEach((b, i) => {
      out = mx.where(mx.less(s, b), out, schedules[i + 1]!(mx.subtract(s, b)));
    });
    return out;
  };
}

/**
 * `kiln/optimizers`: optimizers, learning-rate schedules and gradient clipping modelled on
 * MLX's mlx.optimizers. `optimizer.update(model, grads)` then `mx.eval(model.parameters(), optimizer.state)`.
 */
export { Optimizer, type Schedule, type LearningRate, type ParamState } from "./optimizer.ts";
export {
  SGD, RMSprop, Adagrad, Adam, AdamW, Lion,
  type SGDOptions, type AdamOptions, type AdamWOptions, type LionOptions,
} from "./optimizers.ts";
export { exponentialDecay, stepDecay, cosineDecay, linearSchedule, joinSchedules } from "./schedulers.ts";
export { clipGradNorm } from "./clip.ts";

/**
 * The Optimizer base class (MLX's mlx.optimizers.Optimizer). Its `state` is a plain tree:
 * { step, learning_rate, ...one object of per-parameter arrays per parameter, shaped like the
 * parameter tree } — evaluate it with `mx.eval(model.parameters(), optimizer.state)`.
 * Each update evaluates scheduled values at the current step, then increments the step (so
 * Adam's bias correction sees step 1 on the first update), then maps applySingle over the tree.
 */
import * as mx from "../index.ts";
import type { MxArray } from "../index.ts";
import type { Module } from "../nn/module.ts";

/** A schedule maps the step (an int32 array or a number) to a value such as a learning rate. */
export type Schedule = (step: MxArray | number) => MxArray;

/** A learning rate: a number, a scalar array, or a schedule of the step. */
export type LearningRate = number | MxArray | Schedule;

/** Per-parameter optimizer state (e.g. { m, v } for Adam). */
export type ParamState = Record<string, MxArray>;

const isArr = (x: unknown): x is MxArray => x instanceof mx.MxArray;

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

/** Throws a KilnError naming `op`. */
export function optFail(op: string, message: string): never {
  throw new mx.KilnError(op, message);
}

/** A float32 scalar array from a number or array. */
export function scalar(op: string, v: number | MxArray): MxArray {
  if (isArr(v)) return v.dtype === mx.float32 ? v : mx.astype(v, mx.float32);
  if (typeof v !== "number" || !Number.isFinite(v)) optFail(op, `Expected a finite number, got ${String(v)}.`);
  return mx.array(v, mx.float32);
}

/** The base class of optimizers: per-parameter updates applied over a parameter tree. */
export abstract class Optimizer {
  protected _initialized = false;
  protected _state: Record<string, any> = { step: mx.array(0, mx.int32) };
  protected _schedulers: Record<string, Schedule> = {};

  /** Applies `gradients` (a tree like model.trainableParameters()) to the model's parameters. */
  update(model: Module, gradients: Record<string, unknown>): void {
    model.update(this.applyGradients(gradients, model.parameters()) as Record<string, unknown>);
  }

  /** Creates the per-parameter state for every array in `parameters` that has none yet. */
  init(parameters: unknown): void {
    const build = (p: unknown, s: any): any => {
      if (isArr(p)) {
        const st = isPlainObject(s) ? s : {};
        if (Object.keys(st).length === 0) this.initSingle(p, st as ParamState);
        return st;
      }
      if (Array.isArray(p)) {
        const arr = Array.isArray(s) ? s : [];
        p.forEach((v, i) => (arr[i] = build(v, arr[i])));
        return arr;
      }
      if (isPlainObject(p)) {
        const o = isPlainObject(s) ? s : {};
        for (const k of Object.keys(p)) o[k] = build(p[k], o[k]);
        return o;
      }
      return s;
    };
    build(parameters, this._state);
    this._initialized = true;
  }

  /** Returns the updated parameters for `gradients` (parameters may be a superset of them). */
  applyGradients(gradients: unknown, parameters: unknown): unknown {
    if (!this._initialized) this.init(gradients);
    for (const [name, schedule] of Object.entries(this._schedulers)) this._state[name] = scalar("Optimizer", schedule(this.step));
    this._state.step = mx.add(this.step, 1);
    const walk = (g: unknown, p: unknown, s: any, path: string): unknown => {
      if (isArr(g)) {
        if (!isArr(p)) optFail(this.constructor.name, `No parameter array for the gradient "${path}".`);
        if (g.shape.join(",") !== p.shape.join(",")) {
          optFail(this.constructor.name, `Gradient shape (${g.shape.join(",")}) does not match parameter shape (${p.shape.join(",")}) for "${path}".`);
        }
        return this.applySingle(g, p, s as ParamState);
      }
      if (Array.isArray(g)) return g.map((v, i) => walk(v, (p as unknown[] | undefined)?.[i], s?.[i], path ? `${path}.${i}` : String(i)));
      if (isPlainObject(g)) {
        const o: Record<string, unknown> = {};
        for (const k of Object.keys(g)) o[k] = walk(g[k], (p as Record<string, unknown> | undefined)?.[k], s?.[k], path ? `${path}.${k}` : k);
        return o;
      }
      return g;
    };
    return walk(gradients, parameters, this._state, "");
  }

  /** Creates the state of one parameter (e.g. zeros for momentum). */
  protected abstract initSingle(parameter: MxArray, state: ParamState): void;

  /** Returns the updated parameter and updates its state in place. */
  protected abstract applySingle(gradient: MxArray, parameter: MxArray, state: ParamState): MxArray;

  /** The optimizer state tree (evaluable with mx.eval). */
  get state(): Record<string, any> {
    return this._state;
  }

  /** Replaces the state (e.g. one loaded from a file); per-parameter states are re-initialised where missing. */
  set state(state: Record<string, any>) {
    this._initialized = false;
    this._state = state;
  }

  /** The number of updates applied so far (an int32 scalar array). */
  get step(): MxArray {
    return this._state.step as MxArray;
  }

  /** The current learning rate (a float32 scalar array). */
  get learningRate(): MxArray {
    return this._state.learning_rate as MxArray;
  }

  set learningRate(lr: number | MxArray) {
    this._state.learning_rate = scalar("Optimizer", lr);
  }

  /** Stores a hyper-parameter in the state, registering it as scheduled when it is a function. */
  protected maybeSchedule(name: string, value: number | MxArray | Schedule): void {
    if (typeof value === "function") {
      this._schedulers[name] = value;
      this._state[name] = scalar(this.constructor.name, value(this.step));
    } else {
      this._state[name] = scalar(this.constructor.name, value);
    }
  }
}

/** Learning-rate schedules (values, and as an optimizer's learning rate) and clipGradNorm. */
import { describe, expect, test } from "bun:test";
import { expectClose, mx } from "./helpers.ts";
import * as optim from "../src/optimizers/index.ts";

const at = (s: optim.Schedule, step: number) => Number(s(step).item());
const steps = [0, 1, 2, 5, 9, 10, 11, 25];

describe("schedules", () => {
  test("exponentialDecay, stepDecay", () => {
    const e = optim.exponentialDecay(0.1, 0.9);
    expectClose(steps.map((t) => at(e, t)), steps.map((t) => 0.1 * 0.9 ** t), 1e-5);
    const s = optim.stepDecay(0.1, 0.5, 10);
    expectClose(steps.map((t) => at(s, t)), steps.map((t) => 0.1 * 0.5 ** Math.floor(t / 10)), 1e-6);
    expect(() => optim.stepDecay(0.1, 0.5, 0)).toThrow(/\[stepDecay\]/);
  });

  test("cosineDecay (with and without an end value), linearSchedule", () => {
    const c = optim.cosineDecay(0.1, 10);
    expectClose(steps.map((t) => at(c, t)), steps.map((t) => 0.05 * (1 + Math.cos((Math.PI * Math.min(t, 10)) / 10))), 1e-5, 1e-7);
    const ce = optim.cosineDecay(1, 20, 0.1);
    expectClose(steps.map((t) => at(ce, t)), steps.map((t) => 0.1 + 0.9 * 0.5 * (1 + Math.cos((Math.PI * Math.min(t, 20)) / 20))), 1e-5);
    const l = optim.linearSchedule(0, 1, 10);
    expectClose(steps.map((t) => at(l, t)), steps.map((t) => Math.min(t, 10) / 10), 1e-6);
    expect(() => optim.linearSchedule(0, 1, 0)).toThrow(/\[linearSchedule\] steps must be greater than 0/);
  });

  test("joinSchedules: warm-up then cosine, counting from the boundary", () => {
    const j = optim.joinSchedules([optim.linearSchedule(0, 0.1, 5), optim.cosineDecay(0.1, 10)], [5]);
    const ref = (t: number) => (t < 5 ? (t * 0.1) / 5 : 0.05 * (1 + Math.cos((Math.PI * Math.min(t - 5, 10)) / 10)));
    expectClose(steps.map((t) => at(j, t)), steps.map(ref), 1e-5, 1e-7);
    expect(() => optim.joinSchedules([optim.linearSchedule(0, 1, 2)], [3])).toThrow(/Received 1 boundaries but expected 0/);
    expect(() => optim.joinSchedules([], [])).toThrow(/at least 1 schedule/);
  });

  test("a schedule as the learning rate is evaluated at the step before each update", () => {
    const opt = new optim.SGD(optim.exponentialDecay(1, 0.5));
    let p: Record<string, mx.MxArray> = { w: mx.array([0], mx.float32) };
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) {
      p = opt.applyGradients({ w: mx.array([1], mx.float32) }, p) as Record<string, mx.MxArray>;
      mx.evalSync(p, opt.state);
      seen.push(Number(opt.learningRate.item()));
    }
    expectClose(seen, [1, 0.5, 0.25, 0.125]);
    expectClose(p.w!.dataSync(), [-(1 + 0.5 + 0.25 + 0.125)]);
    expect(Number(opt.step.item())).toBe(4);
  });
});

describe("clipGradNorm", () => {
  test("scales the tree to maxNorm when the global norm is larger, and returns the norm", () => {
    const grads = { w1: mx.array([2, 3]), w2: [mx.array([1])] };
    const norm = Math.sqrt(4 + 9 + 1);
    const [clipped, total] = optim.clipGradNorm(grads, 2);
    expectClose(total.dataSync(), [norm], 1e-6);
    const s = 2 / (norm + 1e-6);
    expectClose(clipped.w1.dataSync(), [2 * s, 3 * s], 1e-6);
    expectClose(clipped.w2[0]!.dataSync(), [s], 1e-6);
    const [same] = optim.clipGradNorm(grads, 10);
    expect(same.w1.tolist()).toEqual([2, 3]);
  });
});

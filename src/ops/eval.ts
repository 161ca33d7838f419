/** Evaluation entry points: `mx.eval` and `mx.evalSync` over arrays or trees of arrays. */
import { MxArray, isArray } from "../core/array.ts";
import { evaluate, evaluateSync } from "../core/scheduler.ts";
import { treeFlatten } from "../core/tree.ts";

/** Computes every array in the arguments (arrays or nested objects/arrays of them), on any stream. */
export async function evalArrays(...trees: unknown[]): Promise<void> {
  await evaluate(treeFlatten(trees, isArray).map((a: MxArray) => a._node));
}

/** Computes every array synchronously; throws when pending work is on the GPU. */
export function evalSync(...trees: unknown[]): void {
  evaluateSync(treeFlatten(trees, isArray).map((a: MxArray) => a._node));
}

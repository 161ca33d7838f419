/**
 * Shared types and helpers of the vjp rules.
 *
 * Layering: the rules build lazy graphs with the public ops, so they live in src/transforms
 * (which may import src/ops), not in src/primitives (which sits below the ops). The math of
 * each rule is written once here; src/transforms/grad.ts only walks the graph.
 * Every op a rule records runs on the stream of the forward node (`a.s`).
 */
import { MxArray } from "../../core/array.ts";
import type { Node } from "../../core/node.ts";
import type { Stream } from "../../core/device.ts";
import type { PrimitiveName } from "../../primitives/names.ts";
import { reshape } from "../../ops/shape.ts";
import { sum } from "../../ops/reduce.ts";

/** What a vjp rule sees: the forward node, its inputs and output as arrays, the cotangent. */
export interface VjpArgs {
  node: Node;
  /** Handles on the forward node's inputs (in order). */
  x: MxArray[];
  /** Handle on the forward node's output. */
  y: MxArray;
  /** Cotangent of the output (same shape and dtype as y). */
  g: MxArray;
  /** Which inputs need a cotangent (the others may get null). */
  needs: boolean[];
  /** Stream option of the forward node: pass it to every op the rule records. */
  s: { stream: Stream };
}

/** A vjp rule: the cotangent of each input (null where it has none or is not needed). */
export type VjpRule = (a: VjpArgs) => (MxArray | null)[];

/** The typed table: a primitive without a rule is a compile error. */
export type VjpTable = { [P in PrimitiveName]: VjpRule };

/** Rule of primitives with no gradient (integer/boolean results, piecewise-constant maps, random bits). */
export const noGrad: VjpRule = (a) => a.x.map(() => null);

/** Params of the forward node, typed by the caller. */
export function params<T>(a: VjpArgs): T {
  return a.node.params as T;
}

/** Sums `g` over broadcast dimensions so it has `shape` (NumPy broadcasting, right-aligned). */
export function sumToShape(g: MxArray, shape: readonly number[], s: { stream: Stream }): MxArray {
  const gs = g.shape;
  if (gs.length === shape.length && gs.every((d, i) => d === shape[i])) return g;
  const lead = gs.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < gs.length; i++) {
    if (i < lead) axes.push(i);
    else if (shape[i - lead] === 1 && gs[i] !== 1) axes.push(i);
  }
  const r = axes.length > 0 ? sum(g, { axis: axes, keepdims: true, ...s }) : g;
  return reshape(r, [...shape], s);
}

/** A handle on `n` (handles are cheap; rules never repoint them). */
export function handle(n: Node): MxArray {
  return new MxArray(n);
}

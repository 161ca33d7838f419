/**
 * Graph walking shared by the transforms: target markers, custom-function calls, and the
 * topological order of the nodes between the outputs and the targets.
 * - vjp/jvp mode: a node is "relevant" when it is a target, or a floating-point node with a
 *   recipe (not a stopGradient view) and a relevant input: gradients and tangents only flow
 *   through floating-point values. The output of a custom function with an override for the
 *   mode has the call's primals as its graph inputs (the function's own graph is skipped).
 * - vmap mode: every node with a recipe that depends on a target is relevant.
 */
import { MxArray } from "../core/array.ts";
import { resolveStream } from "../core/device.ts";
import { Node } from "../core/node.ts";
import { fail, fmtShape } from "../core/errors.ts";

export type Mode = "vjp" | "jvp" | "vmap";

/** One call of a custom function: its flattened primal and output arrays and its overrides. */
export interface CustomCall {
  primals: MxArray[];
  /** The call's output views (the nodes that carry this record). */
  outputs: MxArray[];
  /** Cotangent of each primal (null: zero) from those of the outputs (zeros where absent). */
  vjp: ((cotangents: MxArray[]) => (MxArray | null)[]) | null;
  /** Tangent of each output from those of the primals (zeros where absent). */
  jvp: ((tangents: MxArray[]) => MxArray[]) | null;
}

/** Params of the view node a custom function puts on each of its outputs. */
export interface CustomParams {
  custom: CustomCall;
  index: number;
}

/** True for a stopGradient view. */
export function isStop(n: Node): boolean {
  return n.prim === "reshape" && (n.params as { stopGradient?: boolean } | undefined)?.stopGradient === true;
}

/** The custom call behind `n` when it has an override for `mode`. */
export function customOf(n: Node, mode: Mode): CustomParams | null {
  if (n.prim !== "reshape" || mode === "vmap") return null;
  const p = n.params as Partial<CustomParams> | undefined;
  if (!p?.custom) return null;
  return (mode === "vjp" ? p.custom.vjp : p.custom.jvp) ? (p as CustomParams) : null;
}

/** The graph inputs of `n` in `mode` (a custom call's primals, or the recipe's inputs). */
export function edges(n: Node, mode: Mode): readonly Node[] {
  const c = customOf(n, mode);
  return c ? c.custom.primals.map((p) => p._node) : n.inputs;
}

/**
 * A fresh view of `x` (sharing its bytes) whose node identifies it as a transform target.
 * Gradients and tangents exist for floating-point arrays only (an integer target is an error).
 */
export function marker(x: MxArray, op = "grad", what = "argument"): MxArray {
  const n = x._node;
  if (!n.dtype.isFloat) fail(op, `Cannot differentiate with respect to an ${what} of dtype ${n.dtype.name} (shape ${fmtShape(n.shape)}); use a floating-point array, e.g. mx.array(x, mx.float32).`);
  return new MxArray(new Node(n.shape.slice(), n.dtype, "reshape", [n], undefined, n.stream ?? resolveStream("grad", null)));
}

/** Relevant nodes reachable from `outputs` in topological order (inputs first), and the relevance map. */
export function traceGraph(outputs: readonly Node[], targets: ReadonlySet<Node>, mode: Mode): { order: Node[]; relevant: Map<Node, boolean> } {
  const diff = mode !== "vmap";
  const relevant = new Map<Node, boolean>();
  const order: Node[] = [];
  const stack: [Node, number][] = outputs.map((o) => [o, 0]);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, i] = top;
    if (i === 0 && relevant.has(n)) {
      stack.pop();
      continue;
    }
    const leafLike = targets.has(n) || n.prim === null || (diff && (isStop(n) || !n.dtype.isFloat));
    const ins = edges(n, mode);
    if (!leafLike && i < ins.length) {
      top[1] = i + 1;
      const c = ins[i]!;
      if (!relevant.has(c)) stack.push([c, 0]);
      continue;
    }
    stack.pop();
    if (relevant.has(n)) continue;
    const r = targets.has(n) || (!leafLike && ins.some((c) => relevant.get(c) === true));
    relevant.set(n, r);
    if (r) order.push(n);
  }
  return { order, relevant };
}

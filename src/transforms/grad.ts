/**
 * Reverse-mode autodiff by tracing: the differentiated arguments are replaced by fresh view
 * nodes ("reshape" markers sharing the primal bytes), `f` records its lazy graph on them, and
 * the graph is walked from the outputs back to the markers applying each primitive's vjp rule
 * (src/transforms/rules). The rules record ordinary lazy ops on the forward nodes' streams,
 * so nothing is evaluated here and gradients compose (grad of grad). A value evaluated before
 * the call is a constant (evaluation drops its recipe).
 */
import { MxArray } from "../core/array.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { Node } from "../core/node.ts";
import { float32 } from "../core/dtype.ts";
import { resolveStream } from "../core/device.ts";
import { treeFlatten, treeUnflatten } from "../core/tree.ts";
import { add } from "../ops/binary.ts";
import { ones, zeros } from "../ops/creation.ts";
import { astype } from "../ops/shape.ts";
import { asArray, record, type ArrayLike } from "../ops/util.ts";
import { VJP } from "./rules/vjp.ts";
import { customOf, marker, traceGraph, type CustomCall } from "./graph.ts";

const isArr = (x: unknown): x is MxArray => x instanceof MxArray;

/**
 * Cotangents of `targets` given cotangents of `outputs` (null where a target is unreachable).
 * @internal
 */
export function backward(outputs: Node[], cotangents: MxArray[], targets: Node[]): (MxArray | null)[] {
  const targetSet = new Set(targets);
  const { order, relevant } = traceGraph(outputs, targetSet, "vjp");
  const ct = new Map<Node, MxArray>();
  const accumulate = (n: Node, g: MxArray) => {
    if (g.shape.length !== n.shape.length || g.shape.some((d, i) => d !== n.shape[i])) {
      fail("grad", `internal: cotangent of shape ${fmtShape(g.shape)} for a ${n.prim ?? "leaf"} node of shape ${fmtShape(n.shape)}.`);
    }
    const stream = n.stream ?? g._node.stream;
    if (g.dtype !== n.dtype) g = astype(g, n.dtype, { stream });
    const prev = ct.get(n);
    ct.set(n, prev ? add(prev, g, { stream }) : g);
  };
  outputs.forEach((o, i) => {
    if (relevant.get(o)) accumulate(o, cotangents[i]!);
  });
  // a custom call runs its vjp at its output that comes first in topological order: by then
  // every output's cotangent is complete
  const position = new Map<Node, number>();
  order.forEach((n, k) => position.set(n, k));
  const firstOf = new Map<CustomCall, number>();
  for (const n of order) {
    const c = customOf(n, "vjp");
    if (c && !firstOf.has(c.custom)) firstOf.set(c.custom, position.get(n)!);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    if (targetSet.has(n)) continue;
    const c = customOf(n, "vjp");
    if (c) {
      if (firstOf.get(c.custom) !== k) continue;
      const call = c.custom;
      const cts = call.outputs.map((o) => {
        const g = ct.get(o._node);
        ct.delete(o._node);
        return g ?? zeros(o.shape, { dtype: o.dtype, stream: o._node.stream! });
      });
      const res = call.vjp!(cts);
      call.primals.forEach((p, i) => {
        const r = res[i];
        if (r && relevant.get(p._node)) accumulate(p._node, r);
      });
      continue;
    }
    const g = ct.get(n);
    if (!g) continue;
    ct.delete(n);
    const needs = n.inputs.map((c) => relevant.get(c) === true);
    const rule = VJP[n.prim!];
    const res = rule({ node: n, x: n.inputs.map((c) => new MxArray(c)), y: new MxArray(n), g, needs, s: { stream: n.stream! } });
    n.inputs.forEach((c, i) => {
      const r = res[i];
      if (needs[i] && r) accumulate(c, r);
    });
  }
  return targets.map((t) => ct.get(t) ?? null);
}

/** Options of grad/valueAndGrad: which positional arguments to differentiate (default 0). */
export interface GradOptions {
  argnums?: number | readonly number[];
}

type Fn = (...args: any[]) => unknown;

function normArgnums(op: string, argnums: number | readonly number[] | undefined, nargs: number): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  if (list.length === 0) fail(op, "argnums must name at least one argument.");
  const out = list.map((a) => {
    if (!Number.isInteger(a)) fail(op, `argnums must be integers, got ${String(a)}.`);
    const k = a < 0 ? a + nargs : a;
    if (k < 0 || k >= nargs) fail(op, `Can't compute the gradient of argument index ${a} because the function is called with only ${nargs} positional arguments.`);
    return k;
  });
  if (new Set(out).size !== out.length) fail(op, `argnums must be distinct, got [${list.join(", ")}].`);
  return out;
}

/** Arrays (numbers become float32 arrays) of an argument tree. */
function arrayTree(op: string, t: unknown): unknown {
  return typeof t === "number" ? asArray(op, t, float32) : t;
}

/** Shared core of grad/valueAndGrad: the value, and the gradient trees of the chosen args. */
function valueAndGradImpl(op: string, f: Fn, opts: GradOptions, args: unknown[]): [unknown, unknown[]] {
  const nums = normArgnums(op, opts.argnums, args.length);
  const traced = args.slice();
  const markerTrees: { tree: unknown; leaves: MxArray[] }[] = [];
  for (const k of nums) {
    const tree = arrayTree(op, args[k]);
    const leaves = treeFlatten(tree, isArr).map((l) => marker(l, op, `argument ${k}`));
    if (leaves.length === 0) fail(op, `Argument ${k} has no arrays to differentiate.`);
    traced[k] = treeUnflatten(tree, leaves, isArr);
    markerTrees.push({ tree, leaves });
  }
  const value = f(...traced);
  const loss = isArr(value) ? value : treeFlatten(value, isArr)[0];
  if (!loss) fail(op, "The function must return an array (or a tree whose first leaf is the loss).");
  if (loss.size !== 1 || loss.ndim !== 0) {
    fail(op, `The function must return a scalar array (shape ()), got shape ${fmtShape(loss.shape)}.`);
  }
  const stream = loss._node.stream ?? resolveStream(op, null);
  const seed = ones([], { dtype: loss.dtype.isFloat ? loss.dtype : undefined, stream });
  const targets = markerTrees.flatMap((m) => m.leaves.map((l) => l._node));
  const gs = backward([loss._node], [seed], targets);
  let i = 0;
  const grads = markerTrees.map((m) => {
    const g = m.leaves.map((l) => gs[i++] ?? zeros(l.shape, { dtype: l.dtype, stream: l._node.stream ?? stream }));
    return treeUnflatten(m.tree, g, isArr);
  });
  return [value, grads];
}

/**
 * Returns a function computing the gradient of scalar-valued `f` with respect to the arguments
 * named by `argnums` (default 0): one gradient tree, or a list of them when argnums is a list.
 */
export function grad(f: Fn, opts: GradOptions = {}): (...args: any[]) => any {
  if (typeof f !== "function") fail("grad", `Expected a function, got ${typeof f}.`);
  return (...args: unknown[]) => {
    const [, grads] = valueAndGradImpl("grad", f, opts, args);
    return typeof opts.argnums === "object" ? grads : grads[0];
  };
}

/** Like grad, but the function returns [value of f, gradients]. */
export function valueAndGrad(f: Fn, opts: GradOptions = {}): (...args: any[]) => [any, any] {
  if (typeof f !== "function") fail("valueAndGrad", `Expected a function, got ${typeof f}.`);
  return (...args: unknown[]) => {
    const [value, grads] = valueAndGradImpl("valueAndGrad", f, opts, args);
    return [value, typeof opts.argnums === "object" ? grads : grads[0]];
  };
}

/**
 * Vector-Jacobian product: calls f(...primals) and returns [outputs, vjps], where vjps[i] is
 * sum_j cotangents[j] . d outputs[j] / d primals[i]. f returns an array or a list of arrays.
 */
export function vjp(f: Fn, primals: readonly ArrayLike[], cotangents: readonly ArrayLike[]): [MxArray[], MxArray[]] {
  if (typeof f !== "function") fail("vjp", `Expected a function, got ${typeof f}.`);
  const markers = primals.map((p, i) => marker(asArray("vjp", p), "vjp", `primal ${i}`));
  const out = f(...markers);
  const outs = isArr(out) ? [out] : treeFlatten(out, isArr);
  if (outs.length === 0) fail("vjp", "The function must return an array or a list of arrays.");
  if (cotangents.length !== outs.length) {
    fail("vjp", `Expected ${outs.length} cotangents (one per output), got ${cotangents.length}.`);
  }
  const cts = cotangents.map((c, i) => {
    const o = outs[i]!;
    let a = asArray("vjp", c);
    if (a.shape.length !== o.shape.length || a.shape.some((d, j) => d !== o.shape[j])) {
      fail("vjp", `Cotangent ${i} has shape ${fmtShape(a.shape)} but the output has shape ${fmtShape(o.shape)}.`);
    }
    if (a.dtype !== o.dtype && o.dtype.isFloat) a = astype(a, o.dtype, { stream: o._node.stream ?? resolveStream("vjp", null) });
    return a;
  });
  const gs = backward(outs.map((o) => o._node), cts, markers.map((m) => m._node));
  const vjps = markers.map((m, i) => gs[i] ?? zeros(m.shape, { dtype: m.dtype, stream: m._node.stream! }));
  return [outs, vjps];
}

/** The identity on values that blocks gradients (a view node no transform differentiates through). */
export function stopGradient(x: ArrayLike): MxArray {
  const a = asArray("stopGradient", x);
  const n = a._node;
  return record("reshape", [a], { stopGradient: true }, n.shape.slice(), n.dtype, n.stream ?? resolveStream("stopGradient", null));
}

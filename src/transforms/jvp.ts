/**
 * Forward-mode autodiff by tracing: `f` records its lazy graph on marker views of the primals,
 * then the relevant nodes are visited in topological order and each primitive's jvp rule
 * (src/transforms/rules/jvp.ts) records the output tangent on the forward node's stream.
 * Nothing is evaluated; jvp composes with grad (jvp of grad, grad of jvp).
 */
import { MxArray } from "../core/array.ts";
import { fail, fmtShape } from "../core/errors.ts";
import type { Node } from "../core/node.ts";
import { treeFlatten } from "../core/tree.ts";
import { zeros } from "../ops/creation.ts";
import { astype, broadcastTo } from "../ops/shape.ts";
import { asArray, type ArrayLike } from "../ops/util.ts";
import { customOf, marker, traceGraph, type CustomCall } from "./graph.ts";
import { JVP } from "./rules/jvp.ts";

const isArr = (x: unknown): x is MxArray => x instanceof MxArray;

/**
 * Tangents of `outputs` given tangents of `targets` (null where an output does not depend on them).
 * @internal
 */
export function forward(outputs: Node[], targets: Node[], tangents: MxArray[]): (MxArray | null)[] {
  const targetSet = new Set(targets);
  const { order, relevant } = traceGraph(outputs, targetSet, "jvp");
  const tan = new Map<Node, MxArray>();
  targets.forEach((t, i) => tan.set(t, tangents[i]!));
  const set = (n: Node, r: MxArray) => {
    const s = { stream: n.stream! };
    if (r.dtype !== n.dtype) r = astype(r, n.dtype, s);
    if (r.shape.length !== n.shape.length || r.shape.some((d, i) => d !== n.shape[i])) r = broadcastTo(r, n.shape, s);
    tan.set(n, r);
  };
  const done = new Set<CustomCall>();
  for (const n of order) {
    if (targetSet.has(n)) continue;
    const c = customOf(n, "jvp");
    if (c) {
      // a custom call's jvp gives the tangents of all its outputs at once
      const call = c.custom;
      if (done.has(call)) continue;
      done.add(call);
      const ts = call.primals.map((p) => (relevant.get(p._node) ? tan.get(p._node) : undefined) ?? zeros(p.shape, { dtype: p.dtype, stream: p._node.stream ?? n.stream! }));
      const res = call.jvp!(ts);
      call.outputs.forEach((o, i) => {
        if (res[i]) set(o._node, res[i]!);
      });
      continue;
    }
    const t = n.inputs.map((c) => (relevant.get(c) ? tan.get(c) ?? null : null));
    if (t.every((v) => v === null)) continue;
    const r = JVP[n.prim!]({ node: n, x: n.inputs.map((c) => new MxArray(c)), y: new MxArray(n), t, s: { stream: n.stream! } });
    if (r) set(n, r);
  }
  return outputs.map((o) => tan.get(o) ?? null);
}

/**
 * Jacobian-vector product: calls f(...primals) and returns [outputs, jvps], where jvps[j] is
 * sum_i d outputs[j] / d primals[i] . tangents[i]. f returns an array or a list of arrays.
 */
export function jvp(f: (...args: any[]) => unknown, primals: readonly ArrayLike[], tangents: readonly ArrayLike[]): [MxArray[], MxArray[]] {
  if (typeof f !== "function") fail("jvp", `Expected a function, got ${typeof f}.`);
  if (tangents.length !== primals.length) fail("jvp", `Expected ${primals.length} tangents (one per primal), got ${tangents.length}.`);
  const markers = primals.map((p, i) => marker(asArray("jvp", p), "jvp", `primal ${i}`));
  const ts = tangents.map((t, i) => {
    const m = markers[i]!;
    let a = asArray("jvp", t);
    if (a.shape.length !== m.ndim || a.shape.some((d, j) => d !== m.shape[j])) {
      fail("jvp", `Tangent ${i} has shape ${fmtShape(a.shape)} but the primal has shape ${fmtShape(m.shape)}.`);
    }
    if (a.dtype !== m.dtype) a = astype(a, m.dtype, { stream: m._node.stream! });
    return a;
  });
  const out = f(...markers);
  const outs = isArr(out) ? [out] : treeFlatten(out, isArr);
  if (outs.length === 0) fail("jvp", "The function must return an array or a list of arrays.");
  const res = forward(outs.map((o) => o._node), markers.map((m) => m._node), ts);
  return [outs, outs.map((o, j) => res[j] ?? zeros(o.shape, { dtype: o.dtype, stream: o._node.stream ?? markers[0]!._node.stream! }))];
}

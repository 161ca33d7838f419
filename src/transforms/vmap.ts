/**
 * Vectorising map by tracing: `f` records its graph on per-example placeholders (views of
 * example 0 of each mapped argument), then the nodes that depend on them are visited in
 * topological order and each primitive's vmap rule (src/transforms/rules/vmap.ts) records the
 * batched computation (batch at axis 0) on the forward node's stream. Lazy, and it composes
 * with grad/jvp and with itself.
 */
import { MxArray } from "../core/array.ts";
import { fail, fmtShape } from "../core/errors.ts";
import type { Node } from "../core/node.ts";
import { normalizeAxis, stridesOf } from "../core/shape.ts";
import { resolveStream } from "../core/device.ts";
import { treeFlatten, treeMap } from "../core/tree.ts";
import type { AsStridedParams } from "../primitives/copy.ts";
import { zeros } from "../ops/creation.ts";
import { broadcastTo, expandDims, moveaxis } from "../ops/shape.ts";
import { asArray, record } from "../ops/util.ts";
import { traceGraph } from "./graph.ts";
import { VMAP } from "./rules/vmap.ts";

const isArr = (x: unknown): x is MxArray => x instanceof MxArray;

/** An axis spec: a number or null for a whole (sub)tree, or a tree of them matching the argument's structure. */
export type AxisSpec = number | null | readonly AxisSpec[] | { readonly [k: string]: AxisSpec };

/** Options of vmap: the mapped axis of each argument (null: not mapped) and of each output. */
export interface VmapOptions {
  /**
   * One axis for every argument, or one spec per argument: a number/null for the whole
   * argument, or a tree matching its structure with an axis (or null) per leaf (MLX/JAX
   * prefix trees: `{inAxes: [{w: null, b: 0}, 0]}`; keys an object spec does not name are
   * not mapped).
   */
  inAxes?: number | null | readonly AxisSpec[];
  /** One axis for every output, or one per output leaf. */
  outAxes?: number | readonly number[];
}

/** Returns the vectorised version of `f`, mapping over `inAxes` of its arguments. */
export function vmap(f: (...args: any[]) => any, opts: VmapOptions = {}): (...args: any[]) => any {
  if (typeof f !== "function") fail("vmap", `Expected a function, got ${typeof f}.`);
  return (...args: unknown[]) => {
    const inAxes = opts.inAxes === undefined ? 0 : opts.inAxes;
    if (Array.isArray(inAxes) && inAxes.length !== args.length) {
      fail("vmap", `inAxes has ${inAxes.length} entries but the function was called with ${args.length} arguments.`);
    }
    const axisOf = (i: number): AxisSpec => (Array.isArray(inAxes) ? (inAxes[i] ?? null) : (inAxes as number | null));
    let B = -1;
    const batchedOf = new Map<Node, MxArray>();
    const mapLeaf = (x: MxArray, ax: number, i: number): MxArray => {
      if (x.ndim === 0) fail("vmap", `Cannot map over axis ${ax} of argument ${i}: it is a scalar array.`);
      const a = normalizeAxis("vmap", ax, x.ndim);
      const n = x.shape[a]!;
      if (B >= 0 && n !== B) fail("vmap", `Inconsistent sizes of the mapped axes: ${B} and ${n} (argument ${i} of shape ${fmtShape(x.shape)}, axis ${ax}).`);
      B = n;
      const stream = x._node.stream ?? resolveStream("vmap", null);
      const b = a === 0 ? x : moveaxis(x, a, 0, { stream });
      const rest = b.shape.slice(1);
      const ph = n === 0 ? zeros(rest, { dtype: x.dtype, stream })
        : record("asStrided", [b], { offset: 0, strides: stridesOf(rest) } satisfies AsStridedParams, rest, x.dtype, stream);
      ph._node.tracer = "vmap";
      batchedOf.set(ph._node, b);
      return ph;
    };
    /** Walks argument `tree` and its axis spec together, mapping each array leaf. */
    const walk = (tree: unknown, spec: AxisSpec, i: number): unknown => {
      if (spec === null) return tree;
      if (typeof spec === "number") {
        const t = typeof tree === "number" || typeof tree === "boolean" ? asArray("vmap", tree) : tree;
        if (treeFlatten(t, isArr).length === 0) fail("vmap", `Argument ${i} has no arrays to map over (inAxes ${spec}).`);
        return treeMap(t, (x: MxArray) => mapLeaf(x, spec, i), isArr);
      }
      if (Array.isArray(spec)) {
        if (!Array.isArray(tree) || tree.length !== spec.length) {
          fail("vmap", `inAxes for argument ${i} is a list of ${spec.length} but the argument is ${Array.isArray(tree) ? `a list of ${tree.length}` : typeof tree}.`);
        }
        return (tree as unknown[]).map((t, k) => walk(t, spec[k]!, i));
      }
      if (tree === null || typeof tree !== "object" || isArr(tree) || Array.isArray(tree)) {
        fail("vmap", `inAxes for argument ${i} is an object but the argument is not.`);
      }
      const obj = tree as Record<string, unknown>;
      const sp = spec as { readonly [k: string]: AxisSpec };
      for (const k of Object.keys(sp)) if (!(k in obj)) fail("vmap", `inAxes for argument ${i} names "${k}", which the argument does not have.`);
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, k in sp ? walk(v, sp[k]!, i) : v]));
    };
    const traced = args.map((arg, i) => walk(arg, axisOf(i), i));
    if (B < 0) fail("vmap", "At least one argument must be mapped (inAxes are all null).");
    const out = f(...traced);
    const outs = treeFlatten(out, isArr);
    const outAxes = opts.outAxes ?? 0;
    if (Array.isArray(outAxes) && outAxes.length !== outs.length) fail("vmap", `outAxes has ${outAxes.length} entries but the function returned ${outs.length} arrays.`);
    const targets = new Set(batchedOf.keys());
    const { order, relevant } = traceGraph(outs.map((o) => o._node), targets, "vmap");
    const val = new Map<Node, MxArray>(batchedOf);
    for (const n of order) {
      if (targets.has(n)) continue;
      const b = n.inputs.map((c) => (relevant.get(c) ? val.get(c) ?? null : null));
      const r = VMAP[n.prim!]({ node: n, x: n.inputs.map((c) => new MxArray(c)), b, B, s: { stream: n.stream! } });
      if (r.shape.length !== n.shape.length + 1 || r.shape[0] !== B || r.shape.some((d, i) => i > 0 && d !== n.shape[i - 1])) {
        fail("vmap", `internal: the ${n.prim} rule gave shape ${fmtShape(r.shape)} for a batch of ${B} of shape ${fmtShape(n.shape)}.`);
      }
      val.set(n, r);
    }
    let k = 0;
    return treeMap(out, (o: MxArray) => {
      const ax = Array.isArray(outAxes) ? outAxes[k++]! : (outAxes as number);
      const stream = o._node.stream ?? resolveStream("vmap", null);
      const b = val.get(o._node) ?? broadcastTo(expandDims(o, 0, { stream }), [B, ...o.shape], { stream });
      const a = normalizeAxis("vmap", ax, o.ndim + 1);
      return a === 0 ? b : moveaxis(b, 0, a, { stream });
    }, isArr);
  };
}

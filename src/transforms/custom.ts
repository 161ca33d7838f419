/**
 * mx.customFunction (a function with overridable vjp/jvp, as MLX's mx.custom_function) and
 * mx.checkpoint (recompute the forward pass in the backward pass instead of keeping it).
 * A call returns views of f's outputs whose nodes carry the call (graph.ts CustomCall); grad
 * and jvp then use the override for that call instead of differentiating f's graph.
 */
import { MxArray } from "../core/array.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { Node } from "../core/node.ts";
import { resolveStream } from "../core/device.ts";
import { treeFlatten, treeUnflatten } from "../core/tree.ts";
import type { CustomCall, CustomParams } from "./graph.ts";
import { vjp as vjpOf } from "./grad.ts";

const isArr = (x: unknown): x is MxArray => x instanceof MxArray;
const isArrOrNull = (x: unknown): x is MxArray | null => x === null || x instanceof MxArray;

/** vjp override: (primals = the call's arguments, cotangents and outputs shaped like f's result) -> one cotangent per argument array. */
export type CustomVjp = (primals: any[], cotangents: any, outputs: any) => unknown;
/** jvp override: (primals, tangents, both the call's arguments) -> the output tangents shaped like f's result. */
export type CustomJvp = (primals: any[], tangents: any[]) => unknown;

/** A function with overridable derivatives: call it like f; register overrides with .vjp(fn) / .jvp(fn). */
export interface CustomFunction<F extends (...args: any[]) => any> {
  (...args: Parameters<F>): ReturnType<F>;
  /** Sets the vector-Jacobian product used by grad/vjp; returns the function. */
  vjp(fn: CustomVjp): CustomFunction<F>;
  /** Sets the Jacobian-vector product used by jvp; returns the function. */
  jvp(fn: CustomJvp): CustomFunction<F>;
}

/** Wraps `f` so its derivatives can be overridden (`.vjp(fn)`, `.jvp(fn)`); without overrides f is differentiated as usual. */
export function customFunction<F extends (...args: any[]) => any>(f: F): CustomFunction<F> {
  if (typeof f !== "function") fail("customFunction", `Expected a function, got ${typeof f}.`);
  let vjpFn: CustomVjp | null = null;
  let jvpFn: CustomJvp | null = null;
  const call = ((...args: unknown[]) => {
    const out = f(...args);
    if (!vjpFn && !jvpFn) return out;
    const primals = treeFlatten(args, isArr);
    const outs = treeFlatten(out, isArr);
    const views: MxArray[] = [];
    const rec: CustomCall = { primals, outputs: views, vjp: null, jvp: null };
    const v = vjpFn;
    const j = jvpFn;
    if (v) {
      rec.vjp = (cts) => {
        const res = v(args, treeUnflatten(out, cts, isArr), treeUnflatten(out, views, isArr));
        const flat = isArr(res) ? [res] : treeFlatten(res, isArrOrNull);
        if (flat.length !== primals.length) fail("customFunction", `The vjp returned ${flat.length} cotangents for ${primals.length} primal arrays.`);
        return flat.map((g, i) => {
          if (g && (g.ndim !== primals[i]!.ndim || g.shape.some((d, k) => d !== primals[i]!.shape[k]))) {
            fail("customFunction", `The vjp returned a cotangent of shape ${fmtShape(g.shape)} for a primal of shape ${fmtShape(primals[i]!.shape)}.`);
          }
          return g;
        });
      };
    }
    if (j) {
      rec.jvp = (ts) => {
        const res = j(args, treeUnflatten(args, ts, isArr) as unknown[]);
        const flat = isArr(res) ? [res] : treeFlatten(res, isArr);
        if (flat.length !== outs.length) fail("customFunction", `The jvp returned ${flat.length} tangents for ${outs.length} outputs.`);
        return flat;
      };
    }
    outs.forEach((o, index) => {
      const n = o._node;
      const p: CustomParams = { custom: rec, index };
      views.push(new MxArray(new Node(n.shape.slice(), n.dtype, "reshape", [n], p, n.stream ?? resolveStream("customFunction", null))));
    });
    return treeUnflatten(out, views, isArr);
  }) as unknown as CustomFunction<F>;
  call.vjp = (fn) => {
    vjpFn = fn;
    return call;
  };
  call.jvp = (fn) => {
    jvpFn = fn;
    return call;
  };
  return call;
}

/**
 * Gradient checkpointing: grad through checkpoint(f) recomputes f's forward pass from its
 * arguments in the backward pass, so f's intermediates are not kept for it.
 */
export function checkpoint<F extends (...args: any[]) => any>(f: F): F {
  const cf = customFunction(f);
  cf.vjp((primals, cotangents) => {
    const leaves = treeFlatten(primals, isArr);
    const cts = isArr(cotangents) ? [cotangents] : treeFlatten(cotangents, isArr);
    const floatIdx = leaves.map((l, i) => (l.dtype.isFloat ? i : -1)).filter((i) => i >= 0);
    const rebuild = (...xs: MxArray[]) => {
      const all = leaves.slice();
      floatIdx.forEach((i, k) => (all[i] = xs[k]!));
      return f(...(treeUnflatten(primals, all, isArr) as unknown[]));
    };
    const [, g] = vjpOf(rebuild, floatIdx.map((i) => leaves[i]!), cts);
    const res: (MxArray | null)[] = leaves.map(() => null);
    floatIdx.forEach((i, k) => (res[i] = g[k]!));
    return res;
  });
  return cf as unknown as F;
}

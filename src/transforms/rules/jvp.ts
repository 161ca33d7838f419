/**
 * The jvp rule of every primitive (forward mode), in one table typed over PrimitiveName.
 * - Elementwise primitives: tangent times the derivative (the same derivatives as the vjp rules).
 * - Linear primitives (views, copies, concatenate, index reads and writes, sum, matmul and conv
 *   in each operand): the primitive itself re-recorded on the tangents, zeros for inputs
 *   without a tangent, index inputs unchanged.
 * - prod, max, min: sum over the reduced axes of tangent x the vjp rule's local derivative.
 * A rule may return a tangent that broadcasts to the output; the walk broadcasts it.
 */
import { MxArray } from "../../core/array.ts";
import type { Node } from "../../core/node.ts";
import type { Stream } from "../../core/device.ts";
import type { PrimitiveName } from "../../primitives/names.ts";
import type { ReduceParams } from "../../primitives/reduce.ts";
import type { SortParams } from "../../primitives/sort.ts";
import { add, divide, greater, less, multiply, subtract, where } from "../../ops/binary.ts";
import { ones, zeros } from "../../ops/creation.ts";
import { takeAlongAxis } from "../../ops/indexing.ts";
import { sum } from "../../ops/reduce.ts";
import { astype } from "../../ops/shape.ts";
import { argsort } from "../../ops/sort.ts";
import { floor, negative, sigmoid } from "../../ops/unary.ts";
import { record } from "../../ops/util.ts";
import { powerDx, powerDz, unaryVjp } from "./vjp_elementwise.ts";
import { structuralVjp } from "./vjp_structural.ts";
import type { VjpRule } from "./common.ts";

/** What a jvp rule sees: the forward node, its inputs and output, and the input tangents. */
export interface JvpArgs {
  node: Node;
  x: MxArray[];
  y: MxArray;
  /** Tangent of each input (null: zero). */
  t: (MxArray | null)[];
  s: { stream: Stream };
}

/** A jvp rule: the output tangent (null: zero). */
export type JvpRule = (a: JvpArgs) => MxArray | null;
export type JvpTable = { [P in PrimitiveName]: JvpRule };

const none: JvpRule = () => null;

/** Tangent of input i, or zeros like the input. */
function tz(a: JvpArgs, i: number): MxArray {
  const x = a.x[i]!;
  return a.t[i] ?? zeros(x.shape, { dtype: x.dtype, ...a.s });
}

/** The same primitive on the tangents of the inputs in `lin` (zeros where absent), other inputs unchanged. */
function relinear(a: JvpArgs, lin: (i: number) => boolean): MxArray {
  const n = a.node;
  const ins = a.x.map((x, i) => (lin(i) ? tz(a, i) : x));
  return record(n.prim!, ins, n.params, n.shape.slice(), n.dtype, a.s.stream);
}

/** Linear in every input. */
const linear: JvpRule = (a) => relinear(a, () => true);
/** Linear in the first `k` inputs (the rest are indices). */
const linearFirst = (k: number): JvpRule => (a) => relinear(a, (i) => i < k);

/** Sum of the tangents of a product-like primitive: f(t0, x1) + f(x0, t1), skipping zero tangents. */
const bilinear: JvpRule = (a) => {
  const n = a.node;
  const rec = (ins: MxArray[]) => record(n.prim!, ins, n.params, n.shape.slice(), n.dtype, a.s.stream);
  const [t0, t1] = a.t;
  const p = t0 ? rec([t0, a.x[1]!]) : null;
  const q = t1 ? rec([a.x[0]!, t1]) : null;
  return p && q ? add(p, q, a.s) : p ?? q;
};

/** Unary jvp from the vjp rule (which is linear in its cotangent): J t = vjp(t). */
const fromUnaryVjp = (rule: VjpRule): JvpRule => (a) => {
  const t = a.t[0];
  if (!t) return null;
  return rule({ node: a.node, x: a.x, y: a.y, g: t, needs: [true], s: a.s })[0] ?? null;
};

/** Reductions: sum over the reduced axes of t * (local derivative = vjp rule at g = 1). */
const reduceJvp = (rule: VjpRule): JvpRule => (a) => {
  const t = a.t[0];
  if (!t) return null;
  const p = a.node.params as ReduceParams;
  const d = rule({ node: a.node, x: a.x, y: a.y, g: ones(a.y.shape, { dtype: a.y.dtype, ...a.s }), needs: [true], s: a.s })[0]!;
  return sum(multiply(t, d, a.s), { axis: p.axes, keepdims: p.keepdims, ...a.s });
};

/** Binary jvp: da * ta + db * tb with the partial derivatives as functions. */
function binary(da: ((a: JvpArgs) => MxArray) | null, db: ((a: JvpArgs) => MxArray) | null): JvpRule {
  return (a) => {
    const [ta, tb] = a.t;
    const p = ta ? (da ? multiply(ta, da(a), a.s) : ta) : null;
    const q = tb ? (db ? multiply(tb, db(a), a.s) : tb) : null;
    return p && q ? add(p, q, a.s) : p ?? q;
  };
}

const unaryJvp = Object.fromEntries(Object.entries(unaryVjp).map(([k, r]) => [k, fromUnaryVjp(r)])) as { [K in keyof typeof unaryVjp]: JvpRule };
const gt = (a: JvpArgs) => astype(greater(a.x[0]!, a.x[1]!, a.s), a.y.dtype, a.s);
const lt = (a: JvpArgs) => astype(less(a.x[0]!, a.x[1]!, a.s), a.y.dtype, a.s);

export const JVP: JvpTable = {
  ...unaryJvp,
  add: binary(null, null),
  subtract: (a) => {
    const [ta, tb] = a.t;
    if (ta && tb) return subtract(ta, tb, a.s);
    return ta ?? (tb ? negative(tb, a.s) : null);
  },
  multiply: binary((a) => a.x[1]!, (a) => a.x[0]!),
  divide: binary((a) => divide(1, a.x[1]!, a.s), (a) => negative(divide(a.y, a.x[1]!, a.s), a.s)),
  power: binary((a) => powerDx(a.x[0]!, a.x[1]!, a.s), (a) => powerDz(a.x[0]!, a.y, a.s)),
  maximum: binary(gt, (a) => subtract(1, gt(a), a.s)),
  minimum: binary(lt, (a) => subtract(1, lt(a), a.s)),
  floorDivide: none,
  remainder: binary(null, (a) => negative(floor(divide(a.x[0]!, a.x[1]!, a.s), a.s), a.s)),
  logaddexp: binary((a) => sigmoid(subtract(a.x[0]!, a.x[1]!, a.s), a.s), (a) => sigmoid(subtract(a.x[1]!, a.x[0]!, a.s), a.s)),
  equal: none, notEqual: none, less: none, lessEqual: none, greater: none, greaterEqual: none,
  logicalAnd: none, logicalOr: none,
  where: (a) => (a.t[1] || a.t[2] ? where(a.x[0]!, tz(a, 1), tz(a, 2), a.s) : null),
  astype: (a) => (a.t[0] && a.node.dtype.isFloat ? astype(a.t[0], a.node.dtype, a.s) : null),
  asStrided: linear,
  reshape: (a) => ((a.node.params as { stopGradient?: boolean } | undefined)?.stopGradient ? null
    : record("reshape", [a.t[0]!], undefined, a.node.shape.slice(), a.node.dtype, a.s.stream)),
  full: none,
  arange: none,
  concatenate: linear,
  sum: linear,
  prod: reduceJvp(structuralVjp.prod),
  max: reduceJvp(structuralVjp.max),
  min: reduceJvp(structuralVjp.min),
  argmax: none, argmin: none, all: none, any: none,
  gather: linearFirst(1),
  takeAlongAxis: linearFirst(1),
  putAlongAxis: (a) => relinear(a, (i) => i !== 1),
  scatter: linearFirst(2),
  sliceUpdate: linear,
  matmul: bilinear,
  conv: bilinear,
  softmax: (a) => {
    const t = a.t[0];
    if (!t) return null;
    const ty = multiply(t, a.y, a.s);
    const tot = a.y.ndim === 0 ? ty : sum(ty, { axis: -1, keepdims: true, ...a.s });
    return multiply(a.y, subtract(t, tot, a.s), a.s);
  },
  randomBits: none,
  sort: (a) => {
    if (!a.t[0]) return null;
    const { axis } = a.node.params as SortParams;
    return takeAlongAxis(a.t[0], argsort(a.x[0]!, { axis, ...a.s }), { axis, ...a.s });
  },
  argsort: none,
};

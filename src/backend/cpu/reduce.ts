/**
 * CPU kernels of the reduce family (asm/reduce.ts): sum, prod, max, min, argmax, argmin, all, any.
 *
 * Layout: the input shape is collapsed (size-1 dims dropped, adjacent kept/reduced dims merged)
 * into segments. One reduced segment gives `rows` (rows, n) when nothing follows it, else
 * `cols` (outer, n, inner); several reduced segments are first gathered to the end by a
 * strided copy into a temporary buffer (copy family's strided_copy), giving `rows`.
 * Inputs the WASM kernels do not read directly are cast into a temporary first: prod of
 * uint8/bool goes through int32 (same bits as the uint32/int32 result), all/any of a non-bool
 * input through bool. Empty reductions (n == 0) write the identity: sum 0, prod 1, all true,
 * any false (max/min/argmax/argmin of an empty axis are rejected by the op). Column kernels
 * with per-column state get a 12 KiB temporary (`tmp`), so no kernel uses static scratch.
 * Limits: element counts below 2^31.
 */
import type { Node } from "../../core/node.ts";
import { Storage } from "../../core/memory.ts";
import { sizeOf, stridesOf } from "../../core/shape.ts";
import type { ReducePrim } from "../../primitives/names.ts";
import type { ReduceParams } from "../../primitives/reduce.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { scratchI32, wasm } from "./wasm.ts";

/** Bytes of the `tmp` buffer column kernels with per-column state take (asm/reduce.ts CHUNK*12). */
const COLS_TMP_BYTES = 1024 * 12;

const SHORT: Record<string, string> = { float32: "f32", int32: "i32", uint32: "u32", uint8: "u8", bool: "u8" };

/** How the kernel walks the input: rows (rows, n) or cols (outer, n, inner), maybe after a permute. */
interface Plan {
  outer: number;
  n: number;
  inner: number;
  /** When set, gather the input with this shape/strides (kept dims, then reduced) first. */
  gather?: { shape: number[]; strides: number[] };
}

/** Collapses `shape` around the reduced `axes` into a rows/cols plan. */
export function reducePlan(shape: readonly number[], axes: readonly number[]): Plan {
  const segs: { red: boolean; size: number }[] = [];
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue;
    const red = axes.includes(i);
    const last = segs[segs.length - 1];
    if (last && last.red === red) last.size *= d;
    else segs.push({ red, size: d });
  }
  const nred = segs.filter((s) => s.red).length;
  if (nred === 0) return { outer: sizeOf(shape), n: 1, inner: 1 };
  if (nred === 1) {
    const r = segs.findIndex((s) => s.red);
    const prod = (ss: typeof segs) => ss.reduce((p, s) => p * s.size, 1);
    return { outer: prod(segs.slice(0, r)), n: segs[r]!.size, inner: prod(segs.slice(r + 1)) };
  }
  const st = stridesOf(shape);
  const kept = shape.map((_, i) => i).filter((i) => shape[i] !== 1 && !axes.includes(i));
  const reduced = shape.map((_, i) => i).filter((i) => shape[i] !== 1 && axes.includes(i));
  const perm = [...kept, ...reduced];
  return {
    outer: kept.reduce((p, i) => p * shape[i]!, 1),
    n: reduced.reduce((p, i) => p * shape[i]!, 1),
    inner: 1,
    gather: { shape: perm.map((i) => shape[i]!), strides: perm.map((i) => st[i]!) },
  };
}

/** Fills the whole output with `value` (empty reductions). */
function fillOut(node: Node, ptr: number, value: number): void {
  if (node.dtype.size === 1) wasm("copy").fill8(ptr, node.size, value);
  else if (node.dtype.isFloat) wasm("copy").fill32(ptr, node.size, new Uint32Array(new Float32Array([value]).buffer)[0]!);
  else wasm("copy").fill32(ptr, node.size, value >>> 0);
}

function run(prim: ReducePrim, node: Node): void {
  const x = node.inputs[0]!;
  const { axes } = node.params as ReduceParams;
  const out = node.allocate();
  if (node.size === 0) return;
  if (x.size === 0) {
    fillOut(node, out.ptr, prim === "prod" || prim === "all" ? 1 : 0);
    return;
  }
  const temps: Storage[] = [];
  let src = ptrOf(x);
  let type = SHORT[x.dtype.name]!;
  let esize = x.dtype.size;
  // casts the kernels need (the same bits as the op's result dtype)
  if (prim === "prod" && esize === 1) {
    const t = new Storage(x.size * 4);
    temps.push(t);
    wasm("copy").astype_u8_i32(src, t.ptr, x.size);
    src = t.ptr;
    type = "i32";
    esize = 4;
  } else if ((prim === "all" || prim === "any") && x.dtype.name !== "bool") {
    const t = new Storage(x.size);
    temps.push(t);
    wasm("copy")[`astype_${type}_bool`](src, t.ptr, x.size);
    src = t.ptr;
    type = "u8";
    esize = 1;
  }
  const plan = reducePlan(x.shape, axes);
  if (plan.gather) {
    const nd = plan.gather.shape.length;
    const t = new Storage(x.size * esize);
    temps.push(t);
    const desc = scratchI32([nd, ...plan.gather.shape, ...plan.gather.strides, ...new Array<number>(nd).fill(0)]);
    wasm("copy").strided_copy(src, t.ptr, desc, 0, esize);
    src = t.ptr;
  }
  let name: string;
  switch (prim) {
    case "sum":
    case "prod":
      name = prim === "sum" && type === "u8" ? "u8" : type === "u32" ? "i32" : type;
      name = `${prim}_%_${name}`;
      break;
    case "all":
      name = "min_%_u8";
      break;
    case "any":
      name = "max_%_u8";
      break;
    default:
      name = `${prim}_%_${type}`;
  }
  const k = wasm("reduce");
  try {
    if (plan.inner === 1) k[name.replace("%", "rows")](src, out.ptr, plan.outer, plan.n);
    else if (name === "sum_%_f32" || prim === "argmax" || prim === "argmin") {
      // per-column state (f64 accumulators / best values) lives in a temporary, not in static data
      const t = new Storage(COLS_TMP_BYTES);
      temps.push(t);
      k[name.replace("%", "cols")](src, out.ptr, plan.outer, plan.n, plan.inner, t.ptr);
    } else k[name.replace("%", "cols")](src, out.ptr, plan.outer, plan.n, plan.inner);
  } finally {
    for (const t of temps) t.release();
  }
}

export const reduceKernels: { readonly [P in ReducePrim]: CpuKernel } = {
  sum: (node) => run("sum", node),
  prod: (node) => run("prod", node),
  max: (node) => run("max", node),
  min: (node) => run("min", node),
  argmax: (node) => run("argmax", node),
  argmin: (node) => run("argmin", node),
  all: (node) => run("all", node),
  any: (node) => run("any", node),
};

/**
 * GPU kernels of the unary family (shaders/unary.wgsl): elementwise maps over a contiguous
 * input. The function per (primitive, dtype) mirrors src/backend/cpu/unary.ts: float-only
 * primitives receive float32 (the op casts); abs of unsigned, floor/ceil/round of integers
 * and square of bool share the input's bytes; isnan/isinf of integers are all false.
 */
import { UNARY, perPrimitive, type UnaryPrim } from "../../primitives/names.ts";
import { FLOAT_ONLY_UNARY } from "../../primitives/unary.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import { descriptor, fromBits, single, toBits, type GpuKernel, type GpuPlan } from "./kernel.ts";

type Choice = { fn: string; arg: "f32" | "i32" | "u32"; ret: "f32" | "i32" | "u32" } | "identity" | "zeros";

const PRED = new Set<UnaryPrim>(["logicalNot", "isnan", "isinf"]);

function choose(prim: UnaryPrim, dt: string): Choice {
  const f = dt === "float32";
  const pred = PRED.has(prim);
  const F = (fn: string): Choice => ({ fn, arg: "f32", ret: pred ? "u32" : "f32" });
  if (FLOAT_ONLY_UNARY.has(prim)) {
    if (!f) throw new KilnError(prim, `internal: expected a float32 input, got ${dt}`);
    return F(`${prim}_f32`);
  }
  switch (prim) {
    case "abs":
      return f ? F("abs_f32") : dt === "int32" ? { fn: "abs_i32", arg: "i32", ret: "i32" } : "identity";
    case "negative":
      return f ? F("negative_f32") : { fn: "negative_u32", arg: "u32", ret: "u32" };
    case "sign":
      return f ? F("sign_f32") : dt === "int32" ? { fn: "sign_i32", arg: "i32", ret: "i32" } : { fn: "sign_u32", arg: "u32", ret: "u32" };
    case "square":
      return f ? F("square_f32") : dt === "bool" ? "identity" : { fn: "square_u32", arg: "u32", ret: "u32" };
    case "floor":
    case "ceil":
    case "round":
      return f ? F(`${prim}_f32`) : "identity";
    case "logicalNot":
      return f ? F("logicalNot_f32") : { fn: "logicalNot_u32", arg: "u32", ret: "u32" };
    case "isnan":
    case "isinf":
      return f ? F(`${prim}_f32`) : "zeros";
    default:
      throw new KilnError(prim, `internal: no GPU kernel for dtype ${dt}`);
  }
}

function makeKernel(prim: UnaryPrim): GpuKernel {
  return (node: Node): GpuPlan => {
    const x = node.inputs[0]!;
    const c = choose(prim, x.dtype.name);
    if (c === "identity") return { alias: x, dispatches: [] };
    const desc = descriptor(node.size, node.dtype.size, [], []);
    if (c === "zeros") return single(node, "unary.zeros", "unary", [], "fn elem(e: u32) -> u32 { return 0u; }", desc);
    const body = `fn elem(e: u32) -> u32 { return ${toBits(c.ret, `${c.fn}(${fromBits(c.arg, "ld0(e)")})`)}; }`;
    return single(node, `unary.${c.fn}`, "unary", [x], body, desc);
  };
}

export const unaryGpuKernels: { readonly [P in UnaryPrim]: GpuKernel } = perPrimitive(UNARY, makeKernel);

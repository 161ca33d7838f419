/**
 * GPU kernels of the binary family (shaders/binary.wgsl): elementwise with broadcasting and
 * the ternary where. Each operand is read through its broadcast strides (0 on broadcast
 * dims), dims merged with collapseDims. Function choice mirrors src/backend/cpu/binary.ts:
 * bool add/maximum -> logicalOr, multiply/minimum -> logicalAnd; uint8 computes in u32.
 */
import { BINARY, perPrimitive, type BinaryPrim } from "../../primitives/names.ts";
import { COMPARISON, LOGICAL } from "../../primitives/binary.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import { broadcastStrides, collapseDims } from "../../core/shape.ts";
import { descriptor, fromBits, single, toBits, type GpuKernel, type GpuPlan } from "./kernel.ts";

function fnFor(prim: BinaryPrim, dt: string): { fn: string; t: "f32" | "i32" | "u32" } {
  if (dt === "bool") {
    if (prim === "add" || prim === "maximum") return { fn: "logicalOr_u32", t: "u32" };
    if (prim === "multiply" || prim === "minimum") return { fn: "logicalAnd_u32", t: "u32" };
  }
  if (LOGICAL.has(prim)) return { fn: `${prim}_u32`, t: "u32" };
  const t = dt === "float32" ? "f32" : dt === "int32" ? "i32" : "u32";
  if ((prim === "divide" || prim === "logaddexp") && t !== "f32") {
    throw new KilnError(prim, `internal: expected float32 operands, got ${dt}`);
  }
  return { fn: `${prim}_${t}`, t };
}

function makeKernel(prim: BinaryPrim): GpuKernel {
  return (node: Node): GpuPlan => {
    const ins = node.inputs;
    const [d0, d1] = prim === "where" ? [ins[1]!.dtype, ins[2]!.dtype] : [ins[0]!.dtype, ins[1]!.dtype];
    if (d0 !== d1 || (prim === "where" && ins[0]!.dtype.size !== 1)) {
      throw new KilnError(prim, `internal: operands of dtypes ${ins.map((x) => x.dtype.name).join(", ")} were not promoted`);
    }
    const c = collapseDims(node.shape, ins.map((x) => broadcastStrides(x.shape, node.shape)));
    const desc = descriptor(node.size, node.dtype.size, c.shape, c.strides.map((s) => ({ offset: 0, strides: s })));
    const at = (k: number) => `ld${k}(src_index(e, ${k}u))`;
    if (prim === "where") {
      return single(node, "binary.where", "binary", ins, `fn elem(e: u32) -> u32 { return where_u32(${at(0)}, ${at(1)}, ${at(2)}); }`, desc);
    }
    const { fn, t } = fnFor(prim, d0.name);
    const ret = COMPARISON.has(prim) || LOGICAL.has(prim) || fn.startsWith("logical") ? "u32" : t;
    const body = `fn elem(e: u32) -> u32 { return ${toBits(ret, `${fn}(${fromBits(t, at(0))}, ${fromBits(t, at(1))})`)}; }`;
    return single(node, `binary.${fn}`, "binary", ins, body, desc);
  };
}

export const binaryGpuKernels: { readonly [P in BinaryPrim]: GpuKernel } = perPrimitive(BINARY, makeKernel);

/**
 * CPU kernels of the unary family (asm/unary.ts): elementwise maps over contiguous arrays.
 * Layout: one contiguous input, one contiguous output of the same element count; exports are
 * `<prim>_<f32|i32|u32|u8>(src, dst, n)`. Float-only primitives always receive float32 (the op
 * casts). Identity cases (abs of unsigned, floor/ceil/round of integers, square of bool) share
 * the input's bytes; isnan/isinf of integers are all false. Limits: n < 2^31.
 */
import { UNARY, perPrimitive, type UnaryPrim } from "../../primitives/names.ts";
import { FLOAT_ONLY_UNARY } from "../../primitives/unary.ts";
import type { Node } from "../../core/node.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { wasm } from "./wasm.ts";

const IDENTITY = "identity";
const ZEROS = "zeros";

/** The export that computes `prim` on dtype `dt` (or a special action). */
function exportFor(prim: UnaryPrim, dt: string): string {
  const f = dt === "float32";
  if (FLOAT_ONLY_UNARY.has(prim)) {
    // a float kernel on a 1-byte input would read past its buffer
    if (!f) throw new Error(`[${prim}] internal: expected a float32 input, got ${dt}`);
    return `${prim}_f32`;
  }
  switch (prim) {
    case "abs":
      return f ? "abs_f32" : dt === "int32" ? "abs_i32" : IDENTITY;
    case "negative":
      return f ? "negative_f32" : dt === "int32" || dt === "uint32" ? "negative_i32" : "negative_u8";
    case "sign":
      return f ? "sign_f32" : dt === "int32" ? "sign_i32" : dt === "uint32" ? "sign_u32" : "sign_u8";
    case "square":
      return f ? "square_f32" : dt === "bool" ? IDENTITY : dt === "uint8" ? "square_u8" : "square_i32";
    case "floor":
    case "ceil":
    case "round":
      return f ? `${prim}_f32` : IDENTITY;
    case "logicalNot":
      return f ? "not_f32" : dt === "int32" || dt === "uint32" ? "not_i32" : "not_u8";
    case "isnan":
    case "isinf":
      return f ? `${prim}_f32` : ZEROS;
    default:
      throw new Error(`[${prim}] internal: no CPU kernel for dtype ${dt}`);
  }
}

function makeKernel(prim: UnaryPrim): CpuKernel {
  return (node: Node) => {
    const x = node.inputs[0]!;
    const name = exportFor(prim, x.dtype.name);
    if (name === IDENTITY) {
      node.alias(x);
      return;
    }
    const out = node.allocate();
    const n = node.size;
    if (n === 0) return;
    if (name === ZEROS) {
      wasm("copy").fill8(out.ptr, n, 0);
      return;
    }
    wasm("unary")[name](ptrOf(x), out.ptr, n);
  };
}

export const unaryKernels: { readonly [P in UnaryPrim]: CpuKernel } = perPrimitive(UNARY, makeKernel);

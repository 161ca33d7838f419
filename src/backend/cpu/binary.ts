/**
 * CPU kernels of the binary family (asm/binary.ts): elementwise ops with NumPy broadcasting and
 * the ternary where.
 * Layout: inputs are contiguous in their own shapes; each is read through element strides
 * broadcast to the node's shape (0 on broadcast dims), dims merged with collapseDims, written to
 * the scratch descriptor [ndim, shape, strides per operand, counters]. Exports are
 * `<prim>_<f32|i32|u32|u8>(a, b, out, desc)` and `where_<32|8>(c, x, y, out, desc)`.
 * Both operands share a dtype (the op promotes). uint32 reuses the i32 export where the bits
 * agree (add, subtract, multiply, equal, notEqual); bool add/maximum run logicalOr, bool
 * multiply/minimum logicalAnd. Limits: ndim <= 32, element offsets < 2^31.
 */
import { BINARY, perPrimitive, type BinaryPrim } from "../../primitives/names.ts";
import type { Node } from "../../core/node.ts";
import { broadcastStrides, collapseDims } from "../../core/shape.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { scratchI32, wasm } from "./wasm.ts";

const SAME_BITS = new Set<BinaryPrim>(["add", "subtract", "multiply", "equal", "notEqual"]);

/** The export computing `prim` on operands of dtype `dt`. */
function exportFor(prim: BinaryPrim, dt: string): string {
  if (dt === "bool") {
    if (prim === "add" || prim === "maximum") return "logicalOr_u8";
    if (prim === "multiply" || prim === "minimum") return "logicalAnd_u8";
  }
  if (prim === "logicalAnd" || prim === "logicalOr") return `${prim}_u8`;
  switch (dt) {
    case "float32":
      return `${prim}_f32`;
    case "int32":
      return `${prim}_i32`;
    case "uint32":
      return SAME_BITS.has(prim) ? `${prim}_i32` : `${prim}_u32`;
    default:
      return `${prim}_u8`;
  }
}

/** Writes the broadcast descriptor of `inputs` read into `node`'s shape; returns its pointer. */
function descriptor(node: Node, inputs: Node[]): number {
  const strides = inputs.map((x) => broadcastStrides(x.shape, node.shape));
  const c = collapseDims(node.shape, strides);
  const nd = c.shape.length;
  return scratchI32([nd, ...c.shape, ...c.strides.flat(), ...new Array<number>(nd).fill(0)]);
}

function makeKernel(prim: BinaryPrim): CpuKernel {
  return (node: Node) => {
    const out = node.allocate();
    if (node.size === 0) return;
    const ins = node.inputs;
    // mismatched element sizes would read past a buffer: the op layer must have promoted
    const [d0, d1] = prim === "where" ? [ins[1]!.dtype, ins[2]!.dtype] : [ins[0]!.dtype, ins[1]!.dtype];
    if (d0 !== d1 || (prim === "where" && ins[0]!.dtype.size !== 1)) {
      throw new Error(`[${prim}] internal: operands of dtypes ${ins.map((x) => x.dtype.name).join(", ")} were not promoted`);
    }
    const desc = descriptor(node, ins);
    if (prim === "where") {
      const k = ins[1]!.dtype.size === 4 ? "where_32" : "where_8";
      wasm("binary")[k](ptrOf(ins[0]!), ptrOf(ins[1]!), ptrOf(ins[2]!), out.ptr, desc);
      return;
    }
    const name = exportFor(prim, ins[0]!.dtype.name);
    const fn = wasm("binary")[name];
    if (!fn) throw new Error(`[${prim}] internal: no CPU kernel for dtype ${ins[0]!.dtype.name}`);
    fn(ptrOf(ins[0]!), ptrOf(ins[1]!), out.ptr, desc);
  };
}

export const binaryKernels: { readonly [P in BinaryPrim]: CpuKernel } = perPrimitive(BINARY, makeKernel);

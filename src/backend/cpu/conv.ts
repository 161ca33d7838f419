/**
 * CPU kernels of the conv family (asm/conv.ts).
 * Layout: NHWC input, [O, kh, kw, C/groups] weight, NHWC output, float32.
 * Tiling: implicit GEMM over tiles of output pixels (im2col tile + the shared GEMM); this glue
 * picks the tile height (about 256 KiB of patches, 64..1024 rows) and allocates the work buffer
 * (a Storage, released after). Depthwise convolutions (groups == C == O) use a direct kernel.
 * Limits: float32 only; the geometry is validated by the op.
 */
import type { ConvPrim } from "../../primitives/names.ts";
import type { ConvParams } from "../../primitives/conv.ts";
import type { Node } from "../../core/node.ts";
import { Storage } from "../../core/memory.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { scratchI32, wasm } from "./wasm.ts";

function conv(node: Node): void {
  const [x, w] = node.inputs as [Node, Node];
  const p = node.params as ConvParams;
  const out = node.allocate();
  if (node.size === 0) return;
  const { N, H, W, C, O, kh, kw, Ho, Wo, stride, padding, dilation, groups } = p;
  const Cg = C / groups;
  const Og = O / groups;
  const Kg = kh * kw * Cg;
  const P = N * Ho * Wo;
  const depthwise = groups > 1 && groups === C && groups === O;
  const T = Math.min(P, Math.max(64, Math.min(1024, Math.floor(65536 / Math.max(Kg, 1)))));
  const desc = scratchI32([N, H, W, C, O, kh, kw, Ho, Wo, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], groups, T]);
  const k = wasm("conv");
  const floats = depthwise ? kh * kw * C : k.conv_work_floats(T, Og, Kg);
  const work = new Storage(floats * 4);
  try {
    if (depthwise) k.conv_depthwise_f32(ptrOf(x), ptrOf(w), out.ptr, desc, work.ptr);
    else k.conv_f32(ptrOf(x), ptrOf(w), out.ptr, desc, work.ptr);
  } finally {
    work.release();
  }
}

export const convKernels: { readonly [P in ConvPrim]: CpuKernel } = { conv };

/**
 * GPU kernel of the conv family (shaders/conv.wgsl): direct float32 2-D convolution, one
 * invocation per output element, all strides/paddings/dilations/groups (conv1d included).
 */
import type { ConvPrim } from "../../primitives/names.ts";
import type { ConvParams } from "../../primitives/conv.ts";
import { SHADERS } from "./shaders.generated.ts";
import type { GpuKernel } from "./kernel.ts";

const conv: GpuKernel = (node) => {
  const [x, w] = node.inputs;
  const p = node.params as ConvParams;
  if (node.size === 0) return { dispatches: [] };
  const desc = Uint32Array.from([p.N, p.H, p.W, p.C, p.O, p.kh, p.kw, p.Ho, p.Wo, ...p.stride, ...p.padding, ...p.dilation, p.groups]);
  return {
    dispatches: [
      {
        key: "conv.direct",
        source: () => SHADERS["conv"]!,
        inputs: [x!, w!],
        desc,
        n: node.size,
        outBytes: 4,
        workgroups: Math.ceil(node.size / 64),
      },
    ],
  };
};

export const convGpuKernels: { readonly [P in ConvPrim]: GpuKernel } = { conv };

/**
 * GPU kernel of the conv family (shaders/conv.wgsl on matmul.wgsl's tiled skeleton): float32
 * convolution of an NHWC input with an [O, kh, kw, C/groups] weight as an implicit GEMM per
 * group — M = N*Ho*Wo output pixels, N = O/groups, K = kh*kw*C/groups — gathering patch
 * tiles straight from the input (no im2col buffer). Stride, symmetric padding per axis,
 * dilation and groups (depthwise included) as src/backend/cpu/conv.ts; conv1d is H = kh = 1.
 * Tile shape as matmul.ts picks it; vec4 patch loads when C and C/groups are multiples of 4,
 * vec4 weight loads when kh*kw*C/groups is.
 */
import type { ConvPrim } from "../../primitives/names.ts";
import type { ConvParams } from "../../primitives/conv.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import type { GpuKernel } from "./kernel.ts";
import { gemmPlan, tileFor, type GemmForms, type GemmVariant } from "./matmul.ts";

const conv: GpuKernel = (node) => {
  const [x, w] = node.inputs as [Node, Node];
  if (x.dtype.name !== "float32" || w.dtype.name !== "float32") {
    throw new KilnError("conv", `internal: expected float32 operands, got ${x.dtype.name} and ${w.dtype.name}`);
  }
  if (node.size === 0) return { dispatches: [] };
  const { N, H, W, C, O, kh, kw, Ho, Wo, stride, padding, dilation, groups } = node.params as ConvParams;
  const Cg = C / groups;
  const Og = O / groups;
  const P = N * Ho * Wo;
  const Kg = kh * kw * Cg;
  const v: GemmVariant = { family: "conv", tm: tileFor(P), tn: tileFor(Og) };
  const f: GemmForms = { aT: false, bT: true, aV: C % 4 === 0 && Cg % 4 === 0, bV: Kg % 4 === 0 };
  const words = [N, H, W, C, O, kh, kw, Ho, Wo, stride[0], stride[1], padding[0], padding[1], dilation[0], dilation[1], Cg];
  return gemmPlan(node, v, f, P, Og, Kg, groups, words);
};

export const convGpuKernels: { readonly [P in ConvPrim]: GpuKernel } = { conv };

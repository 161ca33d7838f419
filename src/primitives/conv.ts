/**
 * Conv-family primitives: parameters and shape rules.
 *
 * conv: a float32 2-D convolution (cross-correlation, as MLX) of an NHWC input with an
 * [O, kh, kw, C/groups] weight, symmetric zero padding, stride, dilation and groups; output
 * NHWC. conv1d records the same primitive with H = kh = 1 (its nodes keep their [N, L, C]
 * shapes: the kernel reads the geometry from the params, not from the shapes).
 * Gradients (with the transforms): input grad is a transposed convolution of the cotangent,
 * weight grad a convolution of the input with the cotangent.
 */

/** Geometry of one conv node. */
export interface ConvParams {
  N: number;
  H: number;
  W: number;
  C: number;
  O: number;
  kh: number;
  kw: number;
  Ho: number;
  Wo: number;
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

/** Output length of one spatial axis (may be < 1 for an invalid geometry). */
export function convOutSize(size: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((size + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/** Float64 reference convolution shared by the conv suites. */
export interface Geo {
  N: number; H: number; W: number; C: number; O: number; kh: number; kw: number;
  stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number;
}

/** Direct float64 convolution: NHWC input, [O, kh, kw, C/groups] weight, symmetric zero padding. */
export function refConv(x: ArrayLike<number>, w: ArrayLike<number>, g: Geo): { data: Float64Array; Ho: number; Wo: number } {
  const { N, H, W, C, O, kh, kw, stride, padding, dilation, groups } = g;
  const Ho = Math.floor((H + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1;
  const Wo = Math.floor((W + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1;
  const Cg = C / groups, Og = O / groups;
  const out = new Float64Array(N * Ho * Wo * O);
  for (let n = 0; n < N; n++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let o = 0; o < O; o++) {
    const gi = Math.floor(o / Og);
    let s = 0;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = oy * stride[0] - padding[0] + ky * dilation[0];
      const ix = ox * stride[1] - padding[1] + kx * dilation[1];
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      for (let c = 0; c < Cg; c++) s += x[((n * H + iy) * W + ix) * C + gi * Cg + c]! * w[((o * kh + ky) * kw + kx) * Cg + c]!;
    }
    out[((n * Ho + oy) * Wo + ox) * O + o] = s;
  }
  return { data: out, Ho, Wo };
}

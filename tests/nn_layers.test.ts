/** kiln/nn layers: each forward pass against a plain-TypeScript reference on small random inputs. */
import { describe, expect, test } from "bun:test";
import { expectClose, mx, randomArray, randomData } from "./helpers.ts";
import * as nn from "../src/nn/index.ts";

type F = Float32Array | Int32Array | Uint32Array | Uint8Array;
const data = (a: mx.MxArray): F => a.dataSync();

/** y[n, o] = sum_i x[n, i] w[o, i] + b[o]. */
function refLinear(x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number> | null, N: number, I: number, O: number): Float64Array {
  const y = new Float64Array(N * O);
  for (let n = 0; n < N; n++) for (let o = 0; o < O; o++) {
    let s = b ? b[o]! : 0;
    for (let i = 0; i < I; i++) s += x[n * I + i]! * w[o * I + i]!;
    y[n * O + o] = s;
  }
  return y;
}

interface Geo { N: number; H: number; W: number; C: number; O: number; kh: number; kw: number; s: number[]; p: number[]; d: number[]; g: number }

/** NHWC x [O, kh, kw, C/g] convolution with symmetric zero padding. */
function refConv(x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number> | null, q: Geo): { y: Float64Array; Ho: number; Wo: number } {
  const { N, H, W, C, O, kh, kw, s, p, d, g } = q;
  const Ho = Math.floor((H + 2 * p[0]! - d[0]! * (kh - 1) - 1) / s[0]!) + 1;
  const Wo = Math.floor((W + 2 * p[1]! - d[1]! * (kw - 1) - 1) / s[1]!) + 1;
  const Cg = C / g, Og = O / g;
  const y = new Float64Array(N * Ho * Wo * O);
  for (let n = 0; n < N; n++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let o = 0; o < O; o++) {
    const gi = Math.floor(o / Og);
    let acc = b ? b[o]! : 0;
    for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const iy = oy * s[0]! - p[0]! + ky * d[0]!;
      const ix = ox * s[1]! - p[1]! + kx * d[1]!;
      if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue;
      for (let c = 0; c < Cg; c++) acc += x[((n * H + iy) * W + ix) * C + gi * Cg + c]! * w[((o * kh + ky) * kw + kx) * Cg + c]!;
    }
    y[((n * Ho + oy) * Wo + ox) * O + o] = acc;
  }
  return { y, Ho, Wo };
}

/** Max/avg pooling of NHWC with padding (-inf or 0) counted in the average. */
function refPool(kind: "max" | "avg", x: ArrayLike<number>, [N, H, W, C]: number[], k: number[], s: number[], p: number[]): { y: Float64Array; shape: number[] } {
  const Hp = H! + 2 * p[0]!, Wp = W! + 2 * p[1]!;
  const Ho = Math.floor((Hp - k[0]!) / s[0]!) + 1, Wo = Math.floor((Wp - k[1]!) / s[1]!) + 1;
  const y = new Float64Array(N! * Ho * Wo * C!);
  for (let n = 0; n < N!; n++) for (let oy = 0; oy < Ho; oy++) for (let ox = 0; ox < Wo; ox++) for (let c = 0; c < C!; c++) {
    let acc = kind === "max" ? -Infinity : 0;
    for (let ky = 0; ky < k[0]!; ky++) for (let kx = 0; kx < k[1]!; kx++) {
      const iy = oy * s[0]! + ky - p[0]!, ix = ox * s[1]! + kx - p[1]!;
      const v = iy < 0 || iy >= H! || ix < 0 || ix >= W! ? (kind === "max" ? -Infinity : 0) : x[((n * H! + iy) * W! + ix) * C! + c]!;
      acc = kind === "max" ? Math.max(acc, v) : acc + v;
    }
    y[((n * Ho + oy) * Wo + ox) * C! + c] = kind === "max" ? acc : acc / (k[0]! * k[1]!);
  }
  return { y, shape: [N!, Ho, Wo, C!] };
}

/** Normalizes rows of `x` given as groups of element indices. */
function normGroups(x: ArrayLike<number>, groups: number[][], eps: number, out: Float64Array): void {
  for (const idx of groups) {
    const mean = idx.reduce((a, i) => a + x[i]!, 0) / idx.length;
    const v = idx.reduce((a, i) => a + (x[i]! - mean) ** 2, 0) / idx.length;
    for (const i of idx) out[i] = (x[i]! - mean) / Math.sqrt(v + eps);
  }
}

describe("Linear", () => {
  test("forward matches x W^T + b, with and without bias, batched leading axes", () => {
    for (const [N, I, O, bias] of [[4, 3, 2, true], [1, 5, 7, false], [6, 1, 1, true]] as const) {
      const layer = new nn.Linear(I, O, { bias });
      const { x, data: xd } = randomArray([N, I], -2, 2, N * 10 + I);
      const y = layer(x);
      expect(y.shape).toEqual([N, O]);
      expectClose(data(y), refLinear(xd, data(layer.weight), bias ? data(layer.bias!) : null, N, I, O), 1e-5, 1e-6);
      expect(layer.bias === undefined).toBe(!bias);
    }
    const layer = new nn.Linear(3, 2);
    const { x, data: xd } = randomArray([2, 5, 3], -1, 1, 9);
    const y = layer(x);
    expect(y.shape).toEqual([2, 5, 2]);
    expectClose(data(y), refLinear(xd, data(layer.weight), data(layer.bias!), 10, 3, 2), 1e-5, 1e-6);
  });

  test("init is uniform in +-sqrt(1/input_dims) for weight and bias (MLX)", () => {
    const layer = new nn.Linear(16, 300);
    const lim = Math.sqrt(1 / 16);
    for (const a of [layer.weight, layer.bias!]) {
      const d = data(a);
      expect(Math.max(...d)).toBeLessThanOrEqual(lim);
      expect(Math.min(...d)).toBeGreaterThanOrEqual(-lim);
      expect(Math.max(...d)).toBeGreaterThan(lim * 0.8);
    }
    expect(layer.weight.shape).toEqual([300, 16]);
  });

  test("bad dims are rejected", () => {
    expect(() => new nn.Linear(-1, 2)).toThrow(/\[Linear\] input_dims/);
    expect(() => new nn.Linear(3, 2)(mx.zeros([2, 4]))).toThrow(/\[matmul\]/);
  });
});

describe("Conv1d / Conv2d", () => {
  test("Conv2d forward matches a direct convolution (stride, padding, dilation, groups, bias)", () => {
    const cases: [number, number, number, number, number, number, nn.Conv2dOptions][] = [
      [2, 5, 6, 3, 4, 3, {}],
      [1, 7, 5, 4, 6, 3, { stride: 2, padding: 1 }],
      [2, 6, 6, 4, 4, 2, { stride: [1, 2], padding: [2, 0], dilation: 2, groups: 2 }],
      [1, 4, 4, 2, 3, 1, { bias: false }],
    ];
    cases.forEach(([N, H, W, C, O, k, opts], ci) => {
      const layer = new nn.Conv2d(C, O, k, opts);
      const { x, data: xd } = randomArray([N, H, W, C], -1, 1, 100 + ci);
      const b = layer.bias ? data(layer.bias) : null;
      if (b) layer.bias = mx.array(randomData(O, -1, 1, 7 + ci)); // bias starts at zero: make it count
      const pr = (v: unknown, d: number) => (v === undefined ? [d, d] : typeof v === "number" ? [v, v] : [...(v as number[])]);
      const g = { N, H, W, C, O, kh: k, kw: k, s: pr(opts?.stride, 1), p: pr(opts?.padding, 0), d: pr(opts?.dilation, 1), g: opts?.groups ?? 1 };
      const ref = refConv(xd, data(layer.weight), layer.bias ? data(layer.bias) : null, g);
      const y = layer(x);
      expect(y.shape).toEqual([N, ref.Ho, ref.Wo, O]);
      expectClose(data(y), ref.y, 1e-4, 1e-5);
    });
  });

  test("Conv1d forward matches a direct convolution", () => {
    const layer = new nn.Conv1d(3, 5, 3, { stride: 2, padding: 1 });
    layer.bias = mx.array(randomData(5, -1, 1, 3));
    const { x, data: xd } = randomArray([2, 9, 3], -1, 1, 11);
    const ref = refConv(xd, data(layer.weight), data(layer.bias), { N: 2, H: 1, W: 9, C: 3, O: 5, kh: 1, kw: 3, s: [1, 2], p: [0, 1], d: [1, 1], g: 1 });
    const y = layer(x);
    expect(y.shape).toEqual([2, ref.Wo, 5]);
    expectClose(data(y), ref.y, 1e-4, 1e-5);
  });

  test("weights follow MLX's shapes and init; bias starts at zero", () => {
    const c = new nn.Conv2d(4, 8, [3, 2]);
    expect(c.weight.shape).toEqual([8, 3, 2, 4]);
    expect([...data(c.bias!)]).toEqual(new Array(8).fill(0));
    const lim = Math.sqrt(1 / (4 * 3 * 2));
    expect(Math.max(...data(c.weight).map(Math.abs))).toBeLessThanOrEqual(lim);
    expect(new nn.Conv1d(6, 4, 5, { groups: 2 }).weight.shape).toEqual([4, 5, 3]);
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow(/\[Conv2d\] The number of input channels \(3\)/);
  });
});

describe("pooling", () => {
  test("MaxPool2d / AvgPool2d match a reference (non-overlapping, overlapping, cropped, padded)", () => {
    const cases: [number[], number | [number, number], { stride?: number | [number, number]; padding?: number | [number, number] }][] = [
      [[2, 4, 6, 3], 2, {}],
      [[1, 5, 7, 2], 2, {}],
      [[2, 5, 5, 2], 3, { stride: 1 }],
      [[1, 6, 5, 3], [3, 2], { stride: [2, 1], padding: [1, 1] }],
      [[1, 3, 3, 1], 2, { stride: 1, padding: 1 }],
    ];
    cases.forEach(([shape, k, opts], i) => {
      const { x, data: xd } = randomArray(shape, -3, 3, 40 + i);
      const kk = typeof k === "number" ? [k, k] : k;
      const st = opts.stride === undefined ? kk : typeof opts.stride === "number" ? [opts.stride, opts.stride] : opts.stride;
      const pd = opts.padding === undefined ? [0, 0] : typeof opts.padding === "number" ? [opts.padding, opts.padding] : opts.padding;
      for (const kind of ["max", "avg"] as const) {
        const layer = kind === "max" ? new nn.MaxPool2d(k, opts) : new nn.AvgPool2d(k, opts);
        const ref = refPool(kind, xd, shape, kk, st, pd);
        const y = layer(x);
        expect(y.shape).toEqual(ref.shape);
        expectClose(data(y), ref.y, 1e-5, 1e-6);
      }
    });
  });

  test("1-D pooling and errors", () => {
    const { x, data: xd } = randomArray([2, 7, 3], -1, 1, 5);
    const y = new nn.MaxPool1d(3, { stride: 2 })(x);
    const ref = refPool("max", xd, [2, 1, 7, 3], [1, 3], [1, 2], [0, 0]);
    expect(y.shape).toEqual([2, 3, 3]);
    expectClose(data(y), ref.y);
    expect(new nn.AvgPool1d(2)(x).shape).toEqual([2, 3, 3]);
    expect(() => new nn.MaxPool2d(0)).toThrow(/\[MaxPool2d\] 'kernel_size' must be positive/);
    expect(() => new nn.MaxPool2d(2)(mx.zeros([2, 3, 3]))).toThrow(/\[MaxPool2d\] Expected a 4-D input/);
    expect(() => new nn.MaxPool2d(4)(mx.zeros([1, 3, 3, 1]))).toThrow(/larger than the padded input/);
  });
});

describe("normalization", () => {
  const shape = [3, 4, 6];
  const { x, data: xd } = randomArray(shape, -2, 3, 77);
  const rows = (n: number, d: number) => Array.from({ length: n }, (_, r) => Array.from({ length: d }, (_, j) => r * d + j));

  test("LayerNorm normalizes the last axis, then weight and bias", () => {
    const ln = new nn.LayerNorm(6);
    ln.weight = mx.array(randomData(6, 0.5, 1.5, 1));
    ln.bias = mx.array(randomData(6, -1, 1, 2));
    const n = new Float64Array(xd.length);
    normGroups(xd, rows(12, 6), 1e-5, n);
    const w = data(ln.weight), b = data(ln.bias);
    const ref = n.map((v, i) => v * w[i % 6]! + b[i % 6]!);
    expectClose(data(ln(x)), ref, 1e-4, 1e-5);
    expectClose(data(new nn.LayerNorm(6, { affine: false })(x)), n, 1e-4, 1e-5);
    expect(new nn.LayerNorm(6, { affine: false }).parameters()).toEqual({});
    expect(() => ln(mx.zeros([2, 5]))).toThrow(/\[LayerNorm\] Expected the last dimension/);
  });

  test("RMSNorm: x / sqrt(mean(x^2) + eps) * weight", () => {
    const rn = new nn.RMSNorm(6, { eps: 1e-6 });
    rn.weight = mx.array(randomData(6, 0.5, 1.5, 3));
    const w = data(rn.weight);
    const ref = new Float64Array(xd.length);
    for (const idx of rows(12, 6)) {
      const ms = idx.reduce((a, i) => a + xd[i]! ** 2, 0) / 6;
      for (const i of idx) ref[i] = (xd[i]! / Math.sqrt(ms + 1e-6)) * w[i % 6]!;
    }
    expectClose(data(rn(x)), ref, 1e-4, 1e-5);
  });

  test("GroupNorm: MLX's interleaved groups and PyTorch's contiguous groups", () => {
    for (const pc of [false, true]) {
      const gn = new nn.GroupNorm(2, 6, { pytorchCompatible: pc });
      gn.weight = mx.array(randomData(6, 0.5, 1.5, 4));
      gn.bias = mx.array(randomData(6, -1, 1, 5));
      const groups: number[][] = [];
      for (let b = 0; b < 3; b++) for (let g = 0; g < 2; g++) {
        const idx: number[] = [];
        for (let l = 0; l < 4; l++) for (let c = 0; c < 6; c++) {
          const grp = pc ? Math.floor(c / 3) : c % 2;
          if (grp === g) idx.push((b * 4 + l) * 6 + c);
        }
        groups.push(idx);
      }
      const n = new Float64Array(xd.length);
      normGroups(xd, groups, 1e-5, n);
      const w = data(gn.weight), bb = data(gn.bias!);
      expectClose(data(gn(x)), n.map((v, i) => v * w[i % 6]! + bb[i % 6]!), 1e-4, 1e-5);
    }
    expect(() => new nn.GroupNorm(4, 6)).toThrow(/\[GroupNorm\] dims \(6\) must be divisible/);
  });

  test("BatchNorm: batch statistics and running updates in training, running statistics in eval", () => {
    const bn = new nn.BatchNorm(6, { momentum: 0.2 });
    bn.weight = mx.array(randomData(6, 0.5, 1.5, 6));
    bn.bias = mx.array(randomData(6, -1, 1, 7));
    const cols = Array.from({ length: 6 }, (_, c) => Array.from({ length: 12 }, (_, r) => r * 6 + c));
    const n = new Float64Array(xd.length);
    normGroups(xd, cols, 1e-5, n);
    const w = data(bn.weight), b = data(bn.bias);
    expectClose(data(bn(x)), n.map((v, i) => v * w[i % 6]! + b[i % 6]!), 1e-4, 1e-5);
    const mean = cols.map((idx) => idx.reduce((a, i) => a + xd[i]!, 0) / 12);
    const vr = cols.map((idx, c) => idx.reduce((a, i) => a + (xd[i]! - mean[c]!) ** 2, 0) / 12);
    const rm = mean.map((m) => 0.2 * m);
    const rv = vr.map((v) => 0.8 + 0.2 * v);
    expectClose(data(bn.running_mean!), rm, 1e-5, 1e-6);
    expectClose(data(bn.running_var!), rv, 1e-5, 1e-6);
    bn.eval();
    const y = bn(x);
    const ref = Array.from(xd, (v, i) => ((v - rm[i % 6]!) / Math.sqrt(rv[i % 6]! + 1e-5)) * w[i % 6]! + b[i % 6]!);
    expectClose(data(y), ref, 1e-4, 1e-5);
    expectClose(data(bn.running_mean!), rm, 1e-5, 1e-6); // unchanged in eval mode
    expect(() => bn(mx.zeros([6]))).toThrow(/\[BatchNorm\] Expected input tensor to have 2, 3 or 4 dimensions/);
  });

  test("BatchNorm running statistics are parameters but never trainable", () => {
    const bn = new nn.BatchNorm(3);
    expect(Object.keys(bn.parameters())).toEqual(["weight", "bias", "running_mean", "running_var"]);
    expect(Object.keys(bn.trainableParameters())).toEqual(["weight", "bias"]);
    bn.unfreeze();
    expect(Object.keys(bn.trainableParameters())).toEqual(["weight", "bias"]);
    bn.freeze();
    expect(Object.keys(bn.trainableParameters())).toEqual([]);
    expect(Object.keys(new nn.BatchNorm(3, { trackRunningStats: false, affine: false }).parameters())).toEqual([]);
  });
});

describe("Dropout, Embedding, Sequential", () => {
  test("Dropout zeroes about p of the elements and scales the rest by 1/(1-p) while training", () => {
    const d = new nn.Dropout(0.25);
    const x = mx.add(mx.zeros([4000]), 2);
    const y = data(d(x));
    let zeros = 0;
    for (const v of y) {
      if (v === 0) zeros++;
      else expect(v).toBeCloseTo(2 / 0.75, 5);
    }
    expect(zeros / 4000).toBeGreaterThan(0.2);
    expect(zeros / 4000).toBeLessThan(0.3);
    d.eval();
    expect([...data(d(x))].every((v) => v === 2)).toBe(true);
    expect([...data(new nn.Dropout(0)(x))].every((v) => v === 2)).toBe(true);
    expect(() => new nn.Dropout(1)).toThrow(/\[Dropout\]/);
  });

  test("Embedding looks up rows; asLinear is x W^T", () => {
    const e = new nn.Embedding(10, 4);
    const w = data(e.weight);
    const idx = mx.array([[3, 0, 9], [3, 3, 1]]);
    const y = e(idx);
    expect(y.shape).toEqual([2, 3, 4]);
    const ref: number[] = [];
    for (const i of [3, 0, 9, 3, 3, 1]) for (let j = 0; j < 4; j++) ref.push(w[i * 4 + j]!);
    expectClose(data(y), ref);
    const { x, data: xd } = randomArray([2, 4], -1, 1, 8);
    expectClose(data(e.asLinear(x)), refLinear(xd, w, null, 2, 4, 10), 1e-5, 1e-6);
    expect(() => e(mx.array([0.5]))).toThrow(/\[Embedding\] Expected integer indices/);
  });

  test("Sequential applies modules and functions in order", () => {
    const l1 = new nn.Linear(3, 4);
    const l2 = new nn.Linear(4, 2);
    const seq = new nn.Sequential(l1, nn.relu, l2, new nn.Tanh());
    const { x } = randomArray([5, 3], -1, 1, 12);
    expectClose(data(seq(x)), data(mx.tanh(l2(nn.relu(l1(x))))), 1e-6, 1e-7);
    expect(Object.keys((seq.parameters().layers as unknown[])[1] as object)).toEqual([]);
  });
});

describe("MultiHeadAttention", () => {
  test("matches a per-head reference, with and without a causal mask", () => {
    const [B, L, S, D, H] = [2, 3, 4, 8, 2];
    const mha = new nn.MultiHeadAttention(D, H, { bias: true });
    const { x: q, data: qd } = randomArray([B, L, D], -1, 1, 21);
    const { x: kv, data: kvd } = randomArray([B, S, D], -1, 1, 22);
    const proj = (lin: nn.Linear, xd: ArrayLike<number>, n: number) => refLinear(xd, data(lin.weight), data(lin.bias!), n, D, D);
    const Q = proj(mha.query_proj, qd, B * L), K = proj(mha.key_proj, kvd, B * S), V = proj(mha.value_proj, kvd, B * S);
    const ref = (mask: ((i: number, j: number) => number) | null) => {
      const dh = D / H;
      const o = new Float64Array(B * L * D);
      for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let i = 0; i < L; i++) {
        const sc: number[] = [];
        for (let j = 0; j < S; j++) {
          let s = 0;
          for (let c = 0; c < dh; c++) s += Q[(b * L + i) * D + h * dh + c]! * K[(b * S + j) * D + h * dh + c]!;
          sc.push(s / Math.sqrt(dh) + (mask ? mask(i, j) : 0));
        }
        const m = Math.max(...sc);
        const e = sc.map((s) => Math.exp(s - m));
        const z = e.reduce((a, v) => a + v, 0);
        for (let c = 0; c < dh; c++) o[(b * L + i) * D + h * dh + c] = e.reduce((a, v, j) => a + (v / z) * V[(b * S + j) * D + h * dh + c]!, 0);
      }
      return proj(mha.out_proj, o, B * L);
    };
    const y = mha(q, kv, kv);
    expect(y.shape).toEqual([B, L, D]);
    expectClose(data(y), ref(null), 1e-4, 1e-5);
    // causal over the first L key positions (mask shape [L, S] broadcasts over batch and heads)
    const mask = mx.less(mx.expandDims(mx.arange(L), 1), mx.expandDims(mx.arange(S), 0));
    const additive = mx.multiply(mx.astype(mask, mx.float32), -1e9);
    expectClose(data(mha(q, kv, kv, additive)), ref((i, j) => (i < j ? -1e9 : 0)), 1e-4, 1e-5);
    expectClose(data(mha(q, kv, kv, mx.logicalNot(mask))), ref((i, j) => (i < j ? -1e9 : 0)), 1e-4, 1e-5);
  });

  test("createAdditiveCausalMask and shape errors", () => {
    const m = nn.MultiHeadAttention.createAdditiveCausalMask(3).tolist() as number[][];
    expect(m[0]![0]).toBe(0);
    expect(m[2]![1]).toBe(0);
    expect(m[0]![1]).toBeLessThan(-1e38);
    expect(() => new nn.MultiHeadAttention(6, 4)).toThrow(/\[MultiHeadAttention\] The input feature dimensions should be divisible/);
    expect(() => new nn.MultiHeadAttention(4, 2)(mx.zeros([2, 4]), mx.zeros([2, 4]), mx.zeros([2, 4]))).toThrow(/Expected queries of shape/);
  });
});

/**
 * vjp rules of the copy, reduce, indexing, matmul, conv, softmax, random and sort primitives.
 * Limits: the gradient of an index read (gather, takeAlongAxis) accumulates duplicate indices
 * with a one-hot product (gather: index count x product of the indexed axes; takeAlongAxis:
 * index count x axis size) because there is no scatter-add primitive yet. asStrided views with
 * overlapping non-zero strides have no gradient (an error).
 */
import type { MxArray } from "../../core/array.ts";
import { int32 } from "../../core/dtype.ts";
import { fail, fmtShape } from "../../core/errors.ts";
import type { AsStridedParams, ConcatenateParams } from "../../primitives/copy.ts";
import type { ConvParams } from "../../primitives/conv.ts";
import type { AlongAxisParams, GatherParams, ScatterParams, SliceUpdateParams } from "../../primitives/indexing.ts";
import type { MatmulParams } from "../../primitives/matmul.ts";
import type { CopyPrim, ConvPrim, IndexingPrim, MatmulPrim, RandomPrim, ReducePrim, SoftmaxPrim, SortPrim } from "../../primitives/names.ts";
import type { ReduceParams } from "../../primitives/reduce.ts";
import type { SortParams } from "../../primitives/sort.ts";
import { add, divide, equal, less, multiply, where } from "../../ops/binary.ts";
import { conv2d } from "../../ops/conv.ts";
import { arange, zeros } from "../../ops/creation.ts";
import { getItem, putAlongAxis, slice, takeAlongAxis } from "../../ops/indexing.ts";
import { matmul } from "../../ops/linalg.ts";
import { sum } from "../../ops/reduce.ts";
import { astype, broadcastTo, concatenate, expandDims, moveaxis, pad, reshape, transpose } from "../../ops/shape.ts";
import { argsort } from "../../ops/sort.ts";
import { record } from "../../ops/util.ts";
import { noGrad, params, sumToShape, type VjpArgs, type VjpRule } from "./common.ts";

type S = { stream: VjpArgs["s"]["stream"] };

/** The inverse of a strided read: `g` written into zeros of `size` elements at (offset, strides). */
function stridedWrite(g: MxArray, size: number, offset: number, strides: number[], s: S): MxArray {
  const p: SliceUpdateParams = { offset, strides, shape: g.shape };
  return record("sliceUpdate", [zeros([size], { dtype: g.dtype, ...s }), g], p, [size], g.dtype, s.stream);
}

const copyVjp: { [P in CopyPrim]: VjpRule } = {
  astype: (a) => [a.x[0]!.dtype.isFloat ? astype(a.g, a.x[0]!.dtype, a.s) : null],
  asStrided: (a) => {
    const x = a.x[0]!;
    const p = params<AsStridedParams>(a);
    if (a.g.size === 0) return [zeros(x.shape, { dtype: x.dtype, ...a.s })];
    // broadcast (stride 0) dims: sum; the rest must address distinct elements
    const bAxes = a.g.shape.map((d, i) => (p.strides[i] === 0 && d > 1 ? i : -1)).filter((i) => i >= 0);
    const g = bAxes.length ? sum(a.g, { axis: bAxes, keepdims: true, ...a.s }) : a.g;
    const dims = g.shape.map((d, i) => [d, Math.abs(p.strides[i]!)] as const).filter(([d]) => d > 1).sort((u, v) => u[1] - v[1]);
    let extent = 0;
    for (const [d, st] of dims) {
      if (st <= extent) fail("grad", `No gradient for a strided view of shape ${fmtShape(a.g.shape)} with overlapping strides (${p.strides.join(",")}).`);
      extent += (d - 1) * st;
    }
    return [reshape(stridedWrite(g, x.size, p.offset, p.strides, a.s), x.shape, a.s)];
  },
  reshape: (a) => [(a.node.params as { stopGradient?: boolean } | undefined)?.stopGradient ? null : reshape(a.g, a.x[0]!.shape, a.s)],
  full: noGrad,
  arange: noGrad,
  concatenate: (a) => {
    const { axis } = params<ConcatenateParams>(a);
    let start = 0;
    return a.x.map((x, i) => {
      const st = start;
      start += x.shape[axis]!;
      return a.needs[i] ? slice(a.g, [st], [axis], x.shape, a.s) : null;
    });
  },
};

/** g (of the reduced shape) broadcast back to x's shape. */
function unreduce(g: MxArray, xShape: number[], p: ReduceParams, s: S): MxArray {
  const kept = xShape.map((d, i) => (p.axes.includes(i) ? 1 : d));
  return broadcastTo(reshape(g, kept, s), xShape, s);
}

/** max/min: the cotangent is shared equally among the elements equal to the result (MLX). */
const extremumVjp: VjpRule = (a) => {
  const x = a.x[0]!;
  const p = params<ReduceParams>(a);
  const kept = x.shape.map((d, i) => (p.axes.includes(i) ? 1 : d));
  const m = astype(equal(x, reshape(a.y, kept, a.s), a.s), a.g.dtype, a.s);
  const count = sum(m, { axis: p.axes, keepdims: true, ...a.s });
  return [multiply(divide(m, count, a.s), reshape(a.g, kept, a.s), a.s)];
};

const reduceVjp: { [P in ReducePrim]: VjpRule } = {
  sum: (a) => [unreduce(a.g, a.x[0]!.shape, params(a), a.s)],
  // prod: y / x where x != 0; with one zero in the group, the product of the others there
  prod: (a) => {
    const x = a.x[0]!;
    const p = params<ReduceParams>(a);
    const s = a.s;
    const isZero = equal(x, 0, s);
    const nz = sum(astype(isZero, int32, s), { axis: p.axes, keepdims: true, ...s });
    const others = record("prod", [where(isZero, 1, x, s)], { axes: p.axes, keepdims: true } satisfies ReduceParams,
      x.shape.map((d, i) => (p.axes.includes(i) ? 1 : d)), x.dtype, s.stream);
    const safe = where(isZero, 1, x, s);
    const d = where(equal(nz, 0, s), divide(broadcastTo(others, x.shape, s), safe, s),
      where(multiply(astype(equal(nz, 1, s), int32, s), astype(isZero, int32, s), s), others, 0, s), s);
    return [multiply(d, unreduce(a.g, x.shape, p, s), s)];
  },
  max: extremumVjp,
  min: extremumVjp,
  argmax: noGrad,
  argmin: noGrad,
  all: noGrad,
  any: noGrad,
};

/**
 * Gradient of a gather: the cotangent summed into x at the gathered positions, duplicates
 * accumulated. The index dims of the output (bStrides != 0) are contracted against a one-hot
 * of the combined index over the indexed axes ([count, prod(axisSizes)]), then the result is
 * written into zeros with the strides of the indexed and sliced axes (distinct axes of x).
 */
function gatherVjp(a: VjpArgs): MxArray {
  const [x, ...idx] = a.x as [MxArray, ...MxArray[]];
  const p = params<GatherParams>(a);
  const s = a.s;
  const U = a.node.shape;
  const dims = U.map((_, d) => d);
  const iDims = dims.filter((d) => p.bStrides[d] !== 0);
  const pDims = dims.filter((d) => p.bStrides[d] === 0);
  const iShape = iDims.map((d) => U[d]!);
  const pShape = pDims.map((d) => U[d]!);
  const nB = iShape.reduce((q, d) => q * d, 1);
  const P = pShape.reduce((q, d) => q * d, 1);
  const K = p.axisSizes.reduce((q, d) => q * d, 1);
  const g = reshape(transpose(a.g, [...iDims, ...pDims], s), [nB, P], s);
  let k: MxArray | null = null;
  let mult = 1;
  for (let j = idx.length - 1; j >= 0; j--) {
    const ix = idx[j]!;
    let v = record("asStrided", [ix], { offset: 0, strides: iDims.map((d) => p.bStrides[d]!) } satisfies AsStridedParams, iShape, ix.dtype, s.stream);
    if (v.dtype !== int32) v = astype(v, int32, s);
    v = reshape(where(less(v, 0, s), add(v, p.axisSizes[j]!, s), v, s), [nB], s);
    const term = mult === 1 ? v : multiply(v, mult, s);
    k = k ? add(k, term, s) : term;
    mult *= p.axisSizes[j]!;
  }
  const kk = k ?? zeros([nB], { dtype: int32, ...s });
  const onehot = astype(equal(reshape(kk, [nB, 1], s), reshape(arange(K, { dtype: int32, ...s }), [1, K], s), s), g.dtype, s);
  const r = reshape(matmul(transpose(onehot, s), g, s), [...p.axisSizes, ...pShape], s);
  const strides = [...p.axisStrides, ...pDims.map((d) => p.srcStrides[d]!)];
  return reshape(stridedWrite(r, x.size, p.offset, strides, s), x.shape, s);
}

const indexingVjp: { [P in IndexingPrim]: VjpRule } = {
  gather: (a) => {
    const x = a.x[0]!;
    const dx = a.g.size === 0 ? zeros(x.shape, { dtype: x.dtype, ...a.s }) : gatherVjp(a);
    return [dx, ...a.x.slice(1).map(() => null)];
  },
  takeAlongAxis: (a) => {
    const [x, idx] = a.x as [MxArray, MxArray];
    const { axis } = params<AlongAxisParams>(a);
    const s = a.s;
    const n = x.shape[axis]!;
    let iv = idx.dtype === int32 ? idx : astype(idx, int32, s);
    iv = where(less(iv, 0, s), add(iv, n, s), iv, s);
    const eq = astype(equal(expandDims(iv, -1, s), arange(n, { dtype: int32, ...s }), s), a.g.dtype, s);
    const dx = sum(multiply(eq, expandDims(a.g, -1, s), s), { axis, ...s });
    return [moveaxis(dx, -1, axis, s), null];
  },
  putAlongAxis: (a) => {
    const [, idx] = a.x as [MxArray, MxArray, MxArray];
    const { axis } = params<AlongAxisParams>(a);
    return [
      a.needs[0] ? putAlongAxis(a.g, idx, 0, { axis, ...a.s }) : null,
      null,
      a.needs[2] ? takeAlongAxis(a.g, idx, { axis, ...a.s }) : null,
    ];
  },
  scatter: (a) => {
    const [, v, ...idx] = a.x as [MxArray, MxArray, ...MxArray[]];
    const p = params<ScatterParams>(a);
    const s = a.s;
    const dx = a.needs[0] ? record("scatter", [a.g, zeros(v.shape, { dtype: v.dtype, ...s }), ...idx], p, a.g.shape, a.g.dtype, s.stream) : null;
    let dv: MxArray | null = null;
    if (a.needs[1]) {
      const gp: GatherParams = { op: p.op, offset: p.offset, srcStrides: p.srcStrides, bStrides: p.bStrides, axisStrides: p.axisStrides, axisSizes: p.axisSizes, axes: p.axes };
      dv = sumToShape(record("gather", [a.g, ...idx], gp, [...p.shape], a.g.dtype, s.stream), v.shape, s);
    }
    return [dx, dv, ...idx.map(() => null)];
  },
  sliceUpdate: (a) => {
    const [, v] = a.x as [MxArray, MxArray];
    const p = params<SliceUpdateParams>(a);
    const s = a.s;
    const dx = a.needs[0] ? record("sliceUpdate", [a.g, zeros(v.shape, { dtype: v.dtype, ...s })], p, a.g.shape, a.g.dtype, s.stream) : null;
    let dv: MxArray | null = null;
    if (a.needs[1]) {
      dv = p.shape.some((d) => d === 0) ? zeros(v.shape, { dtype: v.dtype, ...s })
        : sumToShape(record("asStrided", [a.g], { offset: p.offset, strides: p.strides } satisfies AsStridedParams, [...p.shape], a.g.dtype, s.stream), v.shape, s);
    }
    return [dx, dv];
  },
};

/** Swaps the last two axes. */
function mT(x: MxArray, s: S): MxArray {
  const nd = x.ndim;
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[nd - 2] = nd - 1;
  perm[nd - 1] = nd - 2;
  return transpose(x, perm, s);
}

const matmulVjp: { [P in MatmulPrim]: VjpRule } = {
  matmul: (a) => {
    const [A, B] = a.x as [MxArray, MxArray];
    const p = params<MatmulParams>(a);
    const s = a.s;
    // logical (NumPy) operands: 1-D made 2-D, in-place transposes undone
    const a2 = A.ndim === 1 ? reshape(A, [1, A.size], s) : A;
    const b2 = B.ndim === 1 ? reshape(B, [B.size, 1], s) : B;
    const la = p.transA ? mT(a2, s) : a2;
    const lb = p.transB ? mT(b2, s) : b2;
    const batch = a.g.shape.slice(0, a.g.ndim - (A.ndim > 1 ? 1 : 0) - (B.ndim > 1 ? 1 : 0));
    const g = reshape(a.g, [...batch, p.M, p.N], s);
    const back = (d: MxArray, logical: MxArray, trans: boolean, orig: MxArray): MxArray => {
      let r = sumToShape(d, logical.shape, s);
      if (trans) r = mT(r, s);
      return reshape(r, orig.shape, s);
    };
    return [
      a.needs[0] ? back(matmul(g, mT(lb, s), s), la, p.transA, A) : null,
      a.needs[1] ? back(matmul(mT(la, s), g, s), lb, p.transB, B) : null,
    ];
  },
};

/** The `len` entries of `x` from `start` along `axis`, zero-padded past the end. */
function windowAxis(x: MxArray, axis: number, start: number, len: number, s: S): MxArray {
  const have = x.shape[axis]!;
  if (start + len > have) {
    const pw = x.shape.map((_, i) => (i === axis ? [0, start + len - have] : [0, 0]));
    x = pad(x, pw, s);
  }
  if (start === 0 && len === x.shape[axis]) return x;
  const size = x.shape.map((d, i) => (i === axis ? len : d));
  return slice(x, [start], [axis], size, s);
}

const convVjp: { [P in ConvPrim]: VjpRule } = {
  conv: (a) => {
    const [X, Wt] = a.x as [MxArray, MxArray];
    const p = params<ConvParams>(a);
    const s = a.s;
    const { N, H, W, C, O, kh, kw, Ho, Wo, stride, padding, dilation, groups: G } = p;
    const Cg = C / G;
    const Og = O / G;
    const x4 = reshape(X, [N, H, W, C], s);
    const w4 = reshape(Wt, [O, kh, kw, Cg], s);
    const g4 = reshape(a.g, [N, Ho, Wo, O], s);
    let dx: MxArray | null = null;
    if (a.needs[0]) {
      // transposed convolution: stride-dilated cotangent, full correlation with the flipped kernel
      let gd = g4;
      const Hd = (Ho - 1) * stride[0] + 1;
      const Wd = (Wo - 1) * stride[1] + 1;
      if (stride[0] > 1 || stride[1] > 1) {
        const p2: SliceUpdateParams = { offset: 0, strides: [Hd * Wd * O, stride[0] * Wd * O, stride[1] * O, 1], shape: [N, Ho, Wo, O] };
        gd = record("sliceUpdate", [zeros([N, Hd, Wd, O], { dtype: g4.dtype, ...s }), g4], p2, [N, Hd, Wd, O], g4.dtype, s.stream);
      }
      let wt = transpose(reshape(w4, [G, Og, kh, kw, Cg], s), [0, 4, 2, 3, 1], s);
      wt = getItem(reshape(wt, [C, kh, kw, Og], s), [":", "::-1", "::-1", ":"], s);
      let full = conv2d(gd, wt, { padding: [dilation[0] * (kh - 1), dilation[1] * (kw - 1)], dilation, groups: G, ...s });
      full = windowAxis(full, 1, padding[0], H, s);
      full = windowAxis(full, 2, padding[1], W, s);
      dx = reshape(full, X.shape, s);
    }
    let dw: MxArray | null = null;
    if (a.needs[1]) {
      const parts: MxArray[] = [];
      for (let gi = 0; gi < G; gi++) {
        const xg = G === 1 ? x4 : slice(x4, [gi * Cg], [3], [N, H, W, Cg], s);
        const gg = G === 1 ? g4 : slice(g4, [gi * Og], [3], [N, Ho, Wo, Og], s);
        const r = conv2d(transpose(xg, [3, 1, 2, 0], s), transpose(gg, [3, 1, 2, 0], s), { stride: dilation, padding, dilation: stride, ...s });
        const rk = r.shape[1] === kh && r.shape[2] === kw ? r : slice(r, [0, 0], [1, 2], [Cg, kh, kw, Og], s);
        parts.push(transpose(rk, [3, 1, 2, 0], s));
      }
      dw = reshape(parts.length === 1 ? parts[0]! : concatenate(parts, { axis: 0, ...s }), Wt.shape, s);
    }
    return [dx, dw];
  },
};

const softmaxVjp: { [P in SoftmaxPrim]: VjpRule } = {
  softmax: (a) => {
    const s = a.s;
    const gy = multiply(a.g, a.y, s);
    const tot = a.y.ndim === 0 ? gy : sum(gy, { axis: -1, keepdims: true, ...s });
    return [multiply(a.y, add(a.g, multiply(tot, -1, s), s), s)];
  },
};

const randomVjp: { [P in RandomPrim]: VjpRule } = { randomBits: noGrad };

const sortVjp: { [P in SortPrim]: VjpRule } = {
  // y = x[argsort(x)], so dx = g[inverse permutation] = g[argsort(argsort(x))]
  sort: (a) => {
    const { axis } = params<SortParams>(a);
    const inv = argsort(argsort(a.x[0]!, { axis, ...a.s }), { axis, ...a.s });
    return [takeAlongAxis(a.g, inv, { axis, ...a.s })];
  },
  argsort: noGrad,
};

export const structuralVjp = { ...copyVjp, ...reduceVjp, ...indexingVjp, ...matmulVjp, ...convVjp, ...softmaxVjp, ...randomVjp, ...sortVjp };

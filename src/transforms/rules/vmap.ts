/**
 * The vmap (batching) rule of every primitive, in one table typed over PrimitiveName.
 * Batched values always carry the batch at axis 0 and, like every node, are contiguous
 * row-major, so strided primitives (asStrided, gather, sliceUpdate) batch by adding the
 * per-example size as the leading stride. Elementwise primitives broadcast unbatched operands;
 * reductions, sort and concatenate shift their axes; matmul, conv, takeAlongAxis and
 * putAlongAxis fold the batch into their own batch dimensions; gather and scatter take it as
 * one more sliced dimension (or, with batched indices, one more index array arange(B)). Primitives without a vectorised
 * rule (randomBits over a batch of keys, conv with a batched weight) use `perExample`:
 * the primitive recorded once per batch element, then stacked (correct, not vectorised).
 */
import type { MxArray } from "../../core/array.ts";
import type { Node } from "../../core/node.ts";
import type { Stream } from "../../core/device.ts";
import { broadcastStrides, sizeOf, stridesOf } from "../../core/shape.ts";
import { BINARY, UNARY, type BinaryPrim, type PrimitiveName, type UnaryPrim } from "../../primitives/names.ts";
import type { AsStridedParams, ConcatenateParams } from "../../primitives/copy.ts";
import type { ConvParams } from "../../primitives/conv.ts";
import type { AlongAxisParams, GatherParams, ScatterParams, SliceUpdateParams } from "../../primitives/indexing.ts";
import type { MatmulParams } from "../../primitives/matmul.ts";
import type { ReduceParams } from "../../primitives/reduce.ts";
import type { SortParams } from "../../primitives/sort.ts";
import { arange, zeros } from "../../ops/creation.ts";
import { int32 } from "../../core/dtype.ts";
import { matmul } from "../../ops/linalg.ts";
import { broadcastTo, concatenate, expandDims, reshape, transpose } from "../../ops/shape.ts";
import { record } from "../../ops/util.ts";

/** What a vmap rule sees: the forward (per-example) node and inputs, and the batched inputs. */
export interface VmapArgs {
  node: Node;
  /** The per-example inputs (as traced). */
  x: MxArray[];
  /** Batched value of each input ([B, ...input shape]), or null when the input is not batched. */
  b: (MxArray | null)[];
  B: number;
  s: { stream: Stream };
}

/** A vmap rule: the batched output, [B, ...node shape]. */
export type VmapRule = (a: VmapArgs) => MxArray;
export type VmapTable = { [P in PrimitiveName]: VmapRule };

/** Example i of a batched array (a strided view of its contiguous bytes). */
function row(b: MxArray, i: number, s: { stream: Stream }): MxArray {
  const rest = b.shape.slice(1);
  const p: AsStridedParams = { offset: i * sizeOf(rest), strides: stridesOf(rest) };
  return record("asStrided", [b], p, rest, b.dtype, s.stream);
}

/** The node's primitive recorded with `inputs`, `params` and output shape [B, ...]. */
function rerecord(a: VmapArgs, inputs: MxArray[], params: unknown, batchedShape?: number[]): MxArray {
  const n = a.node;
  return record(n.prim!, inputs, params, batchedShape ?? [a.B, ...n.shape], n.dtype, a.s.stream);
}

/** The input as a batched array (unbatched inputs broadcast). */
function batched(a: VmapArgs, i: number): MxArray {
  const x = a.x[i]!;
  return a.b[i] ?? broadcastTo(expandDims(x, 0, a.s), [a.B, ...x.shape], a.s);
}

/** Fallback: the primitive once per example, stacked along a new axis 0. */
export const perExample: VmapRule = (a) => {
  const n = a.node;
  if (a.B === 0) return zeros([0, ...n.shape], { dtype: n.dtype, ...a.s });
  const outs: MxArray[] = [];
  for (let i = 0; i < a.B; i++) {
    const ins = a.x.map((x, j) => (a.b[j] ? row(a.b[j]!, i, a.s) : x));
    outs.push(expandDims(record(n.prim!, ins, n.params, n.shape.slice(), n.dtype, a.s.stream), 0, a.s));
  }
  return outs.length === 1 ? outs[0]! : concatenate(outs, { axis: 0, ...a.s });
};

/** Same params, batched input(s): for shape-preserving primitives on one input. */
const mapLike: VmapRule = (a) => rerecord(a, [a.b[0]!], a.node.params);

/** Elementwise (broadcasting) primitives: operands aligned to rank 1 + output rank. */
const elementwise: VmapRule = (a) => {
  const r = a.node.shape.length;
  const ins = a.x.map((x, i) => {
    const b = a.b[i];
    const pad = new Array<number>(r - x.ndim).fill(1);
    return b ? reshape(b, [a.B, ...pad, ...x.shape], a.s) : reshape(x, [1, ...pad, ...x.shape], a.s);
  });
  return rerecord(a, ins, a.node.params);
};

const reduce: VmapRule = (a) => {
  const p = a.node.params as ReduceParams;
  return rerecord(a, [a.b[0]!], { axes: p.axes.map((x) => x + 1), keepdims: p.keepdims } satisfies ReduceParams);
};

const sortLike: VmapRule = (a) => rerecord(a, [a.b[0]!], { axis: (a.node.params as SortParams).axis + 1 } satisfies SortParams);

const alongAxis: VmapRule = (a) => {
  const p = a.node.params as AlongAxisParams;
  const q: AlongAxisParams = { ...p, axis: p.axis + 1, pre: p.pre * a.B };
  return rerecord(a, a.x.map((_, i) => batched(a, i)), q);
};

/** Swaps the last two axes. */
function mT(x: MxArray, s: { stream: Stream }): MxArray {
  const perm = x.shape.map((_, i) => i);
  perm[x.ndim - 2] = x.ndim - 1;
  perm[x.ndim - 1] = x.ndim - 2;
  return transpose(x, perm, s);
}

export const VMAP: VmapTable = {
  ...(Object.fromEntries(UNARY.map((k) => [k, mapLike])) as { [K in UnaryPrim]: VmapRule }),
  ...(Object.fromEntries(BINARY.map((k) => [k, elementwise])) as { [K in BinaryPrim]: VmapRule }),
  astype: mapLike,
  asStrided: (a) => {
    const p = a.node.params as AsStridedParams;
    return rerecord(a, [a.b[0]!], { offset: p.offset, strides: [a.x[0]!.size, ...p.strides] } satisfies AsStridedParams);
  },
  // keep a stopGradient flag, never a custom-function record (it describes the unbatched call)
  reshape: (a) => rerecord(a, [a.b[0]!], (a.node.params as { stopGradient?: boolean } | undefined)?.stopGradient ? { stopGradient: true } : undefined),
  full: perExample,
  arange: perExample,
  concatenate: (a) => rerecord(a, a.x.map((_, i) => batched(a, i)), { axis: (a.node.params as ConcatenateParams).axis + 1 } satisfies ConcatenateParams),
  sum: reduce, prod: reduce, max: reduce, min: reduce, argmax: reduce, argmin: reduce, all: reduce, any: reduce,
  gather: (a) => {
    const p = a.node.params as GatherParams;
    const bshape = a.x.length > 1 ? a.x[1]!.shape : [];
    if (a.b.slice(1).every((b) => b === null)) {
      // only x is batched: the batch is one more plain (sliced) dimension
      const q: GatherParams = { ...p, srcStrides: [a.x[0]!.size, ...p.srcStrides], bStrides: [0, ...p.bStrides] };
      return rerecord(a, [a.b[0]!, ...a.x.slice(1)], q);
    }
    // batched indices: the batch is one more (leading) index dimension; a batched x is indexed
    // along its batch axis by arange(B)
    const nb = bshape.reduce((q, d) => q * d, 1);
    const idx = a.x.slice(1).map((_, j) => batched(a, j + 1));
    const base = { ...p, srcStrides: [0, ...p.srcStrides], bStrides: [nb, ...p.bStrides] };
    if (!a.b[0]) return rerecord(a, [a.x[0]!, ...idx], base satisfies GatherParams);
    const ib = broadcastTo(reshape(arange(a.B, { dtype: int32, ...a.s }), [a.B, ...bshape.map(() => 1)], a.s), [a.B, ...bshape], a.s);
    const q: GatherParams = {
      ...base,
      axisStrides: [a.x[0]!.size, ...p.axisStrides],
      axisSizes: [a.B, ...p.axisSizes],
      axes: [0, ...p.axes.map((x) => x + 1)],
    };
    return rerecord(a, [a.b[0]!, ib, ...idx], q);
  },
  // the kernels view x as [pre, n, post]: a batch (every input batched) multiplies pre
  takeAlongAxis: alongAxis,
  putAlongAxis: alongAxis,
  // x is always batched (the output is); the batch is a plain dim, or a leading index dim
  // (indexed by arange(B)) when the indices are batched; the value broadcasts onto [B, ...U]
  scatter: (a) => {
    const p = a.node.params as ScatterParams;
    const x = batched(a, 0);
    const v = a.x[1]!;
    const U = [a.B, ...p.shape];
    const vb = a.b[1] ? reshape(a.b[1]!, [a.B, ...new Array<number>(p.shape.length - v.ndim).fill(1), ...v.shape], a.s) : v;
    const valStrides = broadcastStrides(vb.shape, U);
    if (a.b.slice(2).every((b) => b === null)) {
      const q: ScatterParams = { ...p, shape: U, valStrides, srcStrides: [a.x[0]!.size, ...p.srcStrides], bStrides: [0, ...p.bStrides] };
      return rerecord(a, [x, vb, ...a.x.slice(2)], q);
    }
    const bshape = a.x[2]!.shape;
    const nb = bshape.reduce((q, d) => q * d, 1);
    const idx = a.x.slice(2).map((_, j) => batched(a, j + 2));
    const ib = broadcastTo(reshape(arange(a.B, { dtype: int32, ...a.s }), [a.B, ...bshape.map(() => 1)], a.s), [a.B, ...bshape], a.s);
    const q: ScatterParams = {
      ...p, shape: U, valStrides,
      srcStrides: [0, ...p.srcStrides], bStrides: [nb, ...p.bStrides],
      axisStrides: [a.x[0]!.size, ...p.axisStrides], axisSizes: [a.B, ...p.axisSizes], axes: [0, ...p.axes.map((d) => d + 1)],
    };
    return rerecord(a, [x, vb, ib, ...idx], q);
  },
  sliceUpdate: (a) => {
    const p = a.node.params as SliceUpdateParams;
    const x = batched(a, 0);
    const v = a.x[1]!;
    const shape = [a.B, ...p.shape];
    // value broadcasts right-aligned onto the region; a batched value keeps its batch in front
    const vb = a.b[1] ? reshape(a.b[1]!, [a.B, ...new Array<number>(p.shape.length - v.ndim).fill(1), ...v.shape], a.s) : v;
    return rerecord(a, [x, vb], { offset: p.offset, strides: [a.x[0]!.size, ...p.strides], shape } satisfies SliceUpdateParams);
  },
  matmul: (a) => {
    const p = a.node.params as MatmulParams;
    // per-example logical operands (transposes undone, batched 1-D operands made 2-D), the
    // batched one padded with size-1 dims so per-example batch dims stay right-aligned
    const logical = (i: number, trans: boolean, vec: "row" | "col"): MxArray => {
      const x = a.x[i]!;
      let v = a.b[i] ?? x;
      if (trans) v = mT(v, a.s);
      if (a.b[i] && x.ndim === 1) v = expandDims(v, vec === "row" ? 1 : 2, a.s);
      return v;
    };
    const la = logical(0, p.transA, "row");
    const lb = logical(1, p.transB, "col");
    const rank = (i: number, v: MxArray) => v.ndim - (a.b[i] ? 1 : 0);
    const r = Math.max(rank(0, la), rank(1, lb));
    const align = (i: number, v: MxArray) => (a.b[i] && rank(i, v) < r ? reshape(v, [a.B, ...new Array<number>(r - rank(i, v)).fill(1), ...v.shape.slice(1)], a.s) : v);
    const out = matmul(align(0, la), align(1, lb), a.s);
    return reshape(out, [a.B, ...a.node.shape], a.s);
  },
  conv: (a) => {
    if (a.b[1]) return perExample(a);
    const p = a.node.params as ConvParams;
    const x = a.b[0]!;
    const q: ConvParams = { ...p, N: p.N * a.B };
    const n = a.node;
    const xin = reshape(x, [a.B * p.N, ...x.shape.slice(2)], a.s);
    const out = record("conv", [xin, a.x[1]!], q, [a.B * n.shape[0]!, ...n.shape.slice(1)], n.dtype, a.s.stream);
    return reshape(out, [a.B, ...n.shape], a.s);
  },
  softmax: (a) => {
    if (a.node.shape.length > 0) return mapLike(a);
    const y = record("softmax", [reshape(a.b[0]!, [a.B, 1], a.s)], undefined, [a.B, 1], a.node.dtype, a.s.stream);
    return reshape(y, [a.B], a.s);
  },
  randomBits: perExample,
  sort: sortLike,
  argsort: sortLike,
};

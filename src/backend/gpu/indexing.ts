/**
 * GPU kernels of the indexing family (shaders/indexing.wgsl): gather, takeAlongAxis,
 * putAlongAxis, scatter, sliceUpdate. Semantics follow src/backend/cpu/indexing.ts except for
 * out-of-range indices, which the GPU cannot report: reads give 0 and writes are dropped
 * (the CPU raises a KilnError naming the op). Descriptors use the common.wgsl layout: the
 * iterated shape, then per input (offset, strides), then params.
 */
import type { IndexingPrim } from "../../primitives/names.ts";
import type { AlongAxisParams, GatherParams, ScatterParams, SliceUpdateParams } from "../../primitives/indexing.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import { broadcastStrides, collapseDims, sizeOf } from "../../core/shape.ts";
import { SHADERS } from "./shaders.generated.ts";
import { descriptor, elementwiseSource, paramBase, single, type GpuDispatch, type GpuKernel, type GpuPlan } from "./kernel.ts";

const WG = 64;
const MAX_INDEX_ARRAYS = 4;

/** Collapsed iteration shape and strides (a 0-d shape becomes [1]). */
function collapse(shape: number[], strides: number[][]): { shape: number[]; strides: number[][] } {
  if (shape.length === 0) return { shape: [1], strides: strides.map(() => [0]) };
  return collapseDims(shape, strides);
}

function checkArrays(op: string, k: number): void {
  if (k > MAX_INDEX_ARRAYS) {
    throw new KilnError(op, `The GPU kernel takes at most ${MAX_INDEX_ARRAYS} index arrays, got ${k}; index on the CPU stream ({ stream: mx.cpu }).`);
  }
}

/** WGSL computing `var o: i32` = the x offset of update/element `e` (gather layout), `ok` false when an index is out of range. */
function gatherOffset(k: number, first: number, load: (j: number, at: string) => string, index: (j: number) => string): string {
  // the params start after the shape and the inputs' (offset, strides): read at run time, so
  // one pipeline serves every rank
  let s = `let P = 3u + D[2] + ${first + k}u * (D[2] + 1u);\n  var o = bitcast<i32>(${index(-1)}); var ok = true;\n`;
  for (let j = 0; j < k; j++) {
    s += `  { let w = wrap_index(${load(j, index(j))}, D[P + ${3 * j + 1}u], D[P + ${3 * j + 2}u] == 1u);
    ok = ok && w >= 0; o += max(w, 0) * bitcast<i32>(D[P + ${3 * j}u]); }\n`;
  }
  return s;
}

/** Params per index array: axis stride, axis size, unsigned flag. */
function axisParams(p: GatherParams, indices: Node[]): number[] {
  return indices.flatMap((ix, j) => [p.axisStrides[j]!, p.axisSizes[j]!, ix.dtype.name === "uint32" ? 1 : 0]);
}

const gather: GpuKernel = (node) => {
  const [x, ...indices] = node.inputs as [Node, ...Node[]];
  const p = node.params as GatherParams;
  checkArrays(p.op, indices.length);
  const c = collapse(node.shape, [p.srcStrides, p.bStrides]);
  const nd = c.shape.length;
  const k = indices.length;
  const ins = [{ offset: p.offset, strides: c.strides[0]! }, ...indices.map(() => ({ offset: 0, strides: c.strides[1]! }))];
  const desc = descriptor(node.size, node.dtype.size, c.shape, ins, axisParams(p, indices));
  const off = gatherOffset(k, 1, (j, at) => `ld${j + 1}(${at})`, (j) => `src_index(e, ${j + 1}u)`);
  const body = `fn elem(e: u32) -> u32 {
  ${off}  if (!ok) { return 0u; }
  return ld0(u32(o));
}`;
  return single(node, `indexing.gather${k}`, "indexing", [x, ...indices], body, desc);
};

const takeAlongAxis: GpuKernel = (node) => {
  const [x, idx] = node.inputs as [Node, Node];
  const p = node.params as AlongAxisParams;
  const P = paramBase(0, 2);
  const desc = descriptor(node.size, node.dtype.size, [], [{ offset: 0, strides: [] }, { offset: 0, strides: [] }], [p.n, p.m, p.post, idx.dtype.name === "uint32" ? 1 : 0]);
  const body = `fn elem(e: u32) -> u32 {
  let n = D[${P}u]; let m = D[${P + 1}u]; let post = D[${P + 2}u];
  let pre = e / (m * post); let q = e % post;
  let j = wrap_index(ld1(e), n, D[${P + 3}u] == 1u);
  if (j < 0) { return 0u; }
  return ld0(pre * n * post + u32(j) * post + q);
}`;
  return single(node, "indexing.takeAlong", "indexing", [x, idx], body, desc);
};

/** A module for the atomic passes: output bound as atomic words, inputs as plain words. */
function atomicSource(inputs: number, main: string): string {
  let s = `@group(0) @binding(0) var<storage, read_write> O: array<atomic<u32>>;
@group(0) @binding(1) var<storage, read> D: array<u32>;
${SHADERS["common"]!}
${SHADERS["indexing"]!}
`;
  for (let k = 0; k < inputs; k++) s += `@group(0) @binding(${2 + k}) var<storage, read> I${k}: array<u32>;\n`;
  return s + main;
}

/** Main of an atomic pass: one invocation per update u < D[0] runs `body`. */
function perUpdate(body: string): string {
  return `@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nw: vec3u) {
  let u = gid.x + gid.y * nw.x * ${WG}u;
  if (u >= D[0]) { return; }
${body}
}`;
}

/** WGSL storing the low `bytes` of `v` at element `pos` of the atomic output. */
function atomicStore(bytes: number): string {
  if (bytes === 4) return "atomicStore(&O[pos], v);";
  return `let w = pos >> 2u; let sh = (pos & 3u) * 8u;
  var old = atomicLoad(&O[w]);
  loop {
    let r = atomicCompareExchangeWeak(&O[w], old, (old & ~(0xffu << sh)) | ((v & 0xffu) << sh));
    if (r.exchanged) { break; }
    old = r.old_value;
  }`;
}

/** Loader of raw element `e` from input k (`bytes` per element) in an atomic-pass module. */
const loadIn = (k: number, bytes: number, e: string) => (bytes === 4 ? `I${k}[${e}]` : `((I${k}[(${e}) >> 2u] >> (((${e}) & 3u) * 8u)) & 0xffu)`);

/** Dispatch zeroing the winners temporary (temp 0, one u32 per output element). */
function clearWinners(n: number): GpuDispatch {
  return {
    key: "indexing.clear|>4",
    source: () => elementwiseSource(null, [], "fn elem(e: u32) -> u32 { return 0u; }"),
    inputs: [],
    desc: descriptor(n, 4, [], []),
    n,
    outBytes: 4,
    out: 0,
  };
}

const scatter: GpuKernel = (node): GpuPlan => {
  const [x, val, ...indices] = node.inputs as [Node, Node, ...Node[]];
  const p = node.params as ScatterParams;
  checkArrays(p.op, indices.length);
  const es = node.dtype.size;
  const none = { offset: 0, strides: [] };
  const copy = single(node, "indexing.copy", "indexing", [x], "fn elem(e: u32) -> u32 { return ld0(e); }", descriptor(node.size, es, [], [none]));
  const nU = sizeOf(p.shape);
  if (nU === 0 || node.size === 0) return copy;
  const c = collapse(p.shape, [p.srcStrides, p.bStrides, p.valStrides]);
  const nd = c.shape.length;
  const k = indices.length;
  // 1. W = 0 (no update) for every output element
  const clear = clearWinners(node.size);
  // 2. W[pos(u)] = max(W, u + 1) over the updates (index arrays are inputs 0..k-1)
  const ins = [{ offset: p.offset, strides: c.strides[0]! }, ...indices.map(() => ({ offset: 0, strides: c.strides[1]! }))];
  // gatherOffset expects x at input 0; here input 0 of the descriptor is x's offset/strides and
  // the index arrays follow, bound at I0..I(k-1) (x itself is not read by this pass)
  const off = gatherOffset(k, 1, (j, at) => `I${j}[${at}]`, (j) => `src_index(u, ${j + 1}u)`);
  const mark: GpuDispatch = {
    key: `indexing.scatterMark${k}`,
    source: () => atomicSource(k, perUpdate(`  ${off}  if (ok) { atomicMax(&O[u32(o)], u + 1u); }`)),
    inputs: indices,
    desc: descriptor(nU, 4, c.shape, ins, axisParams(p, indices)),
    n: nU,
    outBytes: 4,
    workgroups: Math.ceil(nU / WG),
    out: 0,
  };
  // 3. out[e] = W[e] ? val[valIndex(W[e] - 1)] : x[e]; the descriptor's shape is U so that
  //    src_index(u, 1) walks val's strides
  const zeros = new Array<number>(nd).fill(0);
  const outDesc = descriptor(node.size, es, c.shape, [{ offset: 0, strides: zeros }, { offset: 0, strides: c.strides[2]! }, { offset: 0, strides: zeros }]);
  const body = "fn elem(e: u32) -> u32 { let w = ld2(e); if (w == 0u) { return ld0(e); } return ld1(src_index(w - 1u, 1u)); }";
  const out: GpuDispatch = {
    key: `indexing.scatterOut|${es},${val.dtype.size},4>${es}`,
    source: () => elementwiseSource("indexing", [es, val.dtype.size, 4], body),
    inputs: [x, val, 0],
    desc: outDesc,
    n: node.size,
    outBytes: es,
  };
  return { dispatches: [clear, mark, out], temps: [node.size * 4] };
};

const putAlongAxis: GpuKernel = (node): GpuPlan => {
  const [x, idx, val] = node.inputs as [Node, Node, Node];
  const p = node.params as AlongAxisParams;
  const es = node.dtype.size;
  const none = { offset: 0, strides: [] };
  const copy = single(node, "indexing.copy", "indexing", [x], "fn elem(e: u32) -> u32 { return ld0(e); }", descriptor(node.size, es, [], [none]));
  const nU = p.pre * p.m * p.post;
  if (nU === 0 || node.size === 0) return copy;
  // 1. W = 0; 2. update e = (pre, j, q) marks W[pre, idx[e], q] with atomicMax(e + 1): the
  //    highest e is the CPU's last write; 3. out[e] = W[e] ? val[W[e] - 1] : x[e]
  const P = paramBase(0, 1);
  const mark: GpuDispatch = {
    key: "indexing.putAlongMark",
    source: () =>
      atomicSource(
        1,
        perUpdate(`  let n = D[${P}u]; let m = D[${P + 1}u]; let post = D[${P + 2}u];
  let j = wrap_index(I0[u], n, D[${P + 3}u] == 1u);
  if (j < 0) { return; }
  let t = (u / (m * post)) * n * post + u32(j) * post + u % post;
  atomicMax(&O[t], u + 1u);`),
      ),
    inputs: [idx],
    desc: descriptor(nU, 4, [], [none], [p.n, p.m, p.post, idx.dtype.name === "uint32" ? 1 : 0]),
    n: nU,
    outBytes: 4,
    workgroups: Math.ceil(nU / WG),
    out: 0,
  };
  const body = "fn elem(e: u32) -> u32 { let w = ld2(e); if (w == 0u) { return ld0(e); } return ld1(w - 1u); }";
  const out: GpuDispatch = {
    key: `indexing.putAlongOut|${es},${val.dtype.size},4>${es}`,
    source: () => elementwiseSource(null, [es, val.dtype.size, 4], body),
    inputs: [x, val, 0],
    desc: descriptor(node.size, es, [], [none, none, none]),
    n: node.size,
    outBytes: es,
  };
  return { dispatches: [clearWinners(node.size), mark, out], temps: [node.size * 4] };
};

const sliceUpdate: GpuKernel = (node): GpuPlan => {
  const [x, val] = node.inputs as [Node, Node];
  const p = node.params as SliceUpdateParams;
  const es = node.dtype.size;
  const copy = single(node, "indexing.copy", "indexing", [x], "fn elem(e: u32) -> u32 { return ld0(e); }", descriptor(node.size, es, [], [{ offset: 0, strides: [] }]));
  const n = sizeOf(p.shape);
  if (n === 0 || node.size === 0) return copy;
  const c = collapse(p.shape, [p.strides, broadcastStrides(val.shape, p.shape)]);
  const desc = descriptor(n, es, c.shape, [{ offset: p.offset, strides: c.strides[0]! }, { offset: 0, strides: c.strides[1]! }]);
  const write: GpuDispatch = {
    key: `indexing.sliceWrite|${val.dtype.size}>${es}`,
    source: () => atomicSource(1, perUpdate(`  let pos = src_index(u, 0u);\n  let v = ${loadIn(0, val.dtype.size, "src_index(u, 1u)")};\n  ${atomicStore(es)}`)),
    inputs: [val],
    desc,
    n,
    outBytes: es,
    workgroups: Math.ceil(n / WG),
  };
  return { dispatches: [...copy.dispatches, write] };
};

export const indexingGpuKernels: { readonly [P in IndexingPrim]: GpuKernel } = {
  gather,
  takeAlongAxis,
  putAlongAxis,
  scatter,
  sliceUpdate,
};

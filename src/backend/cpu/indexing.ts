/**
 * CPU kernels of the indexing family (asm/indexing.ts): gather/scatter (advanced indexing),
 * take/put along an axis, strided slice updates.
 * Layout: inputs are contiguous row-major; index arrays are int32 or uint32 and already have
 * the broadcast shape the kernel walks. Index bounds are checked inside the kernel; a bad index
 * becomes a KilnError naming the op at evaluation. Descriptors go to the 64 KiB scratch area.
 */
import type { IndexingPrim } from "../../primitives/names.ts";
import type { AlongAxisParams, GatherParams, ScatterParams, SliceUpdateParams } from "../../primitives/indexing.ts";
import type { Node } from "../../core/node.ts";
import { KilnError } from "../../core/errors.ts";
import { heap } from "../../core/memory.ts";
import { broadcastStrides, collapseDims, stridesOf } from "../../core/shape.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { scratchI32, wasm } from "./wasm.ts";

function readI32(ptr: number, i: number): number {
  return new Int32Array(heap.memory!.buffer, ptr, i + 1)[i]!;
}

/** Drops the half-written output (so a later read fails again instead of seeing garbage) and throws. */
function boundsError(node: Node, op: string, value: number, axis: number, size: number, unsigned: boolean): never {
  node.storage?.release();
  node.storage = null;
  const v = unsigned ? value >>> 0 : value;
  throw new KilnError(op, `Index ${v} is out of bounds for axis ${axis} with size ${size}.`);
}

/** Builds the gather/scatter descriptor; returns [ptr, errPtr]. */
function gatherDesc(p: GatherParams, shape: number[], valStrides: number[], indices: Node[]): [number, number] {
  const outStrides = stridesOf(shape);
  let sh = shape;
  let st = [p.srcStrides, p.bStrides, valStrides];
  if (sh.length === 0) {
    sh = [1];
    st = [[0], [0], [0]];
  } else {
    const c = collapseDims(shape, [p.srcStrides, p.bStrides, valStrides, outStrides]);
    sh = c.shape;
    st = c.strides.slice(0, 3);
  }
  const nd = sh.length;
  const k = indices.length;
  const words = [
    nd, k, ...sh, ...st[0]!, ...st[1]!, ...st[2]!, ...new Array<number>(nd).fill(0),
    ...p.axisStrides, ...p.axisSizes, ...indices.map(ptrOf), ...indices.map((i) => (i.dtype.name === "uint32" ? 1 : 0)),
    0, 0, 0, 0, 0,
  ];
  const ptr = scratchI32(words);
  const errPtr = ptr + (words.length - 5) * 4;
  return [ptr, errPtr];
}

function checkGather(node: Node, code: number, errPtr: number, p: GatherParams, indices: Node[]): void {
  if (code === 0) return;
  const j = readI32(errPtr, 0);
  boundsError(node, p.op, readI32(errPtr, 1), p.axes[j]!, p.axisSizes[j]!, indices[j]!.dtype.name === "uint32");
}

function gather(node: Node): void {
  const [x, ...indices] = node.inputs as [Node, ...Node[]];
  const p = node.params as GatherParams;
  const out = node.allocate();
  if (node.size === 0) return;
  const [desc, err] = gatherDesc(p, node.shape, new Array<number>(node.shape.length).fill(0), indices);
  checkGather(node, wasm("indexing").gather(ptrOf(x), out.ptr, desc, p.offset, node.dtype.size), err, p, indices);
}

function scatter(node: Node): void {
  const [x, val, ...indices] = node.inputs as [Node, Node, ...Node[]];
  const p = node.params as ScatterParams;
  const out = node.allocate();
  const k = wasm("indexing");
  if (p.shape.reduce((a, b) => a * b, 1) === 0 || node.size === 0) {
    if (node.nbytes > 0) wasm("copy").copy_blocks(ptrOf(x), out.ptr, 1, node.nbytes, 0, 0);
    return;
  }
  const [desc, err] = gatherDesc(p, p.shape, p.valStrides, indices);
  checkGather(node, k.scatter(ptrOf(x), out.ptr, ptrOf(val), desc, p.offset, node.dtype.size, node.nbytes), err, p, indices);
}

function sliceUpdate(node: Node): void {
  const [x, val] = node.inputs as [Node, Node];
  const p = node.params as SliceUpdateParams;
  const out = node.allocate();
  if (node.size === 0) return;
  const vs = broadcastStrides(val.shape, p.shape);
  const c = p.shape.length === 0 ? { shape: [1], strides: [[0], [0]] } : collapseDims(p.shape, [p.strides, vs]);
  const nd = c.shape.length;
  const desc = scratchI32([nd, ...c.shape, ...c.strides[0]!, ...c.strides[1]!, ...new Array<number>(nd).fill(0)]);
  const empty = p.shape.some((d) => d === 0);
  if (empty) {
    wasm("copy").copy_blocks(ptrOf(x), out.ptr, 1, node.nbytes, 0, 0);
    return;
  }
  wasm("indexing").slice_update(ptrOf(x), out.ptr, ptrOf(val), desc, p.offset, node.dtype.size, node.nbytes);
}

function takeAlongAxis(node: Node): void {
  const [x, idx] = node.inputs as [Node, Node];
  const p = node.params as AlongAxisParams;
  const out = node.allocate();
  if (node.size === 0) return;
  const err = scratchI32([0]);
  const uns = idx.dtype.name === "uint32";
  const code = wasm("indexing").take_along(ptrOf(x), ptrOf(idx), out.ptr, p.pre, p.n, p.m, p.post, node.dtype.size, uns ? 1 : 0, err);
  if (code !== 0) boundsError(node, p.op, readI32(err, 0), p.axis, p.n, uns);
}

function putAlongAxis(node: Node): void {
  const [x, idx, val] = node.inputs as [Node, Node, Node];
  const p = node.params as AlongAxisParams;
  const out = node.allocate();
  if (node.size === 0) return;
  if (p.pre * p.m * p.post === 0) {
    wasm("copy").copy_blocks(ptrOf(x), out.ptr, 1, node.nbytes, 0, 0);
    return;
  }
  const err = scratchI32([0]);
  const uns = idx.dtype.name === "uint32";
  const code = wasm("indexing").put_along(ptrOf(x), out.ptr, ptrOf(idx), ptrOf(val), p.pre, p.n, p.m, p.post, node.dtype.size, uns ? 1 : 0, err);
  if (code !== 0) boundsError(node, p.op, readI32(err, 0), p.axis, p.n, uns);
}

export const indexingKernels: { readonly [P in IndexingPrim]: CpuKernel } = {
  gather,
  takeAlongAxis,
  putAlongAxis,
  scatter,
  sliceUpdate,
};

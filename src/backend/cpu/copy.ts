/** CPU kernels of the copy family (asm/copy.ts): casts, strided copies, views, fills, concatenation. */
import type { CopyPrim } from "../../primitives/names.ts";
import type { AsStridedParams, ArangeParams, ConcatenateParams, FullParams } from "../../primitives/copy.ts";
import type { Node } from "../../core/node.ts";
import type { CpuKernel } from "./kernel.ts";
import { ptrOf } from "./kernel.ts";
import { scratchI32, wasm } from "./wasm.ts";

const SHORT: Record<string, string> = { float32: "f32", int32: "i32", uint32: "u32", uint8: "u8", bool: "u8" };

function astype(node: Node): void {
  const x = node.inputs[0]!;
  const out = node.allocate();
  const n = node.size;
  if (n === 0) return;
  const from = SHORT[x.dtype.name]!;
  const to = node.dtype.name === "bool" ? "bool" : SHORT[node.dtype.name]!;
  const sameBits = from === to || (from !== "f32" && to !== "f32" && to !== "bool" && x.dtype.size === node.dtype.size);
  if (sameBits) {
    wasm("copy").copy_blocks(ptrOf(x), out.ptr, 1, n * node.dtype.size, 0, 0);
    return;
  }
  // int32 -> uint32 etc. are handled above; every other pair has an export
  wasm("copy")[`astype_${from}_${to}`](ptrOf(x), out.ptr, n);
}

function asStrided(node: Node): void {
  const x = node.inputs[0]!;
  const p = node.params as AsStridedParams;
  const out = node.allocate();
  if (node.size === 0) return;
  const nd = node.shape.length;
  if (nd === 0) {
    wasm("copy").copy_blocks(ptrOf(x) + p.offset * x.dtype.size, out.ptr, 1, x.dtype.size, 0, 0);
    return;
  }
  const desc = scratchI32([nd, ...node.shape, ...p.strides, ...new Array<number>(nd).fill(0)]);
  wasm("copy").strided_copy(ptrOf(x), out.ptr, desc, p.offset, node.dtype.size);
}

function reshape(node: Node): void {
  node.alias(node.inputs[0]!);
}

function full(node: Node): void {
  const out = node.allocate();
  const { value } = node.params as FullParams;
  const n = node.size;
  if (node.dtype.size === 1) {
    wasm("copy").fill8(out.ptr, n, value & 0xff);
    return;
  }
  const bits = new node.dtype.ArrayType(1);
  bits[0] = value;
  wasm("copy").fill32(out.ptr, n, new Uint32Array(bits.buffer)[0]!);
}

function arange(node: Node): void {
  const out = node.allocate();
  const { start, step } = node.params as ArangeParams;
  const n = node.size;
  const k = wasm("copy");
  if (node.dtype.isFloat) k.arange_f32(out.ptr, n, start, step);
  else if (node.dtype.size === 4) k.arange_i32(out.ptr, n, start | 0, step | 0);
  else k.arange_u8(out.ptr, n, start | 0, step | 0);
}

function concatenate(node: Node): void {
  const out = node.allocate();
  const { axis } = node.params as ConcatenateParams;
  const es = node.dtype.size;
  let outer = 1;
  for (let i = 0; i < axis; i++) outer *= node.shape[i]!;
  let inner = es;
  for (let i = axis + 1; i < node.shape.length; i++) inner *= node.shape[i]!;
  const outRow = node.shape[axis]! * inner;
  let col = 0;
  for (const x of node.inputs) {
    const rowBytes = x.shape[axis]! * inner;
    if (rowBytes > 0 && outer > 0) wasm("copy").copy_blocks(ptrOf(x), out.ptr + col, outer, rowBytes, rowBytes, outRow);
    col += rowBytes;
  }
}

export const copyKernels: { readonly [P in CopyPrim]: CpuKernel } = {
  astype,
  asStrided,
  reshape,
  full,
  arange,
  concatenate,
};

/**
 * GPU kernels of the copy family (shaders/copy.wgsl): casts, strided copies, views, fills,
 * arange and concatenation, all in the elementwise skeleton. reshape shares the input's bytes;
 * concatenate is one dispatch per non-empty input writing only its own columns.
 */
import type { CopyPrim } from "../../primitives/names.ts";
import type { AsStridedParams, ArangeParams, ConcatenateParams, FullParams } from "../../primitives/copy.ts";
import { descriptor, elementwiseSource, f32bits, paramBase, single, type GpuKernel, type GpuPlan } from "./kernel.ts";

const SHORT: Record<string, string> = { float32: "f32", int32: "i32", uint32: "u32", uint8: "u8", bool: "bool" };

/** WGSL expression casting raw bits `x` of dtype `from` to the raw bits of dtype `to`. */
function castExpr(from: string, to: string, x: string): string {
  if (from === to) return x;
  if (from === "f32") {
    if (to === "i32") return `bitcast<u32>(cast_f32_i32(bitcast<f32>(${x})))`;
    return `cast_f32_${to}(bitcast<f32>(${x}))`;
  }
  if (to === "f32") return from === "i32" ? `bitcast<u32>(f32(bitcast<i32>(${x})))` : `bitcast<u32>(f32(${x}))`;
  if (to === "bool") return `cast_int_bool(${x})`;
  if (to === "u8") return `cast_int_u8(${x})`;
  return x; // i32 <-> u32 same bits; u8/bool widen with zeros
}

const astype: GpuKernel = (node) => {
  const x = node.inputs[0]!;
  const from = SHORT[x.dtype.name]!;
  const to = SHORT[node.dtype.name]!;
  const desc = descriptor(node.size, node.dtype.size, [], []);
  return single(node, `copy.astype.${from}.${to}`, "copy", [x], `fn elem(e: u32) -> u32 { return ${castExpr(from, to, "ld0(e)")}; }`, desc);
};

const asStrided: GpuKernel = (node) => {
  const x = node.inputs[0]!;
  const p = node.params as AsStridedParams;
  const desc = descriptor(node.size, node.dtype.size, node.shape, [{ offset: p.offset, strides: p.strides }]);
  return single(node, "copy.asStrided", "copy", [x], "fn elem(e: u32) -> u32 { return ld0(src_index(e, 0u)); }", desc);
};

const reshape: GpuKernel = (node) => ({ alias: node.inputs[0]!, dispatches: [] });

const full: GpuKernel = (node) => {
  const { value } = node.params as FullParams;
  const bits = new node.dtype.ArrayType(1);
  bits[0] = value;
  const word = node.dtype.size === 1 ? bits[0]! & 0xff : new Uint32Array(bits.buffer)[0]!;
  const desc = descriptor(node.size, node.dtype.size, [], [], [word]);
  return single(node, "copy.full", "copy", [], `fn elem(e: u32) -> u32 { return D[${paramBase(0, 0)}u]; }`, desc);
};

const arange: GpuKernel = (node) => {
  const { start, step } = node.params as ArangeParams;
  const P = paramBase(0, 0);
  if (node.dtype.isFloat) {
    const desc = descriptor(node.size, 4, [], [], [f32bits(start), f32bits(step)]);
    const body = `fn elem(e: u32) -> u32 { return bitcast<u32>(arange_f32(e, bitcast<f32>(D[${P}u]), bitcast<f32>(D[${P + 1}u]))); }`;
    return single(node, "copy.arange.f32", "copy", [], body, desc);
  }
  const desc = descriptor(node.size, node.dtype.size, [], [], [start | 0, step | 0]);
  const body = `fn elem(e: u32) -> u32 { return bitcast<u32>(arange_i32(e, bitcast<i32>(D[${P}u]), bitcast<i32>(D[${P + 1}u]))); }`;
  return single(node, "copy.arange.i32", "copy", [], body, desc);
};

const concatenate: GpuKernel = (node): GpuPlan => {
  const { axis } = node.params as ConcatenateParams;
  let inner = 1;
  for (let i = axis + 1; i < node.shape.length; i++) inner *= node.shape[i]!;
  const outRow = node.shape[axis]! * inner;
  const es = node.dtype.size;
  const P = paramBase(0, 1);
  const body = `
fn keep(e: u32) -> bool { let c = e % D[${P}u]; return c < D[${P + 1}u] || c >= D[${P + 1}u] + D[${P + 2}u]; }
fn elem(e: u32) -> u32 { let c = e % D[${P}u]; return ld0((e / D[${P}u]) * D[${P + 2}u] + c - D[${P + 1}u]); }`;
  const plan: GpuPlan = { dispatches: [] };
  let col = 0;
  for (const x of node.inputs) {
    const rowLen = x.shape[axis]! * inner;
    if (rowLen > 0 && x.size > 0) {
      plan.dispatches.push({
        key: `copy.concatenate|${es}>${es}`,
        source: () => elementwiseSource("copy", [es], body),
        inputs: [x],
        desc: descriptor(node.size, es, [], [{ offset: 0, strides: [] }], [outRow, col, rowLen]),
        n: node.size,
        outBytes: es,
      });
    }
    col += rowLen;
  }
  return plan;
};

export const copyGpuKernels: { readonly [P in CopyPrim]: GpuKernel } = {
  astype,
  asStrided,
  reshape,
  full,
  arange,
  concatenate,
};

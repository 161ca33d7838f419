/**
 * The GPU kernel contract: a kernel turns a node into a plan — either an alias (a view sharing
 * an input's bytes) or a list of dispatches, each naming its pipeline variant (key + WGSL
 * source), the buffers it binds and its descriptor. The backend compiles the variants before
 * encoding, allocates the GPU-only output and the plan's temporaries, uploads inputs that have
 * only a host copy, and encodes the dispatches in order (each sees the previous one's writes).
 *
 * Bindings of every dispatch: 0 = the output (the node's storage, or temporary `out`),
 * 1 = the descriptor (array<u32>, storage), 2+k = inputs[k] (a node's storage, or a temporary
 * when the entry is a number). Elementwise dispatches (shaders/elementwise.wgsl) run one
 * invocation per 32-bit output word, 64 per workgroup; a dispatch with `workgroups` runs that
 * many workgroups of its own size instead (the encoder folds counts above the device's
 * per-dimension limit into y: linear id = wid.x + wid.y * nw.x). Temporaries come from the
 * buffer pool uninitialised (a kernel writes before it reads) and go back to it after
 * encoding.
 */
import type { Node } from "../../core/node.ts";
import type { DType } from "../../core/dtype.ts";
import { SHADERS } from "./shaders.generated.ts";

export interface GpuDispatch {
  key: string;
  source: () => string;
  /** Bound at 2+k: a node's buffer, or (a number) the plan's temporary of that index. */
  inputs: (Node | number)[];
  desc: Uint32Array;
  /** Output element count this dispatch covers (elementwise: the whole output). */
  n: number;
  /** Output element size in bytes (1 or 4). */
  outBytes: number;
  /** Workgroups to run (non-elementwise kernels); 0 skips the dispatch. */
  workgroups?: number;
  /** Bind the plan's temporary of this index at binding 0 instead of the node's output. */
  out?: number;
}

export interface GpuPlan {
  alias?: Node;
  dispatches: GpuDispatch[];
  /** Byte sizes of the temporaries the dispatches use (indices into this list). */
  temps?: number[];
}

export type GpuKernel = (node: Node) => GpuPlan;

/** WGSL compute type of a dtype: f32, i32 or u32 (uint8 and bool compute in u32). */
export function computeType(dt: DType): "f32" | "i32" | "u32" {
  return dt.name === "float32" ? "f32" : dt.name === "int32" ? "i32" : "u32";
}

/** WGSL expression converting raw bits `e` to compute type `t`. */
export function fromBits(t: string, e: string): string {
  return t === "f32" ? `bitcast<f32>(${e})` : t === "i32" ? `bitcast<i32>(${e})` : e;
}

/** WGSL expression converting a value of type `t` to raw bits. */
export function toBits(t: string, e: string): string {
  return t === "u32" ? e : `bitcast<u32>(${e})`;
}

/** The bit pattern of a float32, as a u32 descriptor word. */
export function f32bits(x: number): number {
  return new Uint32Array(new Float32Array([x]).buffer)[0]!;
}

/**
 * Descriptor words: [n, outBytes, nd, shape, per input (offset, strides), params]. Input
 * entries with strides of the wrong length are a bug in the caller.
 */
export function descriptor(
  n: number,
  outBytes: number,
  shape: number[],
  inputs: { offset: number; strides: number[] }[],
  params: number[] = [],
): Uint32Array {
  const w: number[] = [n, outBytes, shape.length, ...shape];
  for (const i of inputs) w.push(i.offset, ...i.strides);
  w.push(...params);
  return Uint32Array.from(w.map((v) => v >>> 0));
}

/** Index of the first param word in a descriptor with `nd` dims and `k` inputs (for WGSL). */
export function paramBase(nd: number, k: number): number {
  return 3 + nd + k * (nd + 1);
}

/**
 * The WGSL module of an elementwise variant: the skeleton, common.wgsl, the family's functions (none
 * when `family` is null),
 * one binding + loader per input (`ld<k>(e)` gives element e's raw bits; 1-byte inputs are
 * unpacked), and the variant's `elem`/`keep` functions.
 */
export function elementwiseSource(family: string | null, inputBytes: number[], body: string): string {
  let s = SHADERS["elementwise"]! + "\n" + SHADERS["common"]! + "\n" + (family === null ? "" : SHADERS[family]!) + "\n";
  inputBytes.forEach((b, k) => {
    s += `@group(0) @binding(${2 + k}) var<storage, read> I${k}: array<u32>;\n`;
    s +=
      b === 4
        ? `fn ld${k}(e: u32) -> u32 { return I${k}[e]; }\n`
        : `fn ld${k}(e: u32) -> u32 { return (I${k}[e >> 2u] >> ((e & 3u) * 8u)) & 0xffu; }\n`;
  });
  if (!body.includes("fn keep(")) body += "\nfn keep(e: u32) -> bool { return false; }\n";
  return s + body;
}

/** A one-dispatch plan over the whole output. */
export function single(
  node: Node,
  key: string,
  family: string,
  inputs: Node[],
  body: string,
  desc: Uint32Array,
): GpuPlan {
  const inputBytes = inputs.map((x) => x.dtype.size);
  const outBytes = node.dtype.size;
  return {
    dispatches: [
      {
        key: `${key}|${inputBytes.join(",")}>${outBytes}`,
        source: () => elementwiseSource(family, inputBytes, body),
        inputs,
        desc,
        n: node.size,
        outBytes,
      },
    ],
  };
}

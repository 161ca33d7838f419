/**
 * GPU kernels of the reduce family (shaders/reduce.wgsl): sum, prod, max, min, argmax, argmin,
 * all, any, with the CPU kernels' semantics (src/backend/cpu/reduce.ts): sum/prod of bool ->
 * int32 and uint8 -> uint32 (integers wrap), max/min keep the dtype and propagate NaN,
 * argmax/argmin give the first index (the first NaN wins), all/any test (x != 0) on any dtype,
 * and empty reductions write the identity (sum 0, prod 1, all true, any false).
 *
 * The input (contiguous) is collapsed into kept and reduced segments (size-1 dims dropped,
 * adjacent dims of the same kind merged), read in place by mixed-radix offsets — no gather.
 * A reduction longer than `reduceTuning.split` is chunked: each pass reduces chunks of
 * `chunk` elements (column layouts with many outputs: `colChunk`, one thread per chunk) into
 * partials in a temporary, and the next pass reduces the partials, until one chunk is left.
 * One compiled variant per (operation pair, compute type, input load) — sum/prod, max/min
 * (also all/any), argmax/argmin — serves every pass: the pass shape, threads per item and the
 * operation are descriptor words (14 pipelines at most; SwiftShader compiles each in ~0.3 s).
 * Limits: element counts and offsets below 2^32 (the engine keeps them below 2^31).
 */
import { REDUCE, perPrimitive, type ReducePrim } from "../../primitives/names.ts";
import type { ReduceParams } from "../../primitives/reduce.ts";
import type { Node } from "../../core/node.ts";
import { SHADERS } from "./shaders.generated.ts";
import type { GpuDispatch, GpuKernel, GpuPlan } from "./kernel.ts";

/**
 * @internal Chunking thresholds (tests lower them to reach the multi-pass paths with small
 * inputs). split: longest reduction done in one pass; chunk: elements per item of a chunked
 * pass; colChunk/colMinOutputs: column layouts with at least that many outputs use one thread
 * per item and chunks of colChunk; threads (a power of 4, 0: automatic) forces the threads
 * per item (capped at 64 where a pass writes packed bytes).
 */
export const reduceTuning = { split: 8192, chunk: 4096, colChunk: 32, colMinOutputs: 1024, threads: 0 };

type V = "f32" | "i32" | "u32";

/**
 * The variant family of a (primitive, input dtype): compute type, the WGSL combine (MODE 0
 * runs the first operation of the pair, 1 the second), the run-time mode and identity bits.
 */
function opOf(prim: ReducePrim, dt: string): { fam: string; v: V; combine: string; mode: number; id: number; arg: boolean } {
  const isF = dt === "float32";
  const ord: V = isF ? "f32" : dt === "int32" ? "i32" : "u32";
  const pair = (a: string, b: string) => `if (MODE == 0u) { return S(${a}(a.v, b.v), 0u); } return S(${b}(a.v, b.v), 0u);`;
  const minmax = (t: V, mode: number, id: number) => ({ fam: "minmax", v: t, combine: pair(`r_max_${t}`, `r_min_${t}`), mode, id, arg: false });
  switch (prim) {
    case "sum":
    case "prod": {
      const t: V = isF ? "f32" : "u32";
      const one = isF ? 0x3f800000 : 1;
      return { fam: "arith", v: t, combine: pair(`r_sum_${t}`, `r_prod_${t}`), mode: prim === "sum" ? 0 : 1, id: prim === "sum" ? 0 : one, arg: false };
    }
    case "max":
      return minmax(ord, 0, ord === "f32" ? 0xff800000 : ord === "i32" ? 0x80000000 : 0);
    case "min":
      return minmax(ord, 1, ord === "f32" ? 0x7f800000 : ord === "i32" ? 0x7fffffff : 0xffffffff);
    case "all":
      return minmax("u32", 1, 1);
    case "any":
      return minmax("u32", 0, 0);
    case "argmax":
    case "argmin": {
      const combine = `if (r_take_${ord}(MODE == 0u, a.v, a.i, b.v, b.i)) { return b; } return a;`;
      return { fam: "arg", v: ord, combine, mode: prim === "argmax" ? 0 : 1, id: 0, arg: true };
    }
  }
}

/** WGSL expression of the value of input element `e` (first pass), and its variant tag. */
function loadOf(prim: ReducePrim, dt: string, v: V): { expr: string; tag: string } {
  const byte = dt === "uint8" || dt === "bool";
  const raw = byte ? "r_byte(e)" : "I0[e]";
  if (prim === "all" || prim === "any") {
    return dt === "float32" ? { expr: `r_nonzero_f32(${raw})`, tag: "nzf" } : { expr: `r_nonzero(${raw})`, tag: byte ? "nzb" : "nzw" };
  }
  return { expr: v === "u32" ? raw : `bitcast<${v}>(${raw})`, tag: byte ? "b" : "w" };
}

interface Pass {
  M: number;
  n: number;
  L: number;
  P: number;
  tpi: number;
  kept: { shape: number[]; strides: number[] };
  red: { shape: number[]; strides: number[] };
}

/** Threads per item: the smallest power of 4 (up to maxT) giving at most 16 serial elements per thread. */
function threadsFor(len: number, maxT: number): number {
  let t = 1;
  while (t < maxT && len > 16 * t) t *= 4;
  return t;
}

/** Splits a reduction of M outputs by n elements into its chunk size and thread count. */
function pass(M: number, n: number, kept: Pass["kept"], red: Pass["red"], byteOut: boolean): Pass {
  const { split, chunk, colChunk, colMinOutputs, threads } = reduceTuning;
  const column = kept.strides.length > 0 && kept.strides[kept.strides.length - 1] === 1 && M >= colMinOutputs;
  const L = column ? Math.min(n, colChunk) : n > split ? chunk : n;
  const P = n > L ? Math.ceil(n / L) : 1;
  // packed byte outputs need 4 items per workgroup (GROUPS % 4 == 0)
  const maxT = P === 1 && byteOut ? 64 : 256;
  const tpi = Math.min(maxT, threads || (column ? 1 : threadsFor(L, maxT)));
  return { M, n, L, P, tpi, kept, red };
}

/** Collapses the contiguous input `shape` into kept and reduced (shape, strides) segments. */
function segments(shape: number[], axes: number[]): { kept: Pass["kept"]; red: Pass["red"] } {
  const segs: { red: boolean; size: number; stride: number }[] = [];
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    const red = axes.includes(i);
    if (d !== 1) {
      const first = segs[0];
      if (first && first.red === red && first.stride * first.size === stride) first.size *= d;
      else segs.unshift({ red, size: d, stride });
    }
    stride *= d;
  }
  const pick = (r: boolean) => ({
    shape: segs.filter((s) => s.red === r).map((s) => s.size),
    strides: segs.filter((s) => s.red === r).map((s) => s.stride),
  });
  return { kept: pick(false), red: pick(true) };
}

function descriptorOf(p: Pass, outKind: number, partial: boolean, mode: number, id: number): Uint32Array {
  const w = [p.M, p.n, p.L, p.M * p.P, p.kept.shape.length, p.red.shape.length, Math.log2(p.tpi), outKind, partial ? 1 : 0, mode, id];
  w.push(...p.kept.shape, ...p.kept.strides, ...p.red.shape, ...p.red.strides);
  return Uint32Array.from(w.map((x) => x >>> 0));
}

/** The WGSL module of a variant: its types and functions, then the skeleton. */
function source(v: V, arg: boolean, combine: string, load: string): string {
  return `alias V = ${v};
const ARG: bool = ${arg};
fn combine(a: S, b: S) -> S { ${combine} }
fn load_input(e: u32) -> V { return ${load}; }
${SHADERS["reduce"]!}`;
}

function makeKernel(prim: ReducePrim): GpuKernel {
  return (node: Node): GpuPlan => {
    const x = node.inputs[0]!;
    const dt = x.dtype.name;
    const { axes } = node.params as ReduceParams;
    if (node.size === 0) return { dispatches: [] };
    const op = opOf(prim, dt);
    const load = loadOf(prim, dt, op.v);
    const key = `reduce.${op.fam}.${op.v}.${load.tag}`;
    const src = () => source(op.v, op.arg, op.combine, load.expr);
    const { kept, red } = segments(x.shape, axes);
    const M = node.size;
    const n = red.shape.reduce((a, b) => a * b, 1);
    const byteOut = node.dtype.size === 1;
    const plan: GpuPlan = { dispatches: [], temps: [] };
    let p = pass(M, n, kept, red, byteOut);
    let input: Node | number = x;
    for (;;) {
      const final = p.P === 1;
      const outKind = final ? (byteOut ? 1 : 0) : 2;
      const items = p.M * p.P;
      const d: GpuDispatch = {
        key,
        source: src,
        inputs: [input],
        desc: descriptorOf(p, outKind, input !== x, op.mode, op.id),
        n: items,
        outBytes: final ? node.dtype.size : 4,
        workgroups: Math.ceil(items / (256 / p.tpi)),
      };
      if (!final) {
        plan.temps!.push(items * 4 * (op.arg ? 2 : 1));
        d.out = plan.temps!.length - 1;
      }
      plan.dispatches.push(d);
      if (final) break;
      // partials are laid out [P][M]: kept stride 1, reduced stride M
      input = plan.temps!.length - 1;
      p = pass(p.M, p.P, { shape: [p.M], strides: [1] }, { shape: [p.P], strides: [p.M] }, byteOut);
    }
    return plan;
  };
}

export const reduceGpuKernels: { readonly [P in ReducePrim]: GpuKernel } = perPrimitive(REDUCE, makeKernel);

/**
 * NumPy index parsing for `x.get(...)` / `x.set(...)`: integers, slice strings ("1:8:2", "::-1"),
 * comma strings (":, None, 0"), null / "None" / "newaxis" (new axis), "..." (ellipsis), and
 * integer index arrays (MxArray or nested JS arrays) for advanced indexing.
 * Basic parts fold into one strided view (offset, strides, shape); advanced parts become the
 * gather/scatter description of the indexing primitives.
 */
import { MxArray } from "../core/array.ts";
import { int32 } from "../core/dtype.ts";
import { fail, fmtShape } from "../core/errors.ts";
import { broadcastShapes, sameShape, stridesOf } from "../core/shape.ts";
import { astype, broadcastTo } from "./shape.ts";
import { asArray, type NestedArray } from "./util.ts";
import type { Stream } from "../core/device.ts";

/** One index component as the user writes it. */
export type IndexItem = number | string | null | MxArray | NestedArray | ArrayBufferView;

type Comp =
  | { k: "int"; v: number }
  | { k: "slice"; start: number | null; stop: number | null; step: number | null }
  | { k: "new" }
  | { k: "ell" }
  | { k: "arr"; a: MxArray };

const INT_RE = /^[+-]?\d+$/;

function parseInt32(op: string, s: string, whole: string): number {
  if (!INT_RE.test(s)) fail(op, `Cannot parse index "${whole}": "${s}" is not an integer.`);
  return Number(s);
}

function parseString(op: string, str: string, out: Comp[]): void {
  const pieces = str.split(",");
  for (const raw of pieces) {
    const p = raw.trim();
    if (p === "") fail(op, `Cannot parse index "${str}": empty index component.`);
    if (p === "...") out.push({ k: "ell" });
    else if (p === "None" || p === "newaxis" || p === "null") out.push({ k: "new" });
    else if (p.includes(":")) {
      const parts = p.split(":").map((s) => s.trim());
      if (parts.length > 3) fail(op, `Cannot parse slice "${p}" (expected start:stop:step).`);
      const num = (s: string | undefined) => (s === undefined || s === "" ? null : parseInt32(op, s, p));
      out.push({ k: "slice", start: num(parts[0]), stop: num(parts[1]), step: num(parts[2]) });
    } else out.push({ k: "int", v: parseInt32(op, p, str) });
  }
}

function hasBoolean(x: unknown): boolean {
  if (typeof x === "boolean") return true;
  return Array.isArray(x) && x.some(hasBoolean);
}

/** A nested JS list of integers as an int32 index array (an empty list is an empty int32 index, as in NumPy). */
export function jsIndexArray(op: string, it: NestedArray | ArrayBufferView): MxArray {
  if (hasBoolean(it)) fail(op, "Boolean mask indexing is not supported (MLX has no boolean masks); use integer indices.");
  if (Array.isArray(it)) {
    const flat = (it as unknown[]).flat(Infinity);
    for (const v of flat) if (typeof v !== "number" || !Number.isInteger(v)) fail(op, `Index arrays must hold integers, got ${String(v)}.`);
    return asArray(op, it as NestedArray, int32);
  }
  return asArray(op, it);
}

function checkIndexArray(op: string, a: MxArray): MxArray {
  if (a.dtype.name === "bool") {
    fail(op, `Boolean mask indexing is not supported (got a bool array of shape ${fmtShape(a.shape)}); use integer indices or mx.where.`);
  }
  if (a.dtype.isFloat) fail(op, `Index arrays must have an integer dtype, got ${a.dtype.name}.`);
  return a;
}

/** Converts the user's index arguments to components. */
function parseItems(op: string, items: readonly IndexItem[]): Comp[] {
  const out: Comp[] = [];
  for (const it of items) {
    if (it === null) out.push({ k: "new" });
    else if (typeof it === "number") {
      if (!Number.isInteger(it)) fail(op, `Indices must be integers, slices, null, "..." or integer arrays, got ${it}.`);
      out.push({ k: "int", v: it });
    } else if (typeof it === "string") parseString(op, it, out);
    else if (typeof it === "boolean") fail(op, "Boolean indices are not supported (MLX has no boolean mask indexing).");
    else if (it instanceof MxArray) out.push({ k: "arr", a: checkIndexArray(op, it) });
    else if (Array.isArray(it) || ArrayBuffer.isView(it)) {
      out.push({ k: "arr", a: checkIndexArray(op, jsIndexArray(op, it as NestedArray)) });
    } else fail(op, `Indices must be integers, slices, null, "..." or integer arrays, got ${String(it)}.`);
  }
  return out;
}

/** Python's slice.indices(): [start, length, step] for a dimension of `size`. */
export function sliceRange(op: string, size: number, start: number | null, stop: number | null, step: number | null): [number, number, number] {
  const st = step ?? 1;
  if (st === 0) fail(op, "Slice step cannot be zero.");
  const lower = st < 0 ? -1 : 0;
  const upper = st < 0 ? size - 1 : size;
  const norm = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + size, lower);
    return Math.min(v, upper);
  };
  const a = norm(start, st < 0 ? upper : lower);
  const b = norm(stop, st < 0 ? lower : upper);
  const len = st < 0 ? (a > b ? Math.floor((a - b - 1) / -st) + 1 : 0) : b > a ? Math.floor((b - a - 1) / st) + 1 : 0;
  return [a, len, st];
}

/** A basic index: a strided view of x. */
export interface BasicIndex {
  kind: "basic";
  offset: number;
  shape: number[];
  strides: number[];
}

/** An advanced index: gather/scatter description (see GatherParams). */
export interface AdvancedIndex {
  kind: "advanced";
  offset: number;
  /** The result (update) shape U. */
  shape: number[];
  srcStrides: number[];
  bStrides: number[];
  /** Index arrays, int32/uint32, broadcast to one shape. */
  arrays: MxArray[];
  axes: number[];
  axisStrides: number[];
  axisSizes: number[];
}

/** Resolves index items against an array shape (NumPy semantics). */
export function resolveIndex(op: string, shape: readonly number[], items: readonly IndexItem[], stream: Stream): BasicIndex | AdvancedIndex {
  const comps = parseItems(op, items);
  const ndim = shape.length;
  const ells = comps.filter((c) => c.k === "ell").length;
  if (ells > 1) fail(op, `An index can only have a single ellipsis ("..."), got ${ells}.`);
  const consumed = comps.filter((c) => c.k === "int" || c.k === "slice" || c.k === "arr").length;
  if (consumed > ndim) fail(op, `Too many indices (${consumed}) for array of shape ${fmtShape(shape)} with ${ndim} dimensions.`);
  const fill: Comp[] = Array.from({ length: ndim - consumed }, () => ({ k: "slice", start: null, stop: null, step: null }) as Comp);
  const ei = comps.findIndex((c) => c.k === "ell");
  const full = ei >= 0 ? [...comps.slice(0, ei), ...fill, ...comps.slice(ei + 1)] : [...comps, ...fill];
  const hasArr = full.some((c) => c.k === "arr");
  const xs = stridesOf(shape);
  let offset = 0;
  let d = 0;
  const outShape: number[] = [];
  const outStrides: number[] = [];
  const advComp: number[] = []; // positions in `full` of advanced components (arrays and, with arrays, ints)
  let advPos = -1; // plain output dims before the first advanced component
  const arrays: MxArray[] = [];
  const axes: number[] = [];
  full.forEach((c, i) => {
    if (c.k === "int") {
      const size = shape[d]!;
      if (c.v < -size || c.v >= size) fail(op, `Index ${c.v} is out of bounds for axis ${d} with size ${size}.`);
      offset += (c.v < 0 ? c.v + size : c.v) * xs[d]!;
      if (hasArr) {
        advComp.push(i);
        if (advPos < 0) advPos = outShape.length;
      }
      d++;
    } else if (c.k === "slice") {
      const [start, len, step] = sliceRange(op, shape[d]!, c.start, c.stop, c.step);
      if (len > 0) offset += start * xs[d]!;
      outShape.push(len);
      outStrides.push(step * xs[d]!);
      d++;
    } else if (c.k === "new") {
      outShape.push(1);
      outStrides.push(0);
    } else if (c.k === "arr") {
      advComp.push(i);
      if (advPos < 0) advPos = outShape.length;
      arrays.push(c.a);
      axes.push(d);
      d++;
    }
  });
  if (!hasArr) return { kind: "basic", offset, shape: outShape, strides: outStrides };

  const adjacent = advComp[advComp.length - 1]! - advComp[0]! === advComp.length - 1;
  const pos = adjacent ? advPos : 0;
  const bshape = broadcastShapes(op, ...arrays.map((a) => a.shape));
  const nb = bshape.length;
  const zeros = (n: number) => new Array<number>(n).fill(0);
  const prepared = arrays.map((a) => {
    let b = a.dtype === int32 || a.dtype.name === "uint32" ? a : astype(a, int32, { stream });
    if (!sameShape(b.shape, bshape)) b = broadcastTo(b, bshape, { stream });
    return b;
  });
  return {
    kind: "advanced",
    offset,
    shape: [...outShape.slice(0, pos), ...bshape, ...outShape.slice(pos)],
    srcStrides: [...outStrides.slice(0, pos), ...zeros(nb), ...outStrides.slice(pos)],
    bStrides: [...zeros(pos), ...stridesOf(bshape), ...zeros(outShape.length - pos)],
    arrays: prepared,
    axes,
    axisStrides: axes.map((ax) => xs[ax]!),
    axisSizes: axes.map((ax) => shape[ax]!),
  };
}

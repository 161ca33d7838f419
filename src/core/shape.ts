/** Shape arithmetic: sizes, strides, broadcasting, axis normalisation. */
import { fail, fmtShape } from "./errors.ts";

export type Shape = readonly number[];

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major (C-order) strides in elements. */
export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** True when both shapes are equal. */
export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting of several shapes; throws `[op] Shapes ... cannot be broadcast.` */
export function broadcastShapes(op: string, ...shapes: Shape[]): number[] {
  const nd = Math.max(0, ...shapes.map((s) => s.length));
  const out = new Array<number>(nd).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = nd - s.length + i;
      const d = s[i]!;
      if (out[o] === 1) out[o] = d;
      else if (d !== 1 && d !== out[o]) {
        fail(op, `Shapes ${shapes.map(fmtShape).join(" and ")} cannot be broadcast.`);
      }
    }
  }
  return out;
}

/**
 * Element strides to read an input of shape `inShape` broadcast to `outShape`
 * (0 along broadcast dimensions), aligned to the output's rank.
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const inStrides = stridesOf(inShape);
  const nd = outShape.length;
  const s = new Array<number>(nd).fill(0);
  for (let i = 0; i < inShape.length; i++) {
    const o = nd - inShape.length + i;
    s[o] = inShape[i] === 1 && outShape[o] !== 1 ? 0 : inStrides[i]!;
  }
  return s;
}

/**
 * Merges adjacent dimensions that are contiguous for every operand, so kernels see the
 * fewest dimensions. Returns the collapsed shape and one stride list per operand.
 */
export function collapseDims(shape: Shape, strides: number[][]): { shape: number[]; strides: number[][] } {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (d === 1) continue; // size-1 dims never move the index
    const last = outShape.length - 1;
    if (last >= 0 && strides.every((st, k) => outStrides[k]![last] === st[i]! * d)) {
      outShape[last]! *= d;
      strides.forEach((st, k) => (outStrides[k]![last] = st[i]!));
    } else {
      outShape.push(d);
      strides.forEach((st, k) => outStrides[k]!.push(st[i]!));
    }
  }
  if (outShape.length === 0) {
    outShape.push(1);
    outStrides.forEach((s) => s.push(0));
  }
  return { shape: outShape, strides: outStrides };
}

/** Normalises a possibly-negative axis; throws `[op] Axis a is out of bounds for array of dimension n.` */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (!Number.isInteger(axis)) fail(op, `Axis must be an integer, got ${axis}.`);
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim) fail(op, `Axis ${axis} is out of bounds for array of dimension ${ndim}.`);
  return a;
}

/** Normalises a list of axes (or all axes when undefined), sorted, rejecting duplicates. */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (axes === undefined || axes === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : [...axes];
  const out = list.map((a) => normalizeAxis(op, a, ndim));
  if (new Set(out).size !== out.length) fail(op, `Received duplicate axes [${list.join(", ")}].`);
  return out.sort((a, b) => a - b);
}

/** Validates a user-supplied shape: non-negative integers. */
export function checkShape(op: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape)) fail(op, `Shape must be an array of integers, got ${String(shape)}.`);
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) fail(op, `Shape must contain non-negative integers, got ${fmtShape(shape)}.`);
  }
  return [...shape];
}

/**
 * Softmax: exp(x - max) / sum(exp(x - max)) over one axis, several axes, or all of them.
 * The kernel works on the last axis; other axes are moved there with a transpose (and several
 * axes merged with a reshape), then moved back. Integer and bool inputs give float32.
 */
import { MxArray } from "../core/array.ts";
import { float32 } from "../core/dtype.ts";
import { normalizeAxes } from "../core/shape.ts";
import { softmaxShape } from "../primitives/softmax.ts";
import { astype, reshape, transpose } from "./shape.ts";
import { asArray, record, streamOf, type ArrayLike, type StreamOptions } from "./util.ts";

/** Options of softmax: the axis or axes to normalise over (default: all axes, as in MLX). */
export interface SoftmaxOptions extends StreamOptions {
  axis?: number | readonly number[] | null;
}

/** Softmax along `axis`; like MLX, without an axis (or with null) it normalises over the whole array. */
export function softmax(x: ArrayLike, opts: SoftmaxOptions = {}): MxArray {
  let a = asArray("softmax", x);
  const stream = streamOf("softmax", opts);
  const nd = a.ndim;
  if (!a.dtype.isFloat) a = astype(a, float32, { stream });
  if (nd === 0) {
    if (opts.axis !== undefined && opts.axis !== null) normalizeAxes("softmax", opts.axis, 0);
    return record("softmax", [a], undefined, [], a.dtype, stream);
  }
  const axes = normalizeAxes("softmax", opts.axis ?? null, nd);
  const rest = Array.from({ length: nd }, (_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...rest, ...axes];
  const moved = perm.some((p, i) => p !== i);
  const t = moved ? transpose(a, perm, { stream }) : a;
  const tshape = t.shape;
  const inner = axes.reduce((s, ax) => s * a.shape[ax]!, 1);
  const flat = axes.length > 1 ? reshape(t, [...tshape.slice(0, rest.length), inner], { stream }) : t;
  let y = record("softmax", [flat], undefined, softmaxShape(flat.shape), flat.dtype, stream);
  if (axes.length > 1) y = reshape(y, tshape, { stream });
  if (!moved) return y;
  const inv = new Array<number>(nd);
  perm.forEach((p, i) => (inv[p] = i));
  return transpose(y, inv, { stream });
}

// ---- methods on MxArray ----
declare module "../core/array.ts" {
  interface MxArray {
    /** Same as mx.softmax(x, opts). */
    softmax(opts?: SoftmaxOptions): MxArray;
  }
}
MxArray.prototype.softmax = function (opts) {
  return softmax(this, opts);
};

/**
 * A minibatch iterator over (x, y) arrays: `for (const { x, y } of batches(images, labels,
 * { batchSize: 64, shuffle: true, seed: 0 }))`. Each pass over the returned object draws a new
 * order from one seeded generator, so epochs differ and runs repeat. Batches are gathered
 * lazily with `mx.take` along axis 0, on the default stream or `stream`.
 */
import type { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";
import { array } from "../ops/creation.ts";
import { take } from "../ops/indexing.ts";
import { asArray, type ArrayLike, type StreamOptions } from "../ops/util.ts";
import { mulberry32, permutation, type Rng } from "./shuffle.ts";

export interface BatchOptions extends StreamOptions {
  batchSize: number;
  /** Visit the examples in a new random order on every pass (default false). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Skip the last batch when it is smaller than batchSize (default false: keep it). */
  dropLast?: boolean;
}

/** One minibatch, and the example indices it holds. */
export interface Batch {
  x: MxArray;
  y: MxArray;
  indices: Int32Array;
}

/** An iterable of minibatches; iterate it once per epoch. */
export class Batches implements Iterable<Batch> {
  private readonly rng: Rng;
  /** Number of examples. */
  readonly size: number;

  constructor(
    readonly x: MxArray,
    readonly y: MxArray,
    readonly opts: BatchOptions,
  ) {
    this.size = x.shape[0]!;
    this.rng = mulberry32(opts.seed ?? 0);
  }

  /** Batches per pass. */
  get length(): number {
    const { batchSize, dropLast } = this.opts;
    return dropLast ? Math.floor(this.size / batchSize) : Math.ceil(this.size / batchSize);
  }

  *[Symbol.iterator](): Iterator<Batch> {
    const { batchSize, stream } = this.opts;
    const order = this.opts.shuffle ? permutation(this.size, this.rng) : null;
    for (let b = 0; b < this.length; b++) {
      const start = b * batchSize;
      const end = Math.min(this.size, start + batchSize);
      const indices = new Int32Array(end - start);
      for (let i = 0; i < indices.length; i++) indices[i] = order ? order[start + i]! : start + i;
      const idx = array(indices);
      yield { x: take(this.x, idx, { axis: 0, stream }), y: take(this.y, idx, { axis: 0, stream }), indices };
    }
  }
}

/** Minibatches of `x` and `y` along their first axis, optionally shuffled with a seed. */
export function batches(x: ArrayLike, y: ArrayLike, opts: BatchOptions): Batches {
  const op = "batches";
  const xs = asArray(op, x);
  const ys = asArray(op, y);
  if (xs.ndim === 0 || ys.ndim === 0) fail(op, `x and y need a first (example) axis, got shapes (${xs.shape.join(",")}) and (${ys.shape.join(",")}).`);
  if (xs.shape[0] !== ys.shape[0]) fail(op, `x and y must have the same number of examples, got shapes (${xs.shape.join(",")}) and (${ys.shape.join(",")}).`);
  if (!opts || !Number.isInteger(opts.batchSize) || opts.batchSize < 1) fail(op, `batchSize must be a positive integer, got ${String(opts?.batchSize)}.`);
  if (opts.seed !== undefined && !Number.isInteger(opts.seed)) fail(op, `seed must be an integer, got ${opts.seed}.`);
  return new Batches(xs, ys, opts);
}

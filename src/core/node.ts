/**
 * A node of the lazy graph: the value of one array. It has a recipe (primitive, inputs, params,
 * stream) until it is evaluated, and bytes (`storage`) once it is.
 *
 * Memory policy (no dispose()/tidy() in user code):
 * - Evaluated roots keep their bytes and drop their recipe (detach), so the graph behind them
 *   can be collected.
 * - Intermediates computed during an evaluation give their bytes back as soon as their last
 *   consumer has run, but keep their recipe: reading one later recomputes it (arrays are pure).
 * - Bytes of leaves and roots return to the cache when the node is garbage-collected
 *   (FinalizationRegistry), or at once when the user disposes the handle (`using`) and no
 *   pending recipe still reads them.
 */
import type { DType } from "./dtype.ts";
import type { Stream } from "./device.ts";
import { Storage, heap } from "./memory.ts";
import { sizeOf } from "./shape.ts";
import type { PrimitiveName } from "../primitives/names.ts";

class Cell {
  storage: Storage | null = null;
  /**
   * Inputs whose `users` count this node's recipe holds. Weak: the registry keeps cells alive,
   * so strong references here would keep a dead graph reachable and free it only one level
   * per garbage collection (a chain of depth d would need d collections).
   */
  inputs: WeakRef<Node>[] | null = null;
}

const registry = new FinalizationRegistry<Cell>((cell) => {
  cell.storage?.release();
  cell.storage = null;
  if (cell.inputs) for (const i of cell.inputs) i.deref()?.dropUser();
  cell.inputs = null;
});

const EMPTY: Node[] = [];

export class Node {
  private readonly cell = new Cell();
  /** Pending recipes that read this node. */
  private users = 0;
  private disposed = false;
  /**
   * Set on the placeholders a transform traces with (vmap's per-example views): their values
   * are not the function's real inputs, so evaluating anything that depends on one is an error.
   */
  tracer: string | null = null;

  constructor(
    readonly shape: number[],
    readonly dtype: DType,
    public prim: PrimitiveName | null,
    public inputs: Node[],
    public params: unknown,
    readonly stream: Stream | null,
  ) {
    if (inputs.length > 0) {
      for (const i of inputs) i.users++;
      this.cell.inputs = inputs.map((i) => new WeakRef(i));
    }
    registry.register(this, this.cell, this.cell);
  }

  get size(): number {
    return sizeOf(this.shape);
  }
  get nbytes(): number {
    return this.size * this.dtype.size;
  }
  get storage(): Storage | null {
    return this.cell.storage;
  }
  set storage(s: Storage | null) {
    this.cell.storage = s;
  }
  /** True once the value is computed and held. */
  get evaluated(): boolean {
    return this.cell.storage !== null;
  }
  /** True when the node can produce its value (it has bytes or a recipe). */
  get computable(): boolean {
    return this.cell.storage !== null || this.prim !== null;
  }

  /** Allocates this node's output bytes (for kernels). */
  allocate(): Storage {
    const s = new Storage(this.nbytes);
    this.cell.storage?.release();
    this.cell.storage = s;
    return s;
  }

  /** Makes this node share `src`'s bytes (for reshape-like views). */
  alias(src: Node): void {
    const s = src.storage!.retain();
    this.cell.storage?.release();
    this.cell.storage = s;
  }

  /** Frees the bytes of a node that can recompute them (an intermediate). */
  dropIntermediate(): void {
    if (this.prim === null) return;
    this.cell.storage?.release();
    this.cell.storage = null;
  }

  /** Drops the recipe of an evaluated root so its inputs can be collected. */
  detach(): void {
    if (this.prim === null) return;
    this.prim = null;
    this.params = undefined;
    const ins = this.inputs;
    this.inputs = EMPTY;
    this.cell.inputs = null;
    for (const i of ins) i.dropUser();
  }

  /** @internal */
  dropUser(): void {
    this.users--;
    if (this.users <= 0 && this.disposed) this.freeNow();
  }

  /** The handle was disposed (`using`): free the bytes as soon as no pending recipe reads them. */
  dispose(): void {
    this.disposed = true;
    if (this.prim !== null) this.dropIntermediate();
    else if (this.users <= 0) this.freeNow();
  }

  private freeNow(): void {
    this.cell.storage?.release();
    this.cell.storage = null;
    this.detach();
    registry.unregister(this.cell);
  }
}

/** Makes a leaf node that owns a copy of `data` (bytes go into WASM memory at once). */
export function leafFromBytes(shape: number[], dtype: DType, data: ArrayBufferView | null): Node {
  const n = new Node(shape, dtype, null, EMPTY, undefined, null);
  const s = n.allocate();
  if (data) {
    const src = new Uint8Array(data.buffer, data.byteOffset, Math.min(data.byteLength, n.nbytes));
    heap.bytes().set(src, s.ptr);
  }
  return n;
}

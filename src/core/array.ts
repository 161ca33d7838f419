/**
 * `MxArray`: the user's handle on a lazily computed value. The handle points at a graph node;
 * ops never share a node between handles, so `x.set(...)` can repoint one handle (MLX's
 * in-place update) while arrays computed from the old value keep it.
 * Op methods (`x.add(y)`, `x.T`, ...) are installed by src/ops, which own the op functions.
 */
import { type DType } from "./dtype.ts";
import { DeviceError, KilnError } from "./errors.ts";
import { formatArray } from "./format.ts";
import { heap } from "./memory.ts";
import type { Node } from "./node.ts";
import { evaluate, evaluateSync } from "./scheduler.ts";

export type NestedList = number | boolean | NestedList[];

export class MxArray {
  /** @internal the graph node this handle currently holds */
  _node: Node;

  /** @internal use the op functions (mx.array, mx.zeros, ...) to make arrays */
  constructor(node: Node) {
    this._node = node;
  }

  /** The dimensions. */
  get shape(): number[] {
    return this._node.shape.slice();
  }
  get dtype(): DType {
    return this._node.dtype;
  }
  get ndim(): number {
    return this._node.shape.length;
  }
  get size(): number {
    return this._node.size;
  }
  get nbytes(): number {
    return this._node.nbytes;
  }
  get itemsize(): number {
    return this._node.dtype.size;
  }

  /** A copy of the values as a TypedArray (evaluating pending CPU work). */
  dataSync(): Float32Array | Int32Array | Uint32Array | Uint8Array {
    evaluateSync([this._node], "dataSync");
    return this.readHost();
  }

  /** The single value of a size-1 array (evaluating pending CPU work). */
  item(): number | boolean {
    if (this.size !== 1) throw new KilnError("item", `item() needs an array of size 1, got shape (${this.shape.join(",")}).`);
    return this.scalar(this.dataSync());
  }

  /** The values as nested JS arrays (evaluating pending CPU work). */
  tolist(): NestedList {
    return this.nest(this.dataSync());
  }

  /** A copy of the values as a TypedArray, evaluating on any stream. */
  async data(): Promise<Float32Array | Int32Array | Uint32Array | Uint8Array> {
    await evaluate([this._node], { toHost: true });
    return this.readHost();
  }

  /** The single value of a size-1 array, evaluating on any stream. */
  async itemAsync(): Promise<number | boolean> {
    if (this.size !== 1) throw new KilnError("item", `item() needs an array of size 1, got shape (${this.shape.join(",")}).`);
    return this.scalar(await this.data());
  }

  /** The values as nested JS arrays, evaluating on any stream. */
  async tolistAsync(): Promise<NestedList> {
    return this.nest(await this.data());
  }

  /** Frees the bytes now (for `using`); the handle must not be used afterwards. */
  [Symbol.dispose](): void {
    this._node.dispose();
  }

  toString(): string {
    try {
      return formatArray(this.dataSync(), this._node.shape, this.dtype);
    } catch (e) {
      if (e instanceof DeviceError) return `array(<pending on the GPU: await x.data()>, shape=(${this.shape.join(",")}), dtype=${this.dtype.name})`;
      throw e;
    }
  }

  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal reads the host copy of an evaluated array */
  readHost(): Float32Array | Int32Array | Uint32Array | Uint8Array {
    const n = this._node;
    const s = n.storage;
    if (!s) throw new KilnError("data", "The array has no value (it was disposed).");
    return new n.dtype.ArrayType(heap.memory!.buffer, s.ptr, n.size).slice();
  }

  private scalar(d: ArrayLike<number>): number | boolean {
    return this.dtype.name === "bool" ? d[0] !== 0 : d[0]!;
  }

  private nest(d: ArrayLike<number>): NestedList {
    const shape = this._node.shape;
    const isBool = this.dtype.name === "bool";
    const conv = (v: number) => (isBool ? v !== 0 : v);
    if (shape.length === 0) return conv(d[0]!);
    let pos = 0;
    const build = (dim: number): NestedList[] => {
      const n = shape[dim]!;
      const out: NestedList[] = new Array(n);
      if (dim === shape.length - 1) for (let i = 0; i < n; i++) out[i] = conv(d[pos++]!);
      else for (let i = 0; i < n; i++) out[i] = build(dim + 1);
      return out;
    };
    return build(0);
  }
}

/** True for MxArray values. */
export function isArray(x: unknown): x is MxArray {
  return x instanceof MxArray;
}

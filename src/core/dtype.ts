/** dtypes and NumPy/MLX type promotion. */

export type DTypeName = "float32" | "int32" | "uint32" | "uint8" | "bool";
export type DTypeKind = "float" | "int" | "uint" | "bool";

export type TypedArray = Float32Array | Int32Array | Uint32Array | Uint8Array;
type TypedArrayCtor = Float32ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor | Uint8ArrayConstructor;

/** An element type. Compare dtypes with `===`: each exists once. */
export class DType {
  /** @internal */
  constructor(
    readonly name: DTypeName,
    /** Bytes per element. */
    readonly size: number,
    readonly kind: DTypeKind,
    /** The TypedArray class that holds this dtype's elements. */
    readonly ArrayType: TypedArrayCtor,
  ) {}
  toString(): string {
    return this.name;
  }
  get isFloat(): boolean {
    return this.kind === "float";
  }
  get isInteger(): boolean {
    return this.kind === "int" || this.kind === "uint";
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.name;
  }
}

export const float32 = new DType("float32", 4, "float", Float32Array);
export const int32 = new DType("int32", 4, "int", Int32Array);
export const uint32 = new DType("uint32", 4, "uint", Uint32Array);
export const uint8 = new DType("uint8", 1, "uint", Uint8Array);
export const bool = new DType("bool", 1, "bool", Uint8Array);

export const DTYPES: readonly DType[] = [bool, uint8, uint32, int32, float32];

/** Looks a dtype up by name. */
export function dtypeFromName(name: string): DType | undefined {
  return DTYPES.find((d) => d.name === name);
}

// Rank in NumPy's lattice for the dtypes kiln has. int32 and uint32 would meet at int64 in
// NumPy/MLX; kiln has no 64-bit integers, so they meet at int32 (the wider signed type).
const RANK: Record<DTypeName, number> = { bool: 0, uint8: 1, uint32: 2, int32: 3, float32: 4 };

/** The dtype two arrays are promoted to (NumPy/MLX rules, without 64-bit types). */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  return RANK[a.name] >= RANK[b.name] ? a : b;
}

/**
 * The dtype of `array op scalar`: JS numbers are weakly typed, like Python scalars in MLX.
 * An integer-valued number keeps the array's dtype (bool becomes int32); a fractional number
 * makes integer arrays float32.
 */
export function promoteWithScalar(a: DType, scalar: number | boolean): DType {
  if (typeof scalar === "boolean") return a;
  if (a === bool) return Number.isInteger(scalar) ? int32 : float32;
  if (a.isInteger && !Number.isInteger(scalar)) return float32;
  return a;
}

/** The dtype a JS value gets when it becomes an array on its own. */
export function dtypeOfScalar(v: number | boolean): DType {
  if (typeof v === "boolean") return bool;
  return Number.isInteger(v) ? int32 : float32;
}

/** The dtype of a TypedArray's elements. */
export function dtypeOfTypedArray(a: ArrayBufferView): DType | undefined {
  if (a instanceof Float32Array || a instanceof Float64Array) return float32;
  if (a instanceof Int32Array || a instanceof Int16Array || a instanceof Int8Array) return int32;
  if (a instanceof Uint32Array || a instanceof Uint16Array) return uint32;
  if (a instanceof Uint8Array || a instanceof Uint8ClampedArray) return uint8;
  return undefined;
}

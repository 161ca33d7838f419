/**
 * Element types as files store them, and the moves between file bytes and kiln arrays.
 *
 * Loading: a tensor is a view into the file's bytes (no copy); it becomes an array with one
 * copy straight into WASM memory (a plain byte copy when the file already holds kiln's layout:
 * little-endian float32/int32/uint32, uint8, bool). Types kiln lacks are converted:
 *   float64, float16, bfloat16  -> float32   (float64 rounds to nearest; the others are exact)
 *   int8, int16                 -> int32     uint16 -> uint32
 *   int64 -> int32, uint64 -> uint32          only when every value fits, else a KilnError
 * Bools are normalised to 0/1. Saving writes kiln's dtypes, little-endian.
 */
import { MxArray } from "../core/array.ts";
import { bool, float32, int32, uint32, uint8, type DType } from "../core/dtype.ts";
import { KilnError, fail } from "../core/errors.ts";
import { heap } from "../core/memory.ts";
import { leafFromBytes } from "../core/node.ts";
import { evaluate } from "../core/scheduler.ts";
import { transpose } from "../ops/shape.ts";

/** An element type as stored in a file: kind, bytes per element, byte order, and its name there. */
export interface WireType {
  kind: "f" | "i" | "u" | "b" | "bf";
  size: number;
  little: boolean;
  /** The file format's name for it ('<f8', 'F64'), for messages. */
  name: string;
}

/** A tensor found in a file: shape, element type, and a view of its bytes (row-major unless `fortran`). */
export interface RawTensor {
  shape: number[];
  type: WireType;
  bytes: Uint8Array;
  fortran?: boolean;
}

/** Largest dimension and element count kiln accepts from a file (int32 indexing). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

/** The kiln dtype a wire type loads as (see the table at the top of this file). */
export function targetDType(t: WireType): DType {
  switch (t.kind) {
    case "f":
    case "bf":
      return float32;
    case "b":
      return bool;
    case "i":
      return int32;
    case "u":
      return t.size === 1 ? uint8 : uint32;
  }
}

/** The wire type a kiln dtype is saved as (little-endian). */
export function wireOf(d: DType): Omit<WireType, "name"> {
  switch (d.name) {
    case "float32":
      return { kind: "f", size: 4, little: true };
    case "int32":
      return { kind: "i", size: 4, little: true };
    case "uint32":
      return { kind: "u", size: 4, little: true };
    case "uint8":
      return { kind: "u", size: 1, little: true };
    case "bool":
      return { kind: "b", size: 1, little: true };
  }
}

/**
 * Checks a shape read from a file: non-negative integer dimensions, an element count kiln can
 * index, and enough bytes for it. Returns the element count.
 */
export function checkFileShape(op: string, what: string, shape: unknown, itemsize: number, available: number): number {
  if (!Array.isArray(shape)) fail(op, `${what}: the shape must be a list of integers, got ${JSON.stringify(shape)}.`);
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number" || !Number.isSafeInteger(d) || d < 0 || d > MAX_ELEMENTS) {
      fail(op, `${what}: invalid dimension ${String(d)} in shape (${shape.join(",")}).`);
    }
    n *= d;
  }
  if (n > MAX_ELEMENTS) fail(op, `${what}: shape (${shape.join(",")}) has ${n} elements, more than kiln's limit of ${MAX_ELEMENTS}.`);
  if (n * itemsize > available) {
    fail(op, `${what}: the file is truncated: shape (${shape.join(",")}) needs ${n * itemsize} bytes of data, found ${available}.`);
  }
  return n;
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** Fills `dst` (a view into WASM memory) from the file bytes, converting element by element. */
function convertInto(op: string, what: string, t: WireType, src: Uint8Array, dst: Float32Array | Int32Array | Uint32Array | Uint8Array): void {
  const n = dst.length;
  const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const le = t.little;
  const key = `${t.kind}${t.size}`;
  const at = (i: number) => i * t.size;
  switch (key) {
    case "f8":
      for (let i = 0; i < n; i++) dst[i] = dv.getFloat64(at(i), le);
      return;
    case "f4":
      for (let i = 0; i < n; i++) dst[i] = dv.getFloat32(at(i), le);
      return;
    case "f2":
      for (let i = 0; i < n; i++) dst[i] = halfToFloat(dv.getUint16(at(i), le));
      return;
    case "bf2": {
      const u = new Uint32Array(dst.buffer, dst.byteOffset, n);
      for (let i = 0; i < n; i++) u[i] = dv.getUint16(at(i), le) << 16;
      return;
    }
    case "i1":
      for (let i = 0; i < n; i++) dst[i] = dv.getInt8(i);
      return;
    case "i2":
      for (let i = 0; i < n; i++) dst[i] = dv.getInt16(at(i), le);
      return;
    case "i4":
      for (let i = 0; i < n; i++) dst[i] = dv.getInt32(at(i), le);
      return;
    case "u1":
    case "b1":
      for (let i = 0; i < n; i++) dst[i] = t.kind === "b" ? (src[i] ? 1 : 0) : src[i]!;
      return;
    case "u2":
      for (let i = 0; i < n; i++) dst[i] = dv.getUint16(at(i), le);
      return;
    case "u4":
      for (let i = 0; i < n; i++) dst[i] = dv.getUint32(at(i), le);
      return;
    case "i8":
    case "u8":
      for (let i = 0; i < n; i++) {
        const lo = dv.getUint32(at(i) + (le ? 0 : 4), le);
        const hi = dv.getInt32(at(i) + (le ? 4 : 0), le);
        const fits = t.kind === "i" ? (hi === 0 && lo < 2 ** 31) || (hi === -1 && lo >= 2 ** 31) : hi === 0;
        if (!fits) {
          const v = t.kind === "i" ? dv.getBigInt64(at(i), le) : dv.getBigUint64(at(i), le);
          fail(op, `${what}: ${t.kind === "i" ? "int64" : "uint64"} value ${v} at index ${i} does not fit in ${t.kind === "i" ? "int32" : "uint32"} (kiln has no 64-bit integers).`);
        }
        dst[i] = lo;
      }
      return;
  }
  fail(op, `${what}: unsupported element type ${t.name}.`);
}

/** Makes a kiln array from a tensor found in a file (one copy into WASM memory). */
export function rawToArray(op: string, what: string, raw: RawTensor): MxArray {
  const t = raw.type;
  const dt = targetDType(t);
  const n = checkFileShape(op, what, raw.shape, t.size, raw.bytes.byteLength);
  const shape = raw.fortran ? raw.shape.slice().reverse() : raw.shape.slice();
  const sameLayout = (t.little || t.size === 1) && t.kind !== "b" && t.kind !== "bf" && t.size === dt.size;
  let x: MxArray;
  if (sameLayout) {
    x = new MxArray(leafFromBytes(shape, dt, raw.bytes.subarray(0, n * t.size)));
  } else {
    const node = leafFromBytes(shape, dt, null);
    const ptr = node.storage!.ptr;
    convertInto(op, what, t, raw.bytes.subarray(0, n * t.size), new dt.ArrayType(heap.memory!.buffer, ptr, n));
    x = new MxArray(node);
  }
  // A Fortran-order tensor is the C-order tensor of the reversed shape, transposed.
  if (raw.fortran && shape.length > 1) return transpose(x);
  return x;
}


/** Evaluates `arrays` (on any stream) and makes their host copies current. */
export async function evaluateForSave(op: string, arrays: readonly MxArray[]): Promise<void> {
  for (const a of arrays) if (!(a instanceof MxArray)) fail(op, `Expected arrays to save, got ${String(a)}.`);
  await evaluate(
    arrays.map((a) => a._node),
    { toHost: true },
  );
  for (const a of arrays) {
    if (!a._node.storage) throw new KilnError(op, "Cannot save an array that has no value (it was disposed).");
  }
}

/** Copies an evaluated array's bytes into `out` at `offset` (call right after evaluateForSave). */
export function copyArrayBytes(x: MxArray, out: Uint8Array, offset: number): void {
  const nbytes = x.nbytes;
  if (nbytes === 0) return;
  const ptr = x._node.storage!.ptr;
  out.set(heap.bytes().subarray(ptr, ptr + nbytes), offset);
}

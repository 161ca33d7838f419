/**
 * The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/): two zero
 * bytes, a type code (0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32,
 * 0x0E float64), the number of dimensions, each dimension as a big-endian uint32, then the
 * data, big-endian, row-major. Files may be gzipped (read through DecompressionStream("gzip")).
 */
import type { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";
import { checkFileShape, rawToArray, type RawTensor, type WireType } from "../io/convert.ts";
import { decompress } from "../io/deflate.ts";
import { readFileBytes } from "../runtime/files.ts";

const TYPES: Record<number, Omit<WireType, "name">> = {
  0x08: { kind: "u", size: 1, little: false },
  0x09: { kind: "i", size: 1, little: false },
  0x0b: { kind: "i", size: 2, little: false },
  0x0c: { kind: "i", size: 4, little: false },
  0x0d: { kind: "f", size: 4, little: false },
  0x0e: { kind: "f", size: 8, little: false },
};

/** Reads the header of (uncompressed) IDX bytes: the tensor, as a view into `bytes`. */
export function parseIdx(bytes: Uint8Array, what = "IDX file", op = "readIdx"): RawTensor {
  if (bytes.byteLength < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    fail(op, `${what}: not an IDX file (the magic number must start with two zero bytes, got ${[...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, "0")).join(" ")}).`);
  }
  const code = bytes[2]!;
  const t = TYPES[code];
  if (!t) fail(op, `${what}: unknown IDX type code 0x${code.toString(16)} (expected 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e).`);
  const ndim = bytes[3]!;
  if (ndim === 0) fail(op, `${what}: an IDX file must have at least one dimension.`);
  const start = 4 + 4 * ndim;
  if (bytes.byteLength < start) fail(op, `${what}: truncated inside the ${ndim} dimension sizes (${bytes.byteLength} bytes).`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(dv.getUint32(4 + 4 * i, false));
  const data = bytes.subarray(start);
  const n = checkFileShape(op, what, shape, t.size, data.byteLength);
  if (n * t.size !== data.byteLength) {
    fail(op, `${what}: dimensions (${shape.join(",")}) need ${n * t.size} bytes of data, but the file has ${data.byteLength}.`);
  }
  return { shape, type: { ...t, name: `idx 0x${code.toString(16).padStart(2, "0")}` }, bytes: data };
}

/** Gunzips `bytes` when they start with the gzip magic (1f 8b); returns them as they are otherwise. */
export async function maybeGunzip(bytes: Uint8Array, what: string, op: string): Promise<Uint8Array> {
  if (bytes.byteLength < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  if (bytes.byteLength < 18) fail(op, `${what}: truncated gzip file (${bytes.byteLength} bytes).`);
  // ISIZE, the last 4 bytes, is the uncompressed size mod 2^32: it bounds the output.
  const isize = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.byteLength - 4, true);
  const out = await decompress(op, what, bytes, "gzip", { maxSize: isize });
  if (out.byteLength !== isize) fail(op, `${what}: corrupt gzip file (inflated to ${out.byteLength} bytes, its trailer says ${isize}).`);
  return out;
}

/** The IDX bytes of a file path or of bytes you already have, gunzipped when needed. */
export async function idxBytes(src: string | Uint8Array, op = "readIdx"): Promise<{ bytes: Uint8Array; what: string }> {
  const what = typeof src === "string" ? `"${src}"` : "IDX data";
  const raw = typeof src === "string" ? await readFileBytes(src, op) : src;
  return { bytes: await maybeGunzip(raw, what, op), what };
}

/**
 * Reads an IDX file (path or bytes, gzipped or not) as an array: uint8 stays uint8, the signed
 * integer types become int32, float32/float64 become float32.
 */
export async function readIdx(src: string | Uint8Array): Promise<MxArray> {
  const { bytes, what } = await idxBytes(src);
  return rawToArray("readIdx", what, parseIdx(bytes, what));
}

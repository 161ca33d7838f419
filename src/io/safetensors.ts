/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * `{"__metadata__": {str: str}, "name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [b, e]}}`
 * (offsets relative to the data section, which the tensors must cover with no gaps or
 * overlaps), then the data. Writing follows the reference (Rust) library: tensors ordered by
 * dtype alignment (F32, U32, I32, U8, BOOL) then name, compact JSON with `__metadata__` first,
 * the header padded with spaces to a multiple of 8 so every tensor starts aligned.
 */
import type { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";
import { copyArrayBytes, evaluateForSave, rawToArray, type RawTensor, type WireType } from "./convert.ts";
import { namedArrays, setEntry, type ArrayMap } from "./npz.ts";

/** The reference library's limit on the JSON header. */
const MAX_HEADER = 100_000_000;

const TYPES: Record<string, Omit<WireType, "name">> = {
  F64: { kind: "f", size: 8, little: true },
  F32: { kind: "f", size: 4, little: true },
  F16: { kind: "f", size: 2, little: true },
  BF16: { kind: "bf", size: 2, little: true },
  I64: { kind: "i", size: 8, little: true },
  I32: { kind: "i", size: 4, little: true },
  I16: { kind: "i", size: 2, little: true },
  I8: { kind: "i", size: 1, little: true },
  U64: { kind: "u", size: 8, little: true },
  U32: { kind: "u", size: 4, little: true },
  U16: { kind: "u", size: 2, little: true },
  U8: { kind: "u", size: 1, little: true },
  BOOL: { kind: "b", size: 1, little: true },
};

/** Saved name of each kiln dtype, with its rank in the reference library's dtype order. */
const SAVE: Record<string, { name: string; rank: number }> = {
  float32: { name: "F32", rank: 4 },
  uint32: { name: "U32", rank: 3 },
  int32: { name: "I32", rank: 2 },
  uint8: { name: "U8", rank: 1 },
  bool: { name: "BOOL", rank: 0 },
};

/** A parsed safetensors file: its tensors (views into the bytes) and metadata. */
export interface SafetensorsContents {
  tensors: [string, RawTensor][];
  metadata: Record<string, string>;
}

/** Reads and validates the header of a safetensors file held in `bytes`. */
export function parseSafetensors(bytes: Uint8Array, op = "load"): SafetensorsContents {
  if (bytes.byteLength < 8) fail(op, `Not a .safetensors file: ${bytes.byteLength} bytes, shorter than the 8-byte header length.`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lo = dv.getUint32(0, true);
  const hi = dv.getUint32(4, true);
  if (hi !== 0 || lo === 0 || lo > MAX_HEADER) fail(op, `Invalid .safetensors header length ${hi * 2 ** 32 + lo} (must be 1..${MAX_HEADER}).`);
  if (8 + lo > bytes.byteLength) fail(op, `The .safetensors file is truncated: its header says ${lo} bytes, but only ${bytes.byteLength - 8} follow.`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + lo)));
  } catch (e) {
    fail(op, `The .safetensors header is not valid JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (header === null || typeof header !== "object" || Array.isArray(header)) fail(op, "The .safetensors header must be a JSON object.");
  const data = bytes.subarray(8 + lo);
  const metadata: Record<string, string> = {};
  const tensors: [string, RawTensor][] = [];
  const spans: [number, number, string][] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      if (info === null || typeof info !== "object" || Array.isArray(info)) fail(op, "The .safetensors __metadata__ must be an object of strings.");
      for (const [k, v] of Object.entries(info as Record<string, unknown>)) {
        if (typeof v !== "string") fail(op, `The .safetensors __metadata__ value of "${k}" must be a string, got ${JSON.stringify(v)}.`);
        setEntry(metadata, k, v);
      }
      continue;
    }
    const what = `.safetensors tensor "${name}"`;
    if (info === null || typeof info !== "object") fail(op, `${what}: expected {dtype, shape, data_offsets}.`);
    const { dtype, shape, data_offsets: offs } = info as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const t = typeof dtype === "string" ? TYPES[dtype] : undefined;
    if (!t) fail(op, `${what}: unsupported dtype ${JSON.stringify(dtype)} (kiln loads ${Object.keys(TYPES).join(", ")}).`);
    if (!Array.isArray(shape)) fail(op, `${what}: the shape must be a list of integers.`);
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isSafeInteger(o) && o >= 0) || offs[0] > offs[1]) {
      fail(op, `${what}: data_offsets must be two integers [begin, end] with begin <= end, got ${JSON.stringify(offs)}.`);
    }
    const [b, e] = offs as [number, number];
    if (e > data.byteLength) fail(op, `${what}: the file is truncated: data_offsets [${b}, ${e}] run past the ${data.byteLength} data bytes.`);
    let n = 1;
    for (const d of shape) n *= typeof d === "number" ? d : NaN;
    if (!(n * t.size === e - b)) fail(op, `${what}: shape ${JSON.stringify(shape)} of ${dtype} needs ${n * t.size} bytes, but data_offsets [${b}, ${e}] hold ${e - b}.`);
    tensors.push([name, { shape: shape as number[], type: { ...t, name: dtype as string }, bytes: data.subarray(b, e) }]);
    spans.push([b, e, name]);
  }
  // The data must be covered exactly: no gaps, no overlaps, nothing after the last tensor.
  spans.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let at = 0;
  for (const [b, e, name] of spans) {
    if (b !== at) fail(op, `.safetensors tensor "${name}": data_offsets start at ${b}, expected ${at} (tensors must cover the data without gaps or overlaps).`);
    at = e;
  }
  if (at !== data.byteLength) fail(op, `The .safetensors data section has ${data.byteLength} bytes, but its tensors cover ${at}.`);
  return { tensors, metadata };
}

/** Arrays (and metadata) from the bytes of a .safetensors file. */
export function fromSafetensors(bytes: Uint8Array, op = "load"): { arrays: Record<string, MxArray>; metadata: Record<string, string> } {
  const { tensors, metadata } = parseSafetensors(bytes, op);
  const arrays: Record<string, MxArray> = {};
  for (const [name, raw] of tensors) setEntry(arrays, name, rawToArray(op, `.safetensors tensor "${name}"`, raw));
  return { arrays, metadata };
}

function byteOrder(a: string, b: string): number {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** The bytes of a .safetensors file holding `arrays` and string `metadata` (arrays evaluated on any stream). */
export async function toSafetensors(arrays: ArrayMap, metadata?: Record<string, string>, op = "saveSafetensors"): Promise<Uint8Array> {
  const list = namedArrays(op, arrays);
  if (metadata !== undefined) {
    if (metadata === null || typeof metadata !== "object") fail(op, "metadata must be a record of strings.");
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== "string") fail(op, `metadata value of "${k}" must be a string, got ${typeof v}.`);
  }
  for (const [name] of list) if (name === "__metadata__") fail(op, `"__metadata__" is reserved and cannot name a tensor.`);
  await evaluateForSave(op, list.map(([, a]) => a));
  list.sort(([na, a], [nb, b]) => SAVE[b.dtype.name]!.rank - SAVE[a.dtype.name]!.rank || byteOrder(na, nb));
  const header: Record<string, unknown> = {};
  if (metadata && Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, a] of list) {
    setEntry(header, name, { dtype: SAVE[a.dtype.name]!.name, shape: a.shape, data_offsets: [offset, offset + a.nbytes] });
    offset += a.nbytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.byteLength % 8)) % 8;
  const out = new Uint8Array(8 + json.byteLength + pad + offset);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, json.byteLength + pad, true);
  dv.setUint32(4, 0, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.byteLength, 8 + json.byteLength + pad);
  let at = 8 + json.byteLength + pad;
  for (const [, a] of list) {
    copyArrayBytes(a, out, at);
    at += a.nbytes;
  }
  return out;
}

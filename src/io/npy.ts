/**
 * The NumPy `.npy` format (versions 1.0, 2.0, 3.0): magic "\x93NUMPY", version, header length
 * (uint16 LE for 1.0, uint32 LE after), then a Python dict literal
 * `{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }` padded with spaces and a
 * newline so that the data starts on a 64-byte boundary. Writing reproduces NumPy's bytes
 * exactly (version 1.0, the same padding, including the 21-digit growth room of NumPy >= 1.24).
 */
import type { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";
import { copyArrayBytes, evaluateForSave, rawToArray, type RawTensor, type WireType } from "./convert.ts";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
const GROWTH_AXIS_MAX_DIGITS = 21;
const MAX_DEPTH = 16;

type PyValue = string | number | boolean | null | PyValue[] | { tuple: PyValue[] } | Map<string, PyValue>;

/** A parser for the Python literal subset NumPy writes (dicts, tuples, lists, strings, ints, bools). */
class PyLiteral {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly op: string,
  ) {}

  parse(): PyValue {
    const v = this.value(0);
    this.ws();
    if (this.i !== this.s.length) this.bad("unexpected text after the header dict");
    return v;
  }

  private bad(why: string): never {
    fail(this.op, `Invalid .npy header (${why} at character ${this.i}): ${JSON.stringify(this.s.slice(0, 200))}.`);
  }

  private ws(): void {
    while (this.i < this.s.length && " \t\r\n".includes(this.s[this.i]!)) this.i++;
  }

  private value(depth: number): PyValue {
    if (depth > MAX_DEPTH) this.bad("nesting too deep");
    this.ws();
    const c = this.s[this.i];
    if (c === undefined) this.bad("unexpected end");
    if (c === "{") return this.dict(depth);
    if (c === "(") return { tuple: this.seq(depth, ")") };
    if (c === "[") return this.seq(depth, "]");
    if (c === "'" || c === '"') return this.str();
    const word = /^(True|False|None|-?\d+L?)/.exec(this.s.slice(this.i, this.i + 32));
    if (!word) this.bad("unexpected character");
    this.i += word[0].length;
    if (word[0] === "True") return true;
    if (word[0] === "False") return false;
    if (word[0] === "None") return null;
    return Number(word[0].replace("L", "")); // Python 2 headers may write longs as 3L
  }

  private str(): string {
    const q = this.s[this.i++]!;
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!;
      if (c === q) return out;
      if (c === "\\") {
        const e = this.s[this.i++];
        if (e === undefined) break;
        out += e === "n" ? "\n" : e === "t" ? "\t" : e;
      } else out += c;
    }
    this.bad("unterminated string");
  }

  private seq(depth: number, close: string): PyValue[] {
    this.i++;
    const out: PyValue[] = [];
    for (;;) {
      this.ws();
      if (this.s[this.i] === close) {
        this.i++;
        return out;
      }
      out.push(this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== close) this.bad(`expected ',' or '${close}'`);
    }
  }

  private dict(depth: number): Map<string, PyValue> {
    this.i++;
    const out = new Map<string, PyValue>();
    for (;;) {
      this.ws();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      const k = this.value(depth + 1);
      if (typeof k !== "string") this.bad("dict keys must be strings");
      this.ws();
      if (this.s[this.i] !== ":") this.bad("expected ':'");
      this.i++;
      out.set(k, this.value(depth + 1));
      this.ws();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.bad("expected ',' or '}'");
    }
  }
}

/** Parses a NumPy type string ('<f4', '|b1', '>i8') into a wire type. */
export function parseDescr(op: string, descr: string): WireType {
  const m = /^([<>|=]?)([a-z?])(\d*)$/i.exec(descr);
  const kind = m?.[2] === "?" ? "b" : m?.[2];
  const size = m?.[2] === "?" ? 1 : Number(m?.[3]);
  const ok = m && (
    (kind === "f" && [2, 4, 8].includes(size)) ||
    (kind === "i" && [1, 2, 4, 8].includes(size)) ||
    (kind === "u" && [1, 2, 4, 8].includes(size)) ||
    (kind === "b" && size === 1)
  );
  if (!ok) {
    fail(op, `Unsupported .npy dtype '${descr}': kiln loads bool, int8-64, uint8-64 and float16/32/64 (complex, string, object, datetime and structured dtypes are not supported).`);
  }
  // '=' (native) is little-endian on every platform kiln runs on.
  return { kind: kind as WireType["kind"], size, little: m[1] !== ">", name: descr };
}

/** Reads the header of a .npy file: the tensor it describes, as a view into `bytes`. */
export function parseNpy(bytes: Uint8Array, op = "load"): RawTensor {
  if (bytes.byteLength < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    fail(op, `Not a .npy file: it does not start with the magic string \\x93NUMPY (${bytes.byteLength} bytes).`);
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (![1, 2, 3].includes(major) || minor !== 0) fail(op, `Unsupported .npy format version ${major}.${minor} (kiln reads 1.0, 2.0 and 3.0).`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.byteLength < 8 + lenBytes) fail(op, "The .npy file is truncated inside its header length.");
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes;
  if (start + hlen > bytes.byteLength) {
    fail(op, `The .npy file is truncated: its header says ${hlen} bytes, but only ${bytes.byteLength - start} follow.`);
  }
  const hbytes = bytes.subarray(start, start + hlen);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? "utf-8" : "latin1", { fatal: true }).decode(hbytes);
  } catch {
    fail(op, "The .npy header is not valid UTF-8.");
  }
  const d = new PyLiteral(text, op).parse();
  if (!(d instanceof Map)) fail(op, `The .npy header is not a dict: ${JSON.stringify(text.slice(0, 200))}.`);
  const keys = [...d.keys()].sort().join(",");
  if (keys !== "descr,fortran_order,shape") fail(op, `The .npy header must have exactly the keys descr, fortran_order, shape; found ${keys}.`);
  const descr = d.get("descr");
  if (typeof descr !== "string") fail(op, `Unsupported .npy dtype ${JSON.stringify(descr)}: structured dtypes are not supported.`);
  const fortran = d.get("fortran_order");
  if (typeof fortran !== "boolean") fail(op, `The .npy header's fortran_order must be True or False.`);
  const shape = d.get("shape");
  if (!shape || typeof shape !== "object" || !("tuple" in shape) || !shape.tuple.every((v) => typeof v === "number")) {
    fail(op, `The .npy header's shape must be a tuple of integers, got ${JSON.stringify(shape)}.`);
  }
  const type = parseDescr(op, descr);
  return { shape: shape.tuple as number[], type, fortran, bytes: bytes.subarray(start + hlen) };
}

/** Makes an array from the bytes of a .npy file (one copy, straight into WASM memory). */
export function fromNpy(bytes: Uint8Array, op = "load"): MxArray {
  return rawToArray(op, ".npy", parseNpy(bytes, op));
}

const DESCR: Record<string, string> = { float32: "<f4", int32: "<i4", uint32: "<u4", uint8: "|u1", bool: "|b1" };

/** The .npy header NumPy writes for an array of this dtype and shape (bytes before the data). */
export function npyHeader(dtypeName: string, shape: readonly number[]): Uint8Array {
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let dict = `{'descr': '${DESCR[dtypeName]}', 'fortran_order': False, 'shape': ${tuple}, }`;
  if (shape.length > 0) dict += " ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length));
  const hlen = dict.length + 1;
  const pad = ALIGN - ((MAGIC.length + 2 + 2 + hlen) % ALIGN);
  const total = 10 + hlen + pad;
  if (total - 10 > 0xffff) fail("save", `The .npy header for shape (${shape.join(",")}) is too long.`);
  const out = new Uint8Array(total);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, total - 10, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  out.fill(0x20, 10 + dict.length, total - 1);
  out[total - 1] = 0x0a;
  return out;
}

/** The .npy bytes of an evaluated array (call after evaluateForSave). */
export function encodeNpy(x: MxArray): Uint8Array {
  const header = npyHeader(x.dtype.name, x.shape);
  const out = new Uint8Array(header.byteLength + x.nbytes);
  out.set(header, 0);
  copyArrayBytes(x, out, header.byteLength);
  return out;
}

/** The bytes of a .npy file holding `x` (evaluates it on any stream), identical to NumPy's `np.save`. */
export async function toNpy(x: MxArray, op = "save"): Promise<Uint8Array> {
  await evaluateForSave(op, [x]);
  return encodeNpy(x);
}

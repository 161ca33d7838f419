/**
 * A small zip reader and writer for .npz files: methods 0 (stored) and 8 (deflate), CRC-32
 * checked on read, zip64 records and extra fields read (NumPy writes every member with zip64
 * sizes). Every offset and length is checked against the buffer before use. The writer emits
 * plain zip (no zip64, so members and the archive stay under 4 GiB), with a fixed timestamp
 * (1980-01-01) so that the same arrays give the same bytes.
 */
import { fail } from "../core/errors.ts";
import { decompress, deflateRaw } from "./deflate.ts";

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

let crcTables: Uint32Array[] | null = null;

/** Slicing-by-8 tables: table k maps a byte to its CRC contribution k bytes further on. */
function tables(): Uint32Array[] {
  if (crcTables) return crcTables;
  const t: Uint32Array[] = [];
  for (let k = 0; k < 8; k++) t.push(new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[0]![n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k]![n] = (t[k - 1]![n]! >>> 8) ^ t[0]![t[k - 1]![n]! & 0xff]!;
  crcTables = t;
  return t;
}

/** CRC-32 (the zip/gzip polynomial 0xEDB88320) of `data`, eight bytes a step. */
export function crc32(data: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = tables() as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  let c = 0xffffffff;
  let i = 0;
  const n = data.length;
  for (; i + 8 <= n; i += 8) {
    const a = (c ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    c =
      t7[a & 0xff]! ^ t6[(a >>> 8) & 0xff]! ^ t5[(a >>> 16) & 0xff]! ^ t4[a >>> 24]! ^
      t3[data[i + 4]!]! ^ t2[data[i + 5]!]! ^ t1[data[i + 6]!]! ^ t0[data[i + 7]!]!;
  }
  for (; i < n; i++) c = t0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One member of a zip archive; `read()` inflates (when needed) and checks its CRC. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  read(): Promise<Uint8Array>;
}

class Cursor {
  readonly dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    private readonly op: string,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(at: number, n: number, what: string): void {
    if (at < 0 || n < 0 || at + n > this.bytes.byteLength) fail(this.op, `Corrupt .npz (zip) file: ${what} at offset ${at} runs past the end of the file (${this.bytes.byteLength} bytes).`);
  }
  u16(at: number): number {
    return this.dv.getUint16(at, true);
  }
  u32(at: number): number {
    return this.dv.getUint32(at, true);
  }
  u64(at: number, what: string): number {
    const lo = this.dv.getUint32(at, true);
    const hi = this.dv.getUint32(at + 4, true);
    if (hi >= 2 ** 21) fail(this.op, `Corrupt .npz (zip) file: ${what} is too large.`);
    return hi * 2 ** 32 + lo;
  }
}

function findEocd(c: Cursor, op: string): number {
  const n = c.bytes.byteLength;
  const stop = Math.max(0, n - 22 - U16_MAX);
  for (let at = n - 22; at >= stop; at--) {
    if (c.u32(at) === SIG_EOCD && at + 22 + c.u16(at + 20) <= n) return at;
  }
  fail(op, `Not a .npz (zip) file: no end-of-central-directory record found (${n} bytes).`);
}

/** Lists the members of a zip archive held in `bytes` (views into it; nothing is inflated yet). */
export function readZip(bytes: Uint8Array, op = "load"): ZipEntry[] {
  const c = new Cursor(bytes, op);
  const eocd = findEocd(c, op);
  let count = c.u16(eocd + 10);
  let cdSize = c.u32(eocd + 12);
  let cdOffset = c.u32(eocd + 16);
  if (count === U16_MAX || cdSize === U32_MAX || cdOffset === U32_MAX) {
    const loc = eocd - 20;
    if (loc >= 0 && c.u32(loc) === SIG_ZIP64_LOCATOR) {
      const rec = c.u64(loc + 8, "the zip64 record offset");
      c.need(rec, 56, "the zip64 end record");
      if (c.u32(rec) !== SIG_ZIP64_EOCD) fail(op, "Corrupt .npz (zip) file: bad zip64 end record signature.");
      count = c.u64(rec + 32, "the entry count");
      cdSize = c.u64(rec + 40, "the central directory size");
      cdOffset = c.u64(rec + 48, "the central directory offset");
    }
  }
  c.need(cdOffset, cdSize, "the central directory");
  if (count * 46 > cdSize) fail(op, `Corrupt .npz (zip) file: ${count} entries cannot fit in a ${cdSize}-byte central directory.`);
  const entries: ZipEntry[] = [];
  const utf8 = new TextDecoder("utf-8");
  let at = cdOffset;
  const end = cdOffset + cdSize;
  for (let k = 0; k < count; k++) {
    if (at + 46 > end) fail(op, "Corrupt .npz (zip) file: the central directory is truncated.");
    if (c.u32(at) !== SIG_CENTRAL) fail(op, `Corrupt .npz (zip) file: bad central directory signature at offset ${at}.`);
    const flags = c.u16(at + 8);
    const method = c.u16(at + 10);
    const crc = c.u32(at + 16);
    let csize = c.u32(at + 20);
    let usize = c.u32(at + 24);
    const nameLen = c.u16(at + 28);
    const extraLen = c.u16(at + 30);
    const commentLen = c.u16(at + 32);
    let local = c.u32(at + 42);
    if (at + 46 + nameLen + extraLen + commentLen > end) fail(op, "Corrupt .npz (zip) file: a central directory entry runs past the directory.");
    const name = utf8.decode(bytes.subarray(at + 46, at + 46 + nameLen));
    // zip64 extended information: the 64-bit values of the fields set to 0xFFFFFFFF, in order.
    for (let e = at + 46 + nameLen; e + 4 <= at + 46 + nameLen + extraLen; ) {
      const id = c.u16(e);
      const len = c.u16(e + 2);
      if (e + 4 + len > at + 46 + nameLen + extraLen) break;
      if (id === 1) {
        let p = e + 4;
        const take = (what: string) => {
          if (p + 8 > e + 4 + len) fail(op, `Corrupt .npz (zip) file: the zip64 field of "${name}" is too short.`);
          const v = c.u64(p, what);
          p += 8;
          return v;
        };
        if (usize === U32_MAX) usize = take("an entry size");
        if (csize === U32_MAX) csize = take("an entry size");
        if (local === U32_MAX) local = take("an entry offset");
      }
      e += 4 + len;
    }
    at += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) fail(op, `The .npz member "${name}" is encrypted; kiln cannot read encrypted archives.`);
    if (method !== 0 && method !== 8) fail(op, `The .npz member "${name}" uses compression method ${method}; kiln reads stored (0) and deflate (8).`);
    c.need(local, 30, `the local header of "${name}"`);
    if (c.u32(local) !== SIG_LOCAL) fail(op, `Corrupt .npz (zip) file: bad local header signature for "${name}".`);
    const dataAt = local + 30 + c.u16(local + 26) + c.u16(local + 28);
    c.need(dataAt, csize, `the data of "${name}"`);
    if (method === 0 && csize !== usize) fail(op, `Corrupt .npz (zip) file: stored member "${name}" has sizes ${csize} and ${usize}.`);
    const data = bytes.subarray(dataAt, dataAt + csize);
    const what = `.npz member "${name}"`;
    entries.push({
      name,
      method,
      compressedSize: csize,
      size: usize,
      async read() {
        const out = method === 0 ? data : await decompress(op, what, data, "deflate-raw", { exactSize: usize });
        if (crc32(out) !== crc) fail(op, `Corrupt ${what}: CRC-32 mismatch.`);
        return out;
      },
    });
  }
  return entries;
}

/** A member to write: its name, bytes, and whether to deflate it. */
export interface ZipInput {
  name: string;
  data: Uint8Array;
  compress: boolean;
}

/** Builds a zip archive from `files` (deflating those marked `compress`). */
export async function writeZip(files: readonly ZipInput[], op = "savez"): Promise<Uint8Array> {
  if (files.length >= U16_MAX) fail(op, `Too many members (${files.length}) for a zip archive without zip64.`);
  const enc = new TextEncoder();
  const parts: { name: Uint8Array; flags: number; method: number; crc: number; size: number; body: Uint8Array; offset: number }[] = [];
  let offset = 0;
  for (const f of files) {
    const name = enc.encode(f.name);
    if (name.byteLength > U16_MAX) fail(op, `Member name "${f.name.slice(0, 40)}..." is too long for zip.`);
    const body = f.compress ? await deflateRaw(f.data) : f.data;
    const flags = /^[\x20-\x7e]*$/.test(f.name) ? 0 : 0x800; // bit 11: the name is UTF-8
    parts.push({ name, flags, method: f.compress ? 8 : 0, crc: crc32(f.data), size: f.data.byteLength, body, offset });
    offset += 30 + name.byteLength + body.byteLength;
  }
  const cdSize = parts.reduce((s, p) => s + 46 + p.name.byteLength, 0);
  const total = offset + cdSize + 22;
  if (offset > U32_MAX || total > U32_MAX) fail(op, `The archive would be ${total} bytes; kiln writes zip files up to 4 GiB.`);
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  const header = (at: number, p: (typeof parts)[number]) => {
    dv.setUint16(at, 20, true); // version needed: 2.0 (deflate)
    dv.setUint16(at + 2, p.flags, true);
    dv.setUint16(at + 4, p.method, true);
    dv.setUint16(at + 6, 0, true); // time 00:00:00
    dv.setUint16(at + 8, DOS_DATE, true);
    dv.setUint32(at + 10, p.crc, true);
    dv.setUint32(at + 14, p.body.byteLength, true);
    dv.setUint32(at + 18, p.size, true);
    dv.setUint16(at + 22, p.name.byteLength, true);
    dv.setUint16(at + 24, 0, true); // extra length
  };
  for (const p of parts) {
    dv.setUint32(p.offset, SIG_LOCAL, true);
    header(p.offset + 4, p);
    out.set(p.name, p.offset + 30);
    out.set(p.body, p.offset + 30 + p.name.byteLength);
  }
  let at = offset;
  for (const p of parts) {
    dv.setUint32(at, SIG_CENTRAL, true);
    dv.setUint16(at + 4, 20, true); // version made by: 2.0, MS-DOS attributes
    header(at + 6, p);
    // comment length, disk, internal and external attributes stay 0
    dv.setUint32(at + 42, p.offset, true);
    out.set(p.name, at + 46);
    at += 46 + p.name.byteLength;
  }
  dv.setUint32(at, SIG_EOCD, true);
  dv.setUint16(at + 8, parts.length, true);
  dv.setUint16(at + 10, parts.length, true);
  dv.setUint32(at + 12, cdSize, true);
  dv.setUint32(at + 16, offset, true);
  return out;
}

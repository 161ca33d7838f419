/** Helpers for the io and datasets tests: fixture paths, raw bytes, temp dirs, and error checks. */
import { expect } from "bun:test";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mx } from "./helpers.ts";

export const FIX = join(import.meta.dir, "fixtures", "io");
export const DFIX = join(import.meta.dir, "fixtures", "datasets");

/** A fixture's bytes, in an ArrayBuffer of their own. */
export function fixture(name: string, dir = FIX): Uint8Array {
  const b = readFileSync(join(dir, name));
  return new Uint8Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A fresh temporary directory. */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "kiln-io-"));
}

/** Asserts that `f` throws (or rejects with) a KilnError whose message contains every part. */
export async function expectKilnError(f: () => unknown, ...parts: string[]): Promise<void> {
  let err: unknown = null;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  if (!(err instanceof mx.KilnError)) throw new Error(`expected a KilnError, got ${err === null ? "no error" : String(err)}`);
  for (const p of parts) expect(err.message).toContain(p);
}

/** The .npy bytes for a header text and data, written by hand (version 1, 2 or 3). */
export function npyBytes(header: string, data: Uint8Array = new Uint8Array(0), version = 1): Uint8Array {
  const h = new TextEncoder().encode(header);
  const lenBytes = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lenBytes + h.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, h.length, true);
  else dv.setUint32(8, h.length, true);
  out.set(h, 8 + lenBytes);
  out.set(data, 8 + lenBytes + h.length);
  return out;
}

/** Bytes of a TypedArray (a view). */
export function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Evaluates whatever a loader returned (an array, a record, or [record, metadata]) and reads every value. */
export async function touch(v: unknown): Promise<void> {
  if (v instanceof mx.MxArray) await v.data();
  else if (Array.isArray(v)) for (const e of v) await touch(e);
  else if (v && typeof v === "object") for (const e of Object.values(v)) if (e instanceof mx.MxArray) await e.data();
}

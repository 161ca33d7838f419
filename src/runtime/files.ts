/**
 * File access for `mx.save`/`mx.load` and `kiln/datasets`: whole-file reads and writes through
 * `node:fs/promises` (Bun, Node and Deno all provide it), loaded lazily so that this module
 * also loads in browsers and Workers, where path-based calls fail with a clear error and the
 * byte-level APIs (`mx.io.fromNpy(bytes)`, ...) are the way in.
 */
import { KilnError } from "../core/errors.ts";

interface Fs {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
  access(path: string): Promise<void>;
}

let fs: Promise<Fs | null> | null = null;

function loadFs(): Promise<Fs | null> {
  fs ??= import("node:fs/promises").then(
    (m) => m as unknown as Fs,
    () => null,
  );
  return fs;
}

async function needFs(op: string): Promise<Fs> {
  const f = await loadFs();
  if (!f) {
    throw new KilnError(op, "File paths need a runtime with a file system (Bun, Node, Deno); in browsers and Workers use the byte APIs (mx.io.fromNpy(bytes), mx.io.toNpy(x), ...).");
  }
  return f;
}

function describe(e: unknown): string {
  const err = e as { code?: string; message?: string };
  return err.code ? `${err.code}: ${err.message ?? ""}` : String(e);
}

/** The bytes of the file at `path` (a view, no copy beyond the read). */
export async function readFileBytes(path: string, op: string): Promise<Uint8Array> {
  const f = await needFs(op);
  try {
    const b = await f.readFile(path);
    return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    throw new KilnError(op, `Could not read "${path}" (${describe(e)}).`);
  }
}

/** Writes `data` to `path`, replacing the file. */
export async function writeFileBytes(path: string, data: Uint8Array, op: string): Promise<void> {
  const f = await needFs(op);
  try {
    await f.writeFile(path, data);
  } catch (e) {
    throw new KilnError(op, `Could not write "${path}" (${describe(e)}).`);
  }
}

/** True when `path` exists and is readable (false where there is no file system). */
export async function fileExists(path: string): Promise<boolean> {
  const f = await loadFs();
  if (!f) return false;
  return f.access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The file-system path of a file inside an installed package (`"mnist/package.json"`),
 * resolved from kiln's own location; null when the package is not installed.
 */
export async function resolvePackageFile(specifier: string): Promise<string | null> {
  try {
    const url = import.meta.resolve(specifier);
    if (!url.startsWith("file:")) return null;
    const { fileURLToPath } = await import("node:url");
    return fileURLToPath(url);
  } catch {
    return null;
  }
}

/**
 * Path-based save and load (MLX's `mx.save`, `mx.savez`, `mx.savez_compressed`,
 * `mx.save_safetensors`, `mx.load`), on top of the byte-level codecs. They are async: arrays may
 * need evaluating on the GPU, files are read and written without blocking, and deflate runs
 * through the platform's streams. `load` also takes the bytes themselves (Uint8Array or
 * ArrayBuffer), which works everywhere, browsers and Workers included.
 */
import { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";
import { readFileBytes, writeFileBytes } from "../runtime/files.ts";
import { asArray, type ArrayLike } from "../ops/util.ts";
import { fromNpy, toNpy } from "./npy.ts";
import { fromNpz, toNpz, type ArrayMap } from "./npz.ts";
import { fromSafetensors, toSafetensors } from "./safetensors.ts";

export type FileFormat = "npy" | "npz" | "safetensors";

export interface LoadOptions {
  /** The file's format; by default taken from the extension, else from the first bytes. */
  format?: FileFormat;
  /** For .safetensors: also return the `__metadata__` strings, as `[arrays, metadata]` (MLX's `return_metadata`). */
  returnMetadata?: boolean;
}

function withExtension(path: string, ext: string, op: string): string {
  if (typeof path !== "string" || path.length === 0) fail(op, `Expected a file path, got ${String(path)}.`);
  return path.endsWith(ext) ? path : path + ext;
}

function formatOf(path: string | null, bytes: Uint8Array): FileFormat {
  for (const f of ["npy", "npz", "safetensors"] as const) if (path?.endsWith(`.${f}`)) return f;
  if (bytes[0] === 0x93 && bytes[1] === 0x4e) return "npy"; // \x93NUMPY
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "npz"; // PK
  return "safetensors";
}

/** Saves one array as a .npy file (".npy" is appended when missing), byte-identical to NumPy's `np.save`. */
export async function save(path: string, x: ArrayLike): Promise<void> {
  const file = withExtension(path, ".npy", "save");
  await writeFileBytes(file, await toNpy(asArray("save", x), "save"), "save");
}

/** Saves arrays as an uncompressed .npz (a record name -> array, or a list saved as arr_0, arr_1, ...). */
export async function savez(path: string, arrays: ArrayMap): Promise<void> {
  const file = withExtension(path, ".npz", "savez");
  await writeFileBytes(file, await toNpz(arrays, { compress: false }, "savez"), "savez");
}

/** Like `savez`, with every member deflated (NumPy's `savez_compressed`). */
export async function savezCompressed(path: string, arrays: ArrayMap): Promise<void> {
  const file = withExtension(path, ".npz", "savezCompressed");
  await writeFileBytes(file, await toNpz(arrays, { compress: true }, "savezCompressed"), "savezCompressed");
}

/** Saves arrays (and optional string metadata) as a .safetensors file (".safetensors" is appended when missing). */
export async function saveSafetensors(path: string, arrays: ArrayMap, metadata?: Record<string, string>): Promise<void> {
  const file = withExtension(path, ".safetensors", "saveSafetensors");
  await writeFileBytes(file, await toSafetensors(arrays, metadata, "saveSafetensors"), "saveSafetensors");
}

type Source = string | Uint8Array | ArrayBuffer;
type Arrays = Record<string, MxArray>;

/**
 * Loads a .npy file (one array), an .npz file (a record of arrays) or a .safetensors file (a
 * record, or `[arrays, metadata]` with `returnMetadata`), from a path or from the bytes.
 * Other dtypes are converted as described in src/io/convert.ts (float64 -> float32, ...).
 */
export async function load(src: `${string}.npy`, opts?: LoadOptions): Promise<MxArray>;
export async function load(src: `${string}.npz`, opts?: LoadOptions): Promise<Arrays>;
export async function load(src: Source, opts: LoadOptions & { returnMetadata: true }): Promise<[Arrays, Record<string, string>]>;
export async function load(src: `${string}.safetensors`, opts?: LoadOptions & { returnMetadata?: false }): Promise<Arrays>;
export async function load(src: Source, opts?: LoadOptions): Promise<MxArray | Arrays | [Arrays, Record<string, string>]>;
export async function load(src: Source, opts: LoadOptions = {}): Promise<MxArray | Arrays | [Arrays, Record<string, string>]> {
  let bytes: Uint8Array;
  let path: string | null = null;
  if (typeof src === "string") {
    path = src;
    bytes = await readFileBytes(src, "load");
  } else if (src instanceof Uint8Array) bytes = src;
  else if (src instanceof ArrayBuffer) bytes = new Uint8Array(src);
  else fail("load", `Expected a file path, a Uint8Array or an ArrayBuffer, got ${String(src)}.`);
  const format = opts.format ?? formatOf(path, bytes);
  if (opts.returnMetadata && format !== "safetensors") fail("load", `returnMetadata is only supported for .safetensors files, not .${format}.`);
  switch (format) {
    case "npy":
      return fromNpy(bytes, "load");
    case "npz":
      return fromNpz(bytes, "load");
    case "safetensors": {
      const { arrays, metadata } = fromSafetensors(bytes, "load");
      return opts.returnMetadata ? [arrays, metadata] : arrays;
    }
    default:
      fail("load", `Unknown format ${JSON.stringify(format)}; expected "npy", "npz" or "safetensors".`);
  }
}

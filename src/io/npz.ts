/**
 * NumPy `.npz`: a zip archive of `.npy` members, one per array (`name.npy`, or `arr_0.npy`,
 * `arr_1.npy`, ... for positional arrays), stored (`np.savez`) or deflated
 * (`np.savez_compressed`). Async, because deflate runs through the platform's streams.
 */
import { MxArray } from "../core/array.ts";
import { fail } from "../core/errors.ts";
import { asArray, type ArrayLike } from "../ops/util.ts";
import { evaluateForSave } from "./convert.ts";
import { encodeNpy, fromNpy } from "./npy.ts";
import { readZip, writeZip } from "./zip.ts";

/** Arrays to save: a name -> array record, or a list (saved as arr_0, arr_1, ...); JS values become arrays. */
export type ArrayMap = Record<string, ArrayLike> | readonly ArrayLike[];

/** Sets `key` on a plain record safely (a member named "__proto__" stays a member). */
export function setEntry<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Names and arrays of an ArrayMap, checked. */
export function namedArrays(op: string, arrays: ArrayMap): [string, MxArray][] {
  if (arrays === null || typeof arrays !== "object" || arrays instanceof MxArray || ArrayBuffer.isView(arrays)) {
    fail(op, `Expected a record {name: array} or a list of arrays, got ${arrays instanceof MxArray ? "one array" : String(arrays)}.`);
  }
  const list: [string, ArrayLike][] = Array.isArray(arrays)
    ? (arrays as readonly ArrayLike[]).map((a, i) => [`arr_${i}`, a])
    : Object.entries(arrays as Record<string, ArrayLike>);
  return list.map(([name, a]) => [name, asArray(op, a)]);
}

/** Reads every `.npy` member of an .npz archive held in `bytes`; other members are skipped. */
export async function fromNpz(bytes: Uint8Array, op = "load"): Promise<Record<string, MxArray>> {
  const out: Record<string, MxArray> = {};
  for (const e of readZip(bytes, op)) {
    if (!e.name.endsWith(".npy")) continue;
    const name = e.name.slice(0, -4);
    if (Object.prototype.hasOwnProperty.call(out, name)) fail(op, `The .npz file has two members named "${e.name}".`);
    const data = await e.read();
    setEntry(out, name, fromNpy(data, op));
  }
  return out;
}

/** The bytes of an .npz archive of `arrays` (evaluated on any stream); `compress` deflates each member. */
export async function toNpz(arrays: ArrayMap, opts: { compress?: boolean } = {}, op = "savez"): Promise<Uint8Array> {
  const list = namedArrays(op, arrays);
  await evaluateForSave(op, list.map(([, a]) => a));
  const files = list.map(([name, a]) => ({ name: `${name}.npy`, data: encodeNpy(a), compress: opts.compress ?? false }));
  return writeZip(files, op);
}

/**
 * Saving and loading arrays: NumPy .npy and .npz, and .safetensors — byte-compatible with
 * NumPy and the safetensors reference library. Path-based functions (`save`, `load`, ...) need
 * a runtime with a file system; the byte-level ones (`toNpy`/`fromNpy`, `toNpz`/`fromNpz`,
 * `toSafetensors`/`fromSafetensors`) work everywhere. All writers, and `load`/`fromNpz`, are
 * async; `fromNpy` and `fromSafetensors` are sync.
 */
export { save, savez, savezCompressed, saveSafetensors, load, type LoadOptions, type FileFormat } from "./files.ts";
export { toNpy, fromNpy, parseNpy } from "./npy.ts";
export { toNpz, fromNpz, type ArrayMap } from "./npz.ts";
export { toSafetensors, fromSafetensors, parseSafetensors, type SafetensorsContents } from "./safetensors.ts";
export { readZip, writeZip, crc32, type ZipEntry, type ZipInput } from "./zip.ts";
export { decompress, deflateRaw } from "./deflate.ts";
export type { RawTensor, WireType } from "./convert.ts";

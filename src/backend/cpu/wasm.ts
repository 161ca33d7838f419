/**
 * The CPU backend's contract with the compiled AssemblyScript kernels.
 *
 * Each kernel family `asm/<family>.ts` is compiled to its own module (`build/wasm/<family>.wasm`)
 * that imports one shared `env.memory`; family k keeps its static data at k*64 KiB
 * (`asc --memoryBase`), so the list order below is the memory map and must match the build
 * (scripts/build-wasm.mjs reads this list). Kernels take byte pointers into that memory and
 * element counts; small descriptors (shapes, strides) are written to the scratch area first.
 */
import { heap, SCRATCH_BASE, SCRATCH_END, PAGE } from "../../core/memory.ts";
import type { Platform } from "../../core/platform.ts";

export const WASM_FAMILIES = [
  "copy",
  "unary",
  "binary",
  "reduce",
  "indexing",
  "matmul",
  "conv",
  "softmax",
  "random",
  "sort",
] as const;
export type WasmFamily = (typeof WASM_FAMILIES)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Exports = Record<string, any>;
const instances = new Map<string, Exports>();

/** Creates the shared memory and instantiates every family's module. */
export async function initWasm(p: Platform): Promise<void> {
  if (instances.size > 0) return;
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 65536 });
  heap.attach(memory);
  const abort = (msg: number, file: number, line: number, col: number) => {
    throw new Error(`[kiln] WASM kernel abort at ${line}:${col}`);
  };
  const mods = await Promise.all(WASM_FAMILIES.map((f) => p.loadWasm(f)));
  WASM_FAMILIES.forEach((f, i) => {
    const inst = new WebAssembly.Instance(mods[i]!, { env: { memory, abort, seed: () => 0 } });
    instances.set(f, inst.exports as Exports);
  });
}

/** The exports of one family's module (after `initWasm`). */
export function wasm<T extends Exports = Exports>(family: WasmFamily): T {
  const e = instances.get(family);
  if (!e) throw new Error(`[kiln] CPU kernels for "${family}" are not loaded (was the runtime initialised?)`);
  return e as T;
}

let scratchTop = SCRATCH_BASE;

/** Resets the descriptor scratch area (the scheduler calls this before each kernel). */
export function resetScratch(): void {
  scratchTop = SCRATCH_BASE;
}

/** Writes int32 values to the scratch area and returns their byte pointer. */
export function scratchI32(values: ArrayLike<number>): number {
  const bytes = values.length * 4;
  const ptr = (scratchTop + 15) & ~15;
  if (ptr + bytes > SCRATCH_END) throw new Error(`[kiln] kernel descriptor too large (${bytes} bytes)`);
  new Int32Array(heap.memory!.buffer, ptr, values.length).set(values);
  scratchTop = ptr + bytes;
  return ptr;
}

/** Writes float32 values to the scratch area and returns their byte pointer. */
export function scratchF32(values: ArrayLike<number>): number {
  const bytes = values.length * 4;
  const ptr = (scratchTop + 15) & ~15;
  if (ptr + bytes > SCRATCH_END) throw new Error(`[kiln] kernel descriptor too large (${bytes} bytes)`);
  new Float32Array(heap.memory!.buffer, ptr, values.length).set(values);
  scratchTop = ptr + bytes;
  return ptr;
}

export { PAGE };

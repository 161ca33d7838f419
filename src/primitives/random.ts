/**
 * Random-family primitives: parameters and shape rules.
 *
 * randomBits: input = a key (uint32, shape [2]); output = `shape` of uint32 (width 4) or uint8
 * (width 1) Threefry-2x32 bits, counter layout documented in asm/random.ts. It has no
 * gradient (its output is integer bits), so vjp/jvp are zero and vmap maps over keys.
 */
import type { Shape } from "../core/shape.ts";

/** randomBits: output shape and bytes per element (4 -> uint32, 1 -> uint8). */
export interface RandomBitsParams {
  shape: number[];
  width: 1 | 4;
}

/** Output shape of randomBits (the requested shape; the key is consumed whole). */
export function randomBitsShape(_key: Shape, p: RandomBitsParams): number[] {
  return [...p.shape];
}

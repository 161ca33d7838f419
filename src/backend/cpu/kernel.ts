/**
 * The CPU kernel contract: a kernel receives the node to compute; its inputs are evaluated
 * (each has `storage`, contiguous row-major bytes in WASM memory). The kernel allocates the
 * output with `node.allocate()` (or shares an input's bytes with `node.alias(input)` for a
 * view) and calls its WASM export with byte pointers.
 */
import type { Node } from "../../core/node.ts";

export type CpuKernel = (node: Node) => void;

/** Byte pointer of an evaluated node's data. */
export function ptrOf(n: Node): number {
  return n.storage!.ptr;
}

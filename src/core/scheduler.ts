/**
 * Evaluation: orders the pending nodes behind the requested arrays (topological order),
 * runs each on its stream's device, frees intermediates once their last consumer has run,
 * and detaches the roots. Backends register themselves here (the core imports no backend).
 */
import { DeviceError, KilnError } from "./errors.ts";
import type { Node } from "./node.ts";
import { heap } from "./memory.ts";
import { platform } from "./platform.ts";
import type { DeviceType } from "./device.ts";

/** What a device backend offers the scheduler. */
export interface Backend {
  /** Computes one node whose inputs are evaluated, synchronously. */
  run(node: Node): void;
}

const backends = new Map<DeviceType, Backend>();

/** Installs the backend for a device type. */
export function registerBackend(type: DeviceType, b: Backend): void {
  backends.set(type, b);
}

/** Pending nodes behind `roots`, inputs before consumers. */
function schedule(roots: Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: { n: Node; i: number }[] = [];
  for (const r of roots) {
    if (r.evaluated || seen.has(r)) continue;
    if (!r.computable) throw new KilnError("eval", "The array was disposed; it has no value to read or compute.");
    seen.add(r);
    stack.push({ n: r, i: 0 });
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const ins = top.n.inputs;
      if (top.i < ins.length) {
        const c = ins[top.i++]!;
        if (!c.evaluated && !seen.has(c)) {
          seen.add(c);
          if (!c.computable) throw new KilnError("eval", "An input array was disposed before it was evaluated.");
          stack.push({ n: c, i: 0 });
        }
      } else {
        stack.pop();
        order.push(top.n);
      }
    }
  }
  return order;
}

/** Evaluates `roots` synchronously; throws if any pending node is on the GPU. */
export function evaluateSync(roots: Node[], op = "evalSync"): void {
  const order = schedule(roots);
  for (const n of order) {
    if (n.stream && n.stream.device.type !== "cpu") {
      throw new DeviceError(
        op,
        `The graph contains "${n.prim}" on the GPU stream; use the async readers (await mx.eval(...), await x.data()).`,
      );
    }
  }
  execute(order, roots);
}

/** Evaluates `roots` (on any stream). */
export async function evaluate(roots: Node[]): Promise<void> {
  if (heap.wantsReclaim()) {
    // Arrays the program dropped give their bytes back only when their finalizers run, which
    // needs a GC and a turn of the event loop: take that turn here, under memory pressure,
    // so an `await mx.eval(...)` training loop holds memory flat.
    platform().gc();
    await platform().nextTask();
    heap.reclaimed();
  }
  const order = schedule(roots);
  execute(order, roots);
}

function execute(order: Node[], roots: Node[]): void {
  if (order.length === 0) return;
  const rootSet = new Set(roots);
  // consumers of each node inside this evaluation, to free intermediates early
  const inOrder = new Set(order);
  const pending = new Map<Node, number>();
  for (const n of order) for (const i of n.inputs) if (inOrder.has(i)) pending.set(i, (pending.get(i) ?? 0) + 1);
  for (const n of order) {
    const type = n.stream?.device.type ?? "cpu";
    const b = backends.get(type);
    if (!b) throw new DeviceError(String(n.prim), `No backend is registered for the ${type} device.`);
    try {
      b.run(n);
    } catch (e) {
      // A kernel that fails (e.g. an index out of range) must not leave half-written bytes
      // that look evaluated; drop them and the intermediates still waiting for consumers.
      n.dropIntermediate();
      for (const i of pending.keys()) if (!rootSet.has(i)) i.dropIntermediate();
      throw e;
    }
    for (const i of n.inputs) {
      const c = pending.get(i);
      if (c === undefined) continue;
      if (c <= 1) {
        pending.delete(i);
        if (!rootSet.has(i)) i.dropIntermediate();
      } else pending.set(i, c - 1);
    }
  }
  for (const r of roots) r.detach();
}

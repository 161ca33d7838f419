/**
 * Evaluation: orders the pending nodes behind the requested arrays (topological order),
 * runs each on its stream's device, frees intermediates once their last consumer has run,
 * and detaches the roots. Backends register themselves here (the core imports no backend).
 *
 * Streams and unified memory (async `evaluate`): GPU nodes only encode dispatches (their
 * inputs are uploaded on demand by the memory layer); the encoded work is submitted before
 * any CPU node runs, so CPU-stream work proceeds while the GPU queue is busy. A CPU node whose
 * input's current copy is only on the GPU waits for it (the readback awaits the queue).
 * `evaluateSync` refuses GPU nodes and GPU-only inputs with an error naming the async readers.
 */
import { DeviceError, KilnError } from "./errors.ts";
import type { Node } from "./node.ts";
import { heap } from "./memory.ts";
import { platform } from "./platform.ts";
import type { DeviceType } from "./device.ts";

/** What a device backend offers the scheduler. */
export interface Backend {
  /** Computes one node whose inputs are evaluated, synchronously (a GPU backend encodes it). */
  run(node: Node): void;
  /** Async work before `run` (compiling pipelines); may return nothing when none is needed. */
  prepare?(node: Node): Promise<void> | void;
  /** Submits work encoded by `run`. */
  flush?(): void;
  /** Resolves when every submitted piece of work has finished on the device. */
  synchronize?(): Promise<void>;
}

const backends = new Map<DeviceType, Backend>();

/** Installs the backend for a device type. */
export function registerBackend(type: DeviceType, b: Backend): void {
  backends.set(type, b);
}

/**
 * Waits until the work already submitted to every device has finished (MLX's
 * `mx.synchronize`). Evaluation only submits GPU work; reading a result or calling this waits.
 */
export async function synchronize(): Promise<void> {
  await Promise.all([...backends.values()].map((b) => {
    b.flush?.();
    return b.synchronize?.();
  }));
}

function tracerError(n: Node): never {
  throw new KilnError(
    "eval",
    `Attempting to evaluate an array that depends on the traced arguments of ${n.tracer} inside the transformed function (item(), tolist(), data(), eval, printing). Values are not available while tracing: compute with array ops, or evaluate outside the ${n.tracer}.`,
  );
}

/** Pending nodes behind `roots`, inputs before consumers. */
function schedule(roots: Node[]): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>();
  const stack: { n: Node; i: number }[] = [];
  for (const r of roots) {
    if (r.evaluated || seen.has(r)) continue;
    if (!r.computable) throw new KilnError("eval", "The array was disposed; it has no value to read or compute.");
    if (r.tracer) tracerError(r);
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
          if (c.tracer) tracerError(c);
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
    for (const i of n.inputs) {
      if (i.storage && !i.storage.onHost) {
        throw new DeviceError(
          op,
          `"${n.prim}" reads an array whose value is only on the GPU; use the async readers (await mx.eval(...), await x.data()).`,
        );
      }
    }
  }
  execute(order, roots);
}

/** Evaluates `roots` (on any stream); with `toHost`, also makes their host copies current. */
export async function evaluate(roots: Node[], opts: { toHost?: boolean } = {}): Promise<void> {
  if (heap.wantsReclaim()) {
    // Arrays the program dropped give their bytes back only when their finalizers run, which
    // needs a GC and a turn of the event loop: take that turn here, under memory pressure,
    // so an `await mx.eval(...)` training loop holds memory flat.
    platform().gc();
    await platform().nextTask();
    heap.reclaimed();
  }
  const order = schedule(roots);
  await executeAsync(order, roots);
  if (opts.toHost) for (const r of roots) await r.storage?.syncHost();
}

function backendOf(n: Node): Backend {
  const type = n.stream?.device.type ?? "cpu";
  const b = backends.get(type);
  if (!b) throw new DeviceError(String(n.prim), `No backend is registered for the ${type} device.`);
  return b;
}

/**
 * Bookkeeping of one evaluation: how many consumers inside it each node still has, so that
 * intermediates give their bytes back as soon as their last consumer has run.
 */
class Run {
  private readonly rootSet: Set<Node>;
  private readonly pending = new Map<Node, number>();
  constructor(
    order: Node[],
    private readonly roots: Node[],
  ) {
    this.rootSet = new Set(roots);
    const inOrder = new Set(order);
    for (const n of order) for (const i of n.inputs) if (inOrder.has(i)) this.pending.set(i, (this.pending.get(i) ?? 0) + 1);
  }
  /** After `n` ran: frees inputs whose last consumer it was (unless they are roots). */
  ran(n: Node): void {
    for (const i of n.inputs) {
      const c = this.pending.get(i);
      if (c === undefined) continue;
      if (c <= 1) {
        this.pending.delete(i);
        if (!this.rootSet.has(i)) i.dropIntermediate();
      } else this.pending.set(i, c - 1);
    }
  }
  /**
   * After `n` failed: a kernel that fails (e.g. an index out of range) must not leave
   * half-written bytes that look evaluated; drop them and the intermediates still waiting.
   */
  failed(n: Node): void {
    n.dropIntermediate();
    for (const i of this.pending.keys()) if (!this.rootSet.has(i)) i.dropIntermediate();
  }
  /** After the last node: roots drop their recipes. */
  done(): void {
    for (const r of this.roots) r.detach();
  }
}

/** Like `execute`, across devices: prepares GPU nodes, submits before CPU nodes, awaits readbacks. */
async function executeAsync(order: Node[], roots: Node[]): Promise<void> {
  if (order.length === 0) return;
  if (!order.some((n) => n.stream?.device.type === "gpu" || n.inputs.some((i) => i.storage && !i.storage.onHost))) {
    execute(order, roots);
    return;
  }
  const gpu = backends.get("gpu");
  const run = new Run(order, roots);
  let encoded = false;
  for (const n of order) {
    const b = backendOf(n);
    try {
      if (b === gpu) {
        const p = b.prepare?.(n);
        if (p) await p;
        b.run(n);
        encoded = true;
      } else {
        if (encoded) {
          gpu?.flush?.();
          encoded = false;
        }
        for (const i of n.inputs) if (i.storage && !i.storage.onHost) await i.storage.syncHost();
        b.run(n);
      }
    } catch (e) {
      gpu?.flush?.();
      run.failed(n);
      throw e;
    }
    run.ran(n);
  }
  gpu?.flush?.();
  run.done();
}

function execute(order: Node[], roots: Node[]): void {
  if (order.length === 0) return;
  const run = new Run(order, roots);
  for (const n of order) {
    const b = backendOf(n);
    try {
      b.run(n);
    } catch (e) {
      run.failed(n);
      throw e;
    }
    run.ran(n);
  }
  run.done();
}

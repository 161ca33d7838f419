/** Devices and streams, as in MLX: `mx.cpu`, `mx.gpu`, default streams, `withStream`. */
import { DeviceError, KilnError } from "./errors.ts";

export type DeviceType = "cpu" | "gpu";

/** A compute device. `mx.gpu.available` tells whether a usable WebGPU adapter was found. */
export class Device {
  /** Adapter description once the GPU backend has started; null on the CPU. */
  info: Record<string, string> | null = null;
  available: boolean;
  /** @internal */
  constructor(readonly type: DeviceType) {
    this.available = type === "cpu";
  }
  toString(): string {
    return `Device(${this.type}, 0)`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** A queue of work on a device; ops on one stream run in order. */
export class Stream {
  /** @internal */
  constructor(
    readonly device: Device,
    readonly index: number,
  ) {}
  toString(): string {
    return `Stream(${this.device}, ${this.index})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

export const cpu = new Device("cpu");
export const gpu = new Device("gpu");

let streamCount = 0;
const defaults = new Map<Device, Stream>([
  [cpu, new Stream(cpu, streamCount++)],
  [gpu, new Stream(gpu, streamCount++)],
]);
let defaultDev: Device = cpu;
const streamStack: Stream[] = [];

/**
 * The default device stays the CPU while the GPU kernel table is incomplete (DESIGN.md makes
 * the GPU the default once every primitive has a WGSL kernel); pick the GPU with
 * `setDefaultDevice(mx.gpu)` or `{ stream: mx.gpu }`.
 */
/** The device ops run on when no stream is given. */
export function defaultDevice(): Device {
  return defaultDev;
}

/** Sets the default device. */
export function setDefaultDevice(d: Device): void {
  if (!(d instanceof Device)) throw new KilnError("setDefaultDevice", `Expected a Device, got ${String(d)}.`);
  if (!d.available) throw new DeviceError("setDefaultDevice", `The ${d.type} device is not available.`);
  defaultDev = d;
}

/** The default stream of a device (of the default device when omitted). */
export function defaultStream(d: Device = defaultDev): Stream {
  return defaults.get(d)!;
}

/** Makes a new stream on a device. */
export function newStream(d: Device): Stream {
  return new Stream(d, streamCount++);
}

/** Runs `fn` with `s` (a Stream or Device) as the default stream, like MLX's `with mx.stream(s)`. */
export function withStream<T>(s: Stream | Device, fn: () => T): T {
  streamStack.push(s instanceof Device ? defaultStream(s) : s);
  try {
    return fn();
  } finally {
    streamStack.pop();
  }
}

/** Resolves an op's `stream` option to a Stream, checking that its device is usable. */
export function resolveStream(op: string, s?: Stream | Device | null): Stream {
  let st: Stream;
  if (s === undefined || s === null) st = streamStack[streamStack.length - 1] ?? defaultStream();
  else if (s instanceof Stream) st = s;
  else if (s instanceof Device) st = defaultStream(s);
  else throw new KilnError(op, `The stream option must be a Stream or a Device, got ${String(s)}.`);
  if (!st.device.available) {
    throw new DeviceError(op, `The ${st.device.type} device is not available (no usable WebGPU adapter was found).`);
  }
  return st;
}

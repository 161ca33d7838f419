/** Errors raised by kiln. Every message starts with `[opName]`, as in MLX. */

/** The error class for bad input to an op: wrong shapes, dtypes, axes or arguments. */
export class KilnError extends Error {
  /** The op that rejected its input, e.g. "matmul". */
  readonly op: string;
  constructor(op: string, message: string) {
    super(`[${op}] ${message}`);
    this.name = "KilnError";
    this.op = op;
  }
}

/** Raised when a value is read synchronously but lives only on the GPU, or the GPU is missing. */
export class DeviceError extends KilnError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = "DeviceError";
  }
}

/** Raised when memory cannot be allocated within the limit. */
export class MemoryError extends KilnError {
  constructor(op: string, message: string) {
    super(op, message);
    this.name = "MemoryError";
  }
}

/** Throws a KilnError for `op`. */
export function fail(op: string, message: string): never {
  throw new KilnError(op, message);
}

/** Formats a shape as MLX does in messages: (2,3). */
export function fmtShape(shape: readonly number[]): string {
  return `(${shape.join(",")})`;
}

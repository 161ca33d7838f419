/** Errors: KilnError subclasses with "[op]" prefixes for bad input, bad streams and the missing GPU. */
import { describe, expect, test } from "bun:test";
import { mx } from "./helpers.ts";

/** Runs `fn`, expecting a KilnError (or subclass) for `op` whose message matches `re`. */
function expectKilnError(fn: () => unknown, op: string, re: RegExp = /./, cls: typeof mx.KilnError = mx.KilnError): void {
  let err: unknown = null;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  if (err === null) throw new Error(`expected [${op}] to throw`);
  expect(err).toBeInstanceOf(Error);
  expect(err).toBeInstanceOf(cls);
  const e = err as InstanceType<typeof mx.KilnError>;
  expect(e.op).toBe(op);
  expect(e.message.startsWith(`[${op}] `)).toBe(true);
  expect(e.message).toMatch(re);
}

describe("bad input names the op, the shapes and what was expected", () => {
  test("reshape", () => {
    const x = mx.zeros([2, 3]);
    expectKilnError(() => mx.reshape(x, [4, 2]), "reshape", /size 6.*\(4,2\)/);
    expectKilnError(() => mx.reshape(x, [-1, -1]), "reshape", /infer one dimension/);
    expectKilnError(() => x.reshape([7, -1]), "reshape", /\(2,3\).*\(7,-1\)/);
  });

  test("transpose", () => {
    const x = mx.zeros([2, 3, 4]);
    expectKilnError(() => mx.transpose(x, [0, 1]), "transpose", /3 dimensions/);
    expectKilnError(() => mx.transpose(x, [0, 1, 3]), "transpose", /Axis 3 is out of bounds for array of dimension 3/);
    expectKilnError(() => mx.transpose(x, [0, 1, -4]), "transpose", /out of bounds/);
    expectKilnError(() => mx.transpose(x, [1, 1, 0]), "transpose");
    expectKilnError(() => mx.transpose(x, [0, 1, 1.5]), "transpose", /integer/);
  });

  test("broadcastTo", () => {
    expectKilnError(() => mx.broadcastTo(mx.zeros([2, 3]), [3, 3]), "broadcastTo", /\(2,3\).*\(3,3\)/);
    expectKilnError(() => mx.broadcastTo(mx.zeros([2]), [1.5]), "broadcastTo", /non-negative integers/);
  });

  test("astype", () => {
    expectKilnError(() => mx.astype(mx.zeros([1]), "int32" as never), "astype", /dtype/);
    expectKilnError(() => mx.astype(undefined as never, mx.int32), "astype");
  });

  test("creation ops", () => {
    expectKilnError(() => mx.zeros([2, -3]), "zeros", /non-negative integers, got \(2,-3\)/);
    expectKilnError(() => mx.ones("3" as never), "ones");
    expectKilnError(() => mx.full([2], mx.zeros([2])), "full", /broadcastTo/);
    expectKilnError(() => mx.arange(0, 1, 0), "arange", /step = 0/);
    expectKilnError(() => mx.arange(1, { dtype: mx.bool }), "arange", /Bool/);
    expectKilnError(() => mx.linspace(0, 1, -2), "linspace", /non-negative integer/);
    expectKilnError(() => mx.eye(-2), "eye", /non-negative integer/);
    expectKilnError(() => mx.array([[1, 2], [3]]), "array", /rectangular/);
    expectKilnError(() => mx.array({} as never), "array");
    expectKilnError(() => mx.array(new Float32Array(3), { shape: [2, 2] }), "array", /\(2,2\) from 3 elements/);
  });

  test("readers", () => {
    expectKilnError(() => mx.zeros([2, 2]).item(), "item", /size 1.*\(2,2\)/);
    const x = mx.array([1, 2]);
    x[Symbol.dispose]();
    expectKilnError(() => x.tolist(), "eval", /disposed/);
  });

  test("nothing is corrupted by a failed op", () => {
    const x = mx.array([[1, 2], [3, 4]]);
    expect(() => mx.reshape(x, [3])).toThrow();
    expect(() => mx.transpose(x, [0])).toThrow();
    expect(x.tolist()).toEqual([[1, 2], [3, 4]]);
  });
});

describe("streams", () => {
  test("a bad stream option is rejected clearly", () => {
    expectKilnError(() => mx.zeros([2], { stream: "cpu" as never }), "zeros", /Stream or a Device, got cpu/);
    expectKilnError(() => mx.arange(3, { stream: 5 as never }), "arange", /Stream or a Device/);
    expectKilnError(() => mx.reshape(mx.zeros([2]), [2], { stream: {} as never }), "reshape", /Stream or a Device/);
    expectKilnError(() => mx.astype(mx.zeros([2]), mx.int32, { stream: "gpu" as never }), "astype", /Stream or a Device/);
  });

  test("the GPU stream: a DeviceError naming the op while no WebGPU adapter is available", () => {
    if (mx.gpu.available) {
      // once the WebGPU backend runs, the same calls must succeed
      expect(mx.zeros([2], { stream: mx.gpu }).shape).toEqual([2]);
      return;
    }
    expectKilnError(() => mx.zeros([2], { stream: mx.gpu }), "zeros", /gpu device is not available/, mx.DeviceError);
    expectKilnError(() => mx.arange(4, { stream: mx.gpu }), "arange", /not available/, mx.DeviceError);
    expectKilnError(() => mx.transpose(mx.zeros([2, 2]), { stream: mx.gpu }), "transpose", /not available/, mx.DeviceError);
    expectKilnError(() => mx.astype(mx.zeros([2]), mx.int32, { stream: mx.defaultStream(mx.gpu) }), "astype", /not available/, mx.DeviceError);
    expectKilnError(() => mx.eye(2, { stream: mx.newStream(mx.gpu) }), "eye", /not available/, mx.DeviceError);
    expectKilnError(() => mx.withStream(mx.gpu, () => mx.ones([2])), "ones", /not available/, mx.DeviceError);
    expectKilnError(() => mx.setDefaultDevice(mx.gpu), "setDefaultDevice", /not available/, mx.DeviceError);
    // after the failed withStream the CPU is still the default
    expect(mx.ones([2]).tolist()).toEqual([1, 1]);
  });

  test("error classes", () => {
    const e = new mx.DeviceError("matmul", "x");
    expect(e).toBeInstanceOf(mx.KilnError);
    expect(e.name).toBe("DeviceError");
    expect(e.message).toBe("[matmul] x");
    expect(new mx.MemoryError("memory", "y").name).toBe("MemoryError");
    expect(new mx.KilnError("sum", "z").name).toBe("KilnError");
  });
});

/** Printing: MLX's format through toString, String(), template literals, console.log and Bun.inspect. */
import { describe, expect, test } from "bun:test";
import { mx } from "./helpers.ts";

describe("MLX print format", () => {
  test("integer matrices", () => {
    expect(String(mx.array([[1, 2], [3, 4]]))).toBe("array([[1, 2],\n       [3, 4]], dtype=int32)");
    expect(String(mx.array([-1, 0, 7]))).toBe("array([-1, 0, 7], dtype=int32)");
    expect(String(mx.array(new Uint32Array([0, 4294967295])))).toBe("array([0, 4294967295], dtype=uint32)");
    expect(String(mx.array(new Uint8Array([0, 255])))).toBe("array([0, 255], dtype=uint8)");
  });

  test("floats print like %g", () => {
    expect(String(mx.array([0.5, 1.25]))).toBe("array([0.5, 1.25], dtype=float32)");
    expect(String(mx.array([1, 2], mx.float32))).toBe("array([1, 2], dtype=float32)");
    expect(String(mx.array([1e-7]))).toBe("array([1e-07], dtype=float32)");
    expect(String(mx.array([Infinity, NaN, -Infinity]))).toBe("array([inf, nan, -inf], dtype=float32)");
    expect(String(mx.array([Math.PI, -Math.E]))).toBe("array([3.14159, -2.71828], dtype=float32)");
    // %g switches to scientific notation below 1e-4 and from 1e6 (after rounding to 6 digits)
    expect(String(mx.array([1e-5, 1e-4, 123456, 1234567, 999999.5]))).toBe(
      "array([1e-05, 0.0001, 123456, 1.23457e+06, 1e+06], dtype=float32)",
    );
    expect(String(mx.array([0.1, -2.5e-10, 1e30]))).toBe("array([0.1, -2.5e-10, 1e+30], dtype=float32)");
    expect(String(mx.array([-0, 0], mx.float32))).toBe("array([-0, 0], dtype=float32)");
  });

  test("booleans", () => {
    expect(String(mx.array([true, false]))).toBe("array([true, false], dtype=bool)");
    expect(String(mx.array([[true], [false]]))).toBe("array([[true],\n       [false]], dtype=bool)");
  });

  test("scalars", () => {
    expect(String(mx.array(3))).toBe("array(3, dtype=int32)");
    expect(String(mx.array(0.5))).toBe("array(0.5, dtype=float32)");
    expect(String(mx.array(true))).toBe("array(true, dtype=bool)");
    expect(String(mx.array(NaN))).toBe("array(nan, dtype=float32)");
  });

  test("3-D arrays separate blocks with a blank line, as NumPy does", () => {
    const x = mx.arange(12).reshape([2, 2, 3]);
    expect(String(x)).toBe(
      "array([[[0, 1, 2],\n" +
        "        [3, 4, 5]],\n" +
        "\n" +
        "       [[6, 7, 8],\n" +
        "        [9, 10, 11]]], dtype=int32)",
    );
    const y = mx.zeros([2, 1, 1, 2]);
    expect(String(y)).toBe(
      "array([[[[0, 0]]],\n" + "\n" + "\n" + "       [[[0, 0]]]], dtype=float32)",
    );
  });

  test("empty arrays", () => {
    expect(String(mx.array([]))).toBe("array([], dtype=float32)");
    expect(String(mx.zeros([2, 0], { dtype: mx.int32 }))).toBe("array([[],\n       []], dtype=int32)");
  });

  test("non-contiguous and pending values print their logical order", () => {
    const t = mx.arange(6).reshape([2, 3]).T;
    expect(String(t)).toBe("array([[0, 3],\n       [1, 4],\n       [2, 5]], dtype=int32)");
    const b = mx.broadcastTo(mx.array([1.5]), [3]);
    expect(String(b)).toBe("array([1.5, 1.5, 1.5], dtype=float32)");
  });

  test("big arrays are summarised with ...", () => {
    expect(String(mx.arange(2000))).toBe("array([0, 1, 2, ..., 1997, 1998, 1999], dtype=int32)");
    // at the threshold (1000 elements) everything is printed
    const full = String(mx.arange(1000));
    expect(full).not.toContain("...");
    expect(full).toContain(", 500, ");
    expect(String(mx.arange(2000).reshape([40, 50]))).toBe(
      "array([[0, 1, 2, ..., 47, 48, 49],\n" +
        "       [50, 51, 52, ..., 97, 98, 99],\n" +
        "       [100, 101, 102, ..., 147, 148, 149],\n" +
        "       ...,\n" +
        "       [1850, 1851, 1852, ..., 1897, 1898, 1899],\n" +
        "       [1900, 1901, 1902, ..., 1947, 1948, 1949],\n" +
        "       [1950, 1951, 1952, ..., 1997, 1998, 1999]], dtype=int32)",
    );
    // a short axis of a big array is printed in full
    expect(String(mx.arange(1001 * 2).reshape([1001, 2]))).toBe(
      "array([[0, 1],\n       [2, 3],\n       [4, 5],\n       ...,\n       [1996, 1997],\n       [1998, 1999],\n       [2000, 2001]], dtype=int32)",
    );
    const s3 = String(mx.zeros([10, 10, 20], { dtype: mx.uint8 }));
    expect(s3.startsWith("array([[[0, 0, 0, ..., 0, 0, 0],")).toBe(true);
    expect(s3).toContain("\n\n       ...,\n\n");
    expect(s3.endsWith("]]], dtype=uint8)")).toBe(true);
  });
});

describe("every way of printing uses the MLX format", () => {
  const x = mx.array([[1, 2], [3, 4]]);
  const expected = "array([[1, 2],\n       [3, 4]], dtype=int32)";

  test("String, toString, template literals", () => {
    expect(String(x)).toBe(expected);
    expect(x.toString()).toBe(expected);
    expect(`${x}`).toBe(expected);
    expect("" + x).toBe(expected);
  });

  test("Bun.inspect and console.log", () => {
    expect(Bun.inspect(x)).toBe(expected);
    expect(Bun.inspect({ a: mx.array(1) })).toContain("a: array(1, dtype=int32)");
    expect(Bun.inspect([mx.array([true])])).toContain("array([true], dtype=bool)");
    // console.log in a child process, so the real stdout is what is checked
    const index = new URL("../src/index.ts", import.meta.url).pathname;
    const code = `const mx = await import(${JSON.stringify(index)}); console.log(mx.array([[1, 2], [3, 4]])); console.log("%s", mx.array([0.5]));`;
    const r = Bun.spawnSync([process.execPath, "-e", code], { stdout: "pipe", stderr: "pipe" });
    expect(r.stderr.toString()).toBe("");
    expect(r.stdout.toString()).toBe(expected + "\narray([0.5], dtype=float32)\n");
  });

  test("dtypes and devices print their names", () => {
    expect(String(mx.float32)).toBe("float32");
    expect(Bun.inspect(mx.uint8)).toBe("uint8");
    expect(String(mx.cpu)).toBe("Device(cpu, 0)");
  });
});

/** .npy: NumPy-written fixtures load to the exact values and save back to the exact bytes; conversions; round trips; errors. */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mx, GPU_STREAMS, rng } from "./helpers.ts";
import { FIX, bytesOf, expectKilnError, fixture, npyBytes, tempDir } from "./io_helpers.ts";

const f32 = Math.fround;

/** Fixtures written by `np.save` whose dtype kiln has: loading then saving must give the same bytes. */
const NATIVE: [string, number[], string, unknown][] = [
  ["f32_2x3.npy", [2, 3], "float32", [[-1.5, 0, 2.25], [NaN, Infinity, -Infinity]]],
  ["i32_3.npy", [3], "int32", [-2147483648, 0, 2147483647]],
  ["u32_2x2.npy", [2, 2], "uint32", [[0, 1], [4294967295, 123456789]]],
  ["u8_4.npy", [4], "uint8", [0, 1, 128, 255]],
  ["bool_2x3.npy", [2, 3], "bool", [[true, false, true], [false, false, true]]],
  ["scalar_f32.npy", [], "float32", 3.5],
  ["empty_0x3.npy", [0, 3], "float32", []],
];

/** Fixtures that load through a conversion (byte order, Fortran order, other dtypes, header versions). */
const CONVERTED: [string, number[], string, unknown][] = [
  ["f32_fortran_3x4.npy", [3, 4], "float32", [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]],
  ["i32_fortran_2x3x4.npy", [2, 3, 4], "int32", [[[-7, -6, -5, -4], [-3, -2, -1, 0], [1, 2, 3, 4]], [[5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]]],
  ["f32_be_2x3.npy", [2, 3], "float32", [[1.5, -2, 3], [4, f32(5e-8), f32(6e30)]]],
  ["i32_be_3.npy", [3], "int32", [-5, 7, 1 << 30]],
  ["u32_be_2.npy", [2], "uint32", [3000000000, 9]],
  ["f64_2x2.npy", [2, 2], "float32", [[f32(0.1), -2.5], [Infinity, 3]]],
  ["f16_4.npy", [4], "float32", [0.5, -1, 65504, 6.002187728881836e-5]],
  ["i64_5.npy", [5], "int32", [-2, -1, 0, 1, 2]],
  ["u64_3.npy", [3], "uint32", [0, 7, 4294967295]],
  ["i16_be_3.npy", [3], "int32", [-300, 0, 32767]],
  ["i8_3.npy", [3], "int32", [-128, 0, 127]],
  ["u16_3.npy", [3], "uint32", [0, 1, 65535]],
  ["f64_fortran_be_2x3.npy", [2, 3], "float32", [[0, 0.25, 0.5], [0.75, 1, 1.25]]],
  ["f32_v2_2x2.npy", [2, 2], "float32", [[1, 2], [3, 4]]],
  ["f32_v3_2x2.npy", [2, 2], "float32", [[1, 2], [3, 4]]],
];

describe("NumPy fixtures", () => {
  for (const [file, shape, dtype, values] of [...NATIVE, ...CONVERTED]) {
    test(`${file} loads as ${dtype} ${JSON.stringify(shape)}`, async () => {
      const x = await mx.load(join(FIX, file) as `${string}.npy`);
      expect(x.shape).toEqual(shape);
      expect(x.dtype.name as string).toBe(dtype);
      expect(await x.tolistAsync()).toEqual(values as never);
      // the same bytes through the byte API
      const y = mx.io.fromNpy(fixture(file));
      expect(await y.tolistAsync()).toEqual(values as never);
    });
  }

  for (const [file] of NATIVE) {
    test(`${file}: saving gives NumPy's exact bytes`, async () => {
      const bytes = fixture(file);
      expect(await mx.io.toNpy(mx.io.fromNpy(bytes))).toEqual(bytes);
    });
  }

  test("int64 values that do not fit in int32 are rejected", async () => {
    await expectKilnError(() => mx.load(join(FIX, "i64_big.npy")), "[load]", "int64 value 1099511627776 at index 1", "int32");
  });
});

describe("headers written by other tools", () => {
  const f = new Uint8Array(new Float32Array([1, 2]).buffer);
  test("double quotes, extra spaces, no trailing comma, Python 2 longs", async () => {
    const x = mx.io.fromNpy(npyBytes(`{ "descr" : "<f4" , "shape" : (2L,) , "fortran_order" : False }\n`, f));
    expect(await x.tolistAsync()).toEqual([1, 2]);
  });
  test("native and bare type strings, '?' for bool", async () => {
    expect(await mx.io.fromNpy(npyBytes("{'descr': '=f4', 'fortran_order': False, 'shape': (2,)}", f)).tolistAsync()).toEqual([1, 2]);
    expect(await mx.io.fromNpy(npyBytes("{'descr': 'f4', 'fortran_order': False, 'shape': (2,)}", f)).tolistAsync()).toEqual([1, 2]);
    const b = mx.io.fromNpy(npyBytes("{'descr': '?', 'fortran_order': False, 'shape': (3,)}", new Uint8Array([0, 1, 7])));
    expect(b.dtype).toBe(mx.bool);
    expect(await b.tolistAsync()).toEqual([false, true, true]); // any non-zero byte is true
    expect(Array.from(await b.data())).toEqual([0, 1, 1]); // and stored as 1
  });
  test("trailing bytes after the data are ignored, as NumPy does", async () => {
    const x = mx.io.fromNpy(npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1,)}", f));
    expect(await x.tolistAsync()).toEqual([1]);
  });
  test("1-D Fortran order is the same as C order", async () => {
    expect(await mx.io.fromNpy(npyBytes("{'descr': '<f4', 'fortran_order': True, 'shape': (2,)}", f)).tolistAsync()).toEqual([1, 2]);
  });
  test("a misaligned view of the file loads (no alignment assumptions)", async () => {
    const src = fixture("f32_be_2x3.npy");
    const buf = new Uint8Array(src.length + 3);
    buf.set(src, 3);
    expect(await mx.io.fromNpy(buf.subarray(3)).tolistAsync()).toEqual([[1.5, -2, 3], [4, f32(5e-8), f32(6e30)]]);
  });
});

describe("round trips", () => {
  const shapes = [[], [0], [1], [7], [3, 5], [2, 0, 3], [2, 3, 4, 5], [1, 1, 1]];
  const r = rng(7);
  const make = (dtype: mx.DType, n: number): ArrayBufferView => {
    const a = new dtype.ArrayType(n);
    for (let i = 0; i < n; i++) {
      const u = r();
      a[i] = dtype === mx.float32 ? (u - 0.5) * 1e3 : dtype === mx.int32 ? Math.floor((u - 0.5) * 2 ** 32) : dtype === mx.uint32 ? Math.floor(u * 2 ** 32) : dtype === mx.bool ? (u < 0.5 ? 1 : 0) : Math.floor(u * 256);
    }
    return a;
  };
  for (const dtype of [mx.float32, mx.int32, mx.uint32, mx.uint8, mx.bool]) {
    test(`${dtype.name}: every shape survives toNpy -> fromNpy bit for bit`, async () => {
      for (const shape of shapes) {
        const n = shape.reduce((a, b) => a * b, 1);
        const data = make(dtype, n);
        const x = mx.array(data, { dtype, shape });
        const bytes = await mx.io.toNpy(x);
        expect(bytes.length % 64).toBe(n * dtype.size % 64); // the header is padded to 64 bytes
        const y = mx.io.fromNpy(bytes);
        expect(y.shape).toEqual(shape);
        expect(y.dtype).toBe(dtype);
        expect(bytesOf(await y.data())).toEqual(bytesOf(data));
      }
    });
  }

  test("non-contiguous and broadcast arrays save their logical values", async () => {
    const x = mx.arange(24, { dtype: mx.float32 }).reshape([2, 3, 4]);
    const cases: [mx.MxArray, number[]][] = [
      [mx.transpose(x, [2, 0, 1]), [4, 2, 3]],
      [mx.slice(x, [0, 1, 1], [0, 1, 2], [2, 2, 2]), [2, 2, 2]],
      [mx.broadcastTo(mx.array([1, 2, 3]), [2, 3]), [2, 3]],
    ];
    for (const [v, shape] of cases) {
      const y = mx.io.fromNpy(await mx.io.toNpy(v));
      expect(y.shape).toEqual(shape);
      expect(await y.tolistAsync()).toEqual(await v.tolistAsync());
    }
  });

  test("NaN payloads, -0 and infinities keep their bits", async () => {
    const bits = new Uint32Array([0x7fc00001, 0xffc00000, 0x80000000, 0x7f800000, 0xff800000, 1]);
    const x = mx.array(new Float32Array(bits.buffer));
    const y = mx.io.fromNpy(await mx.io.toNpy(x));
    expect(Array.from(new Uint32Array((await y.data()).buffer))).toEqual(Array.from(bits));
  });

  for (const { name, stream } of GPU_STREAMS) {
    test(`an array computed on the ${name} stream saves`, async () => {
      const x = mx.multiply(mx.arange(6, { dtype: mx.float32 }), 2, { stream });
      expect(await mx.io.fromNpy(await mx.io.toNpy(x)).tolistAsync()).toEqual([0, 2, 4, 6, 8, 10]);
    });
  }

  test("mx.save / mx.load through a file; '.npy' is appended like MLX", async () => {
    const dir = tempDir();
    const x = mx.array([[1, 2], [3, 4]], mx.int32);
    await mx.save(join(dir, "a"), x);
    expect(existsSync(join(dir, "a.npy"))).toBe(true);
    const y = await mx.load(join(dir, "a.npy") as `${string}.npy`);
    expect(await y.tolistAsync()).toEqual([[1, 2], [3, 4]]);
    await mx.save(join(dir, "b.npy"), [1.5, 2.5]); // JS values are saved as arrays
    expect(await (await mx.load(join(dir, "b.npy") as `${string}.npy`)).tolistAsync()).toEqual([1.5, 2.5]);
    // format from the first bytes when the name says nothing; or given explicitly
    const bytes = await mx.io.toNpy(x);
    expect(await ((await mx.load(bytes)) as mx.MxArray).tolistAsync()).toEqual([[1, 2], [3, 4]]);
    expect(await ((await mx.load(bytes.buffer as ArrayBuffer, { format: "npy" })) as mx.MxArray).tolistAsync()).toEqual([[1, 2], [3, 4]]);
  });

  test("missing files and bad paths give clear errors", async () => {
    await expectKilnError(() => mx.load(join(tempDir(), "nope.npy")), "[load]", "Could not read", "nope.npy");
    await expectKilnError(() => mx.save("", mx.array(1)), "[save]", "file path");
    await expectKilnError(() => mx.load(42 as unknown as string), "[load]", "Expected a file path");
  });
});

describe("malformed .npy", () => {
  const data = new Uint8Array(8);
  const cases: [string, Uint8Array, string][] = [
    ["empty input", new Uint8Array(0), "magic"],
    ["wrong magic", new TextEncoder().encode("\x93NUMPZ\x01\x00\x00\x00"), "magic"],
    ["version 4.0", npyBytes("{}", data, 1).map((b, i) => (i === 6 ? 4 : b)), "version 4.0"],
    ["header longer than the file", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", data).subarray(0, 30), "truncated"],
    ["data shorter than the shape", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", data), "needs 12 bytes of data, found 8"],
    ["not a dict", npyBytes("[1, 2]", data), "not a dict"],
    ["missing key", npyBytes("{'descr': '<f4', 'shape': (2,)}", data), "exactly the keys"],
    ["extra key", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", data), "exactly the keys"],
    ["structured dtype", npyBytes("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", data), "structured"],
    ["complex dtype", npyBytes("{'descr': '<c8', 'fortran_order': False, 'shape': (1,)}", data), "Unsupported .npy dtype '<c8'"],
    ["string dtype", npyBytes("{'descr': '<U2', 'fortran_order': False, 'shape': (1,)}", data), "Unsupported .npy dtype"],
    ["object dtype", npyBytes("{'descr': '|O', 'fortran_order': False, 'shape': (1,)}", data), "Unsupported .npy dtype"],
    ["float128", npyBytes("{'descr': '<f16', 'fortran_order': False, 'shape': (1,)}", data), "Unsupported .npy dtype"],
    ["negative dimension", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,)}", data), "invalid dimension -2"],
    ["shape as a list", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': [2]}", data), "tuple of integers"],
    ["fortran_order not a bool", npyBytes("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", data), "fortran_order"],
    ["huge shape", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000)}", data), "more than kiln's limit"],
    ["huge but indexable shape", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1000000,)}", data), "truncated"],
    ["deep nesting", npyBytes(`{'descr': ${"(".repeat(5000)}`, data), "nesting too deep"],
    ["unterminated string", npyBytes("{'descr': '<f4", data), "unterminated string"],
    ["garbage after the dict", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", data), "unexpected text"],
    ["invalid UTF-8 in a v3 header", npyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", data, 3).map((b, i) => (i === 13 ? 0xff : b)), "UTF-8"],
  ];
  for (const [name, bytes, msg] of cases) {
    test(name, async () => {
      await expectKilnError(() => mx.io.fromNpy(bytes), "[load]", msg);
    });
  }
});

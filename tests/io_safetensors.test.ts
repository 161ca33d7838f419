/** .safetensors: a hand-written reference file loads exactly and saves back to the same bytes; conversions; metadata; errors. */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mx } from "./helpers.ts";
import { FIX, expectKilnError, fixture, tempDir } from "./io_helpers.ts";

/** A .safetensors file from a header object and data bytes, written by hand. */
function stBytes(header: unknown, data: Uint8Array = new Uint8Array(0), rawHeader?: string): Uint8Array {
  const h = new TextEncoder().encode(rawHeader ?? JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

async function values(r: Record<string, mx.MxArray>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = [v.dtype.name, v.shape, await v.tolistAsync()];
  return out;
}

const BASIC = {
  weight: ["float32", [2, 3], [[-2.5, -1.5, -0.5], [0.5, 1.5, 2.5]]],
  bias: ["float32", [3], [0.5, -1, 2]],
  empty: ["float32", [0, 4], []],
  ids: ["uint32", [2], [1, 4000000000]],
  steps: ["int32", [], 7],
  pixels: ["uint8", [2, 2], [[0, 255], [7, 9]]],
  mask: ["bool", [3], [true, false, true]],
};

describe("reference files", () => {
  test("basic.safetensors: every tensor, and its metadata with returnMetadata", async () => {
    const path = join(FIX, "basic.safetensors") as `${string}.safetensors`;
    expect(await values(await mx.load(path))).toEqual(BASIC);
    const [arrays, metadata] = await mx.load(path, { returnMetadata: true });
    expect(await values(arrays)).toEqual(BASIC);
    expect(metadata).toEqual({ format: "mlx", note: "kiln fixture" });
  });

  test("saving gives the reference layout byte for byte (dtype-then-name order, 8-byte padded header)", async () => {
    const bytes = fixture("basic.safetensors");
    const { arrays, metadata } = mx.io.fromSafetensors(bytes);
    // insertion order must not matter: reverse it
    const reversed = Object.fromEntries(Object.entries(arrays).reverse());
    expect(await mx.io.toSafetensors(reversed, metadata)).toEqual(bytes);
  });

  test("convert.safetensors: F64, F16, BF16, I64, I16 load converted", async () => {
    expect(await values(await mx.load(join(FIX, "convert.safetensors") as `${string}.safetensors`))).toEqual({
      f64: ["float32", [2], [Math.fround(0.1), -7.25]],
      f16: ["float32", [2], [0.5, 65504]],
      bf16: ["float32", [4], [1, -2.5, 3.140625, 0.00099945068359375]],
      i64: ["int32", [3], [-3, 0, 2147483647]],
      i16: ["int32", [2], [-32768, 5]],
    });
  });

  test("I64 and U64 values out of 32-bit range are rejected", async () => {
    const big = new BigInt64Array([1n, -(2n ** 31n) - 1n]);
    const f = stBytes({ x: { dtype: "I64", shape: [2], data_offsets: [0, 16] } }, new Uint8Array(big.buffer));
    await expectKilnError(() => mx.io.fromSafetensors(f), '"x"', "-2147483649", "int32");
    const u = new BigUint64Array([2n ** 32n]);
    const g = stBytes({ x: { dtype: "U64", shape: [1], data_offsets: [0, 8] } }, new Uint8Array(u.buffer));
    await expectKilnError(() => mx.io.fromSafetensors(g), "4294967296", "uint32");
  });
});

describe("round trips", () => {
  test("all dtypes, scalars and empty arrays, metadata; mx.saveSafetensors appends the extension", async () => {
    const dir = tempDir();
    const src = {
      "layers.0.weight": mx.random.uniform([4, 3], { key: mx.random.key(3) }),
      "layers.0.bias": mx.zeros([3]),
      count: mx.array(5, mx.uint32),
      labels: mx.array([-1, 2], mx.int32),
      img: mx.array([[3, 4]], mx.uint8),
      keep: mx.array([false, true]),
      none: mx.zeros([0]),
      ["__proto__"]: mx.array([1]),
    };
    await mx.saveSafetensors(join(dir, "m"), src, { framework: "kiln", "ü": "ß" });
    expect(existsSync(join(dir, "m.safetensors"))).toBe(true);
    const [back, meta] = await mx.load(join(dir, "m.safetensors"), { returnMetadata: true });
    expect(meta).toEqual({ framework: "kiln", "ü": "ß" });
    expect(Object.keys(back).sort()).toEqual(Object.keys(src).sort());
    for (const [k, v] of Object.entries(src) as [string, mx.MxArray][]) {
      expect(back[k]!.dtype).toBe(v.dtype);
      expect(back[k]!.shape).toEqual(v.shape);
      expect(Array.from(await back[k]!.data())).toEqual(Array.from(await v.data()));
    }
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  test("data offsets of the written file are 4-byte aligned for 4-byte dtypes", async () => {
    const bytes = await mx.io.toSafetensors({ a: mx.array([1], mx.uint8), b: mx.ones([3]), c: mx.array([true]) });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(Object.keys(header)).toEqual(["b", "a", "c"]);
    expect(header.b.data_offsets).toEqual([0, 12]);
    expect(header.__metadata__).toBeUndefined(); // only written when given
  });

  test("bad arguments", async () => {
    await expectKilnError(() => mx.io.toSafetensors({ __metadata__: mx.ones([1]) }), "reserved");
    await expectKilnError(() => mx.io.toSafetensors({ a: mx.ones([1]) }, { n: 1 as never }), "must be a string");
    const npy = await mx.io.toNpy(mx.ones([1]));
    await expectKilnError(() => mx.load(npy, { returnMetadata: true }), "only supported for .safetensors");
  });
});

describe("malformed .safetensors", () => {
  const f4 = new Uint8Array(8);
  const t = (extra: object = {}) => ({ x: { dtype: "F32", shape: [2], data_offsets: [0, 8], ...extra } });
  const cases: [string, Uint8Array, string][] = [
    ["shorter than 8 bytes", new Uint8Array(5), "shorter than the 8-byte"],
    ["zero header length", new Uint8Array(16), "Invalid .safetensors header length 0"],
    ["header length over 2^32", new Uint8Array([1, 0, 0, 0, 1, 0, 0, 0, 123]), "Invalid .safetensors header length"],
    ["header past the end", stBytes(t(), f4).subarray(0, 20), "truncated"],
    ["not JSON", stBytes(null, f4, "{'x': 1}"), "not valid JSON"],
    ["not an object", stBytes([1, 2], f4), "must be a JSON object"],
    ["unknown dtype", stBytes(t({ dtype: "C64" }), f4), 'unsupported dtype "C64"'],
    ["dtype missing", stBytes({ x: { shape: [2], data_offsets: [0, 8] } }, f4), "unsupported dtype"],
    ["shape not a list", stBytes(t({ shape: 2 }), f4), "shape must be a list"],
    ["negative dimension", stBytes(t({ shape: [-2, -1] }), f4), "invalid dimension -2"],
    ["offsets reversed", stBytes(t({ data_offsets: [8, 0] }), f4), "begin <= end"],
    ["offsets not integers", stBytes(t({ data_offsets: [0, 8.5] }), f4), "data_offsets must be two integers"],
    ["offsets past the data", stBytes(t({ data_offsets: [0, 16], shape: [4] }), f4), "truncated"],
    ["size disagrees with shape", stBytes(t({ shape: [3] }), f4), "needs 12 bytes"],
    ["gap before the data", stBytes(t({ data_offsets: [4, 8], shape: [1] }), f4), "start at 4, expected 0"],
    ["bytes after the last tensor", stBytes(t(), new Uint8Array(12)), "cover 8"],
    [
      "overlapping tensors",
      stBytes({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f4),
      "start at 4, expected 8",
    ],
    ["metadata not strings", stBytes({ __metadata__: { a: 1 }, ...t() }, f4), 'value of "a" must be a string'],
    ["metadata not an object", stBytes({ __metadata__: "x", ...t() }, f4), "__metadata__ must be an object"],
    ["tensor info not an object", stBytes({ x: 3 }, f4), "expected {dtype, shape, data_offsets}"],
  ];
  for (const [name, bytes, msg] of cases) {
    test(name, async () => {
      await expectKilnError(() => mx.io.fromSafetensors(bytes), "[load]", msg);
    });
  }
});

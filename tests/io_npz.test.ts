/** .npz: NumPy's stored and deflated archives (zip64 extras), round trips, the zip reader's checks, CRC-32. */
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { mx, rng } from "./helpers.ts";
import { FIX, expectKilnError, fixture, tempDir } from "./io_helpers.ts";

const A = [[0, 0.125, 0.25, 0.375], [0.5, 0.625, 0.75, 0.875], [1, 1.125, 1.25, 1.375]];
const D = Array.from({ length: 200 }, (_, i) => i);

async function values(r: Record<string, mx.MxArray>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k] = [v.dtype.name, v.shape, await v.tolistAsync()];
  return out;
}

describe("NumPy fixtures", () => {
  const expected = {
    a: ["float32", [3, 4], A],
    b: ["int32", [3], [-1, 0, 5]],
    c: ["bool", [1, 2], [[true, false]]],
    d: ["uint8", [200], D],
  };
  test("np.savez (stored, zip64 local extras) loads every member", async () => {
    expect(await values(await mx.load(join(FIX, "stored.npz") as `${string}.npz`))).toEqual(expected);
  });
  test("np.savez_compressed (deflate) loads every member", async () => {
    expect(await values(await mx.load(join(FIX, "compressed.npz") as `${string}.npz`))).toEqual(expected);
  });
  test("positional arrays are arr_0, arr_1", async () => {
    const r = await mx.load(join(FIX, "positional.npz") as `${string}.npz`);
    expect(Object.keys(r)).toEqual(["arr_0", "arr_1"]);
    expect(await r.arr_0!.tolistAsync()).toEqual(A);
  });
  test("members of a stored archive are the same bytes as np.save writes", async () => {
    const r = await mx.io.fromNpz(fixture("stored.npz"));
    const entries = mx.io.readZip(fixture("stored.npz"));
    for (const e of entries) {
      const member = await e.read();
      expect(await mx.io.toNpy(r[e.name.replace(/\.npy$/, "")]!)).toEqual(member);
    }
  });
});

describe("round trips", () => {
  const arrays = () => ({
    w: mx.random.normal([5, 7], { key: mx.random.key(1) }),
    ids: mx.array([1, 2, 3], mx.uint32),
    flag: mx.array(true),
    empty: mx.zeros([0, 2]),
    "ünï cödé": mx.array([[1, 2]], mx.uint8),
    ["__proto__"]: mx.array([9], mx.int32), // a computed key: an own property, not the prototype
  });
  for (const compress of [false, true]) {
    test(`${compress ? "compressed" : "stored"}: names, dtypes, shapes and bits survive`, async () => {
      const src = arrays();
      const bytes = await mx.io.toNpz(src, { compress });
      const back = await mx.io.fromNpz(bytes);
      expect(Object.keys(back).sort()).toEqual(Object.keys(src).sort());
      for (const [k, v] of Object.entries(src) as [string, mx.MxArray][]) {
        const w = back[k]!;
        expect(w.dtype).toBe(v.dtype);
        expect(w.shape).toEqual(v.shape);
        expect(Array.from(await w.data())).toEqual(Array.from(await v.data()));
      }
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype); // "__proto__" stayed a member
      const e = mx.io.readZip(bytes);
      expect(e.map((x) => x.method)).toEqual(Array(6).fill(compress ? 8 : 0));
    });
  }

  test("the same arrays give the same bytes (fixed timestamps)", async () => {
    const x = { a: mx.arange(10) };
    expect(await mx.io.toNpz(x, { compress: true })).toEqual(await mx.io.toNpz(x, { compress: true }));
  });

  test("deflate shrinks redundant data", async () => {
    const x = [mx.zeros([1000])];
    const stored = await mx.io.toNpz(x);
    const packed = await mx.io.toNpz(x, { compress: true });
    expect(packed.length).toBeLessThan(stored.length / 10);
  });

  test("mx.savez / mx.savezCompressed / mx.load through files; '.npz' appended", async () => {
    const dir = tempDir();
    await mx.savez(join(dir, "s"), { x: mx.array([1, 2, 3]) });
    await mx.savezCompressed(join(dir, "c.npz"), [mx.array([[1.5]]), mx.array([false])]);
    expect(existsSync(join(dir, "s.npz"))).toBe(true);
    expect(await values(await mx.load(join(dir, "s.npz") as `${string}.npz`))).toEqual({ x: ["int32", [3], [1, 2, 3]] });
    expect(await values(await mx.load(join(dir, "c.npz") as `${string}.npz`))).toEqual({ arr_0: ["float32", [1, 1], [[1.5]]], arr_1: ["bool", [1], [false]] });
  });

  test("an empty record makes an empty archive", async () => {
    expect(await mx.io.fromNpz(await mx.io.toNpz({}))).toEqual({});
  });

  test("bad arguments", async () => {
    await expectKilnError(() => mx.io.toNpz(mx.array([1]) as never), "[savez]", "one array");
    await expectKilnError(() => mx.io.toNpz(null as never), "[savez]", "Expected a record");
    await expectKilnError(() => mx.savez("x", { a: "text" as never }), "[savez]");
  });
});

describe("zip details", () => {
  test("crc32 matches the standard check value", () => {
    expect(mx.io.crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
    expect(mx.io.crc32(new Uint8Array(0))).toBe(0);
  });

  test("crc32 (slicing-by-8) agrees with a bit-by-bit reference at every length and offset", () => {
    const ref = (d: Uint8Array) => {
      let c = 0xffffffff;
      for (const b of d) {
        c ^= b;
        for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const r = rng(11);
    const buf = new Uint8Array(300);
    for (let i = 0; i < buf.length; i++) buf[i] = Math.floor(r() * 256);
    for (let n = 0; n <= 40; n++) for (const off of [0, 1, 3]) expect(mx.io.crc32(buf.subarray(off, off + n))).toBe(ref(buf.subarray(off, off + n)));
    expect(mx.io.crc32(buf)).toBe(ref(buf));
  });

  test("members that are not .npy are skipped", async () => {
    const npy = await mx.io.toNpy(mx.array([4, 5]));
    const zip = await mx.io.writeZip([
      { name: "readme.txt", data: new TextEncoder().encode("hi"), compress: false },
      { name: "v.npy", data: npy, compress: true },
    ]);
    expect(await values(await mx.io.fromNpz(zip))).toEqual({ v: ["int32", [2], [4, 5]] });
  });

  test("duplicate members are rejected", async () => {
    const npy = await mx.io.toNpy(mx.array([1]));
    const zip = await mx.io.writeZip([
      { name: "v.npy", data: npy, compress: false },
      { name: "v.npy", data: npy, compress: false },
    ]);
    await expectKilnError(() => mx.io.fromNpz(zip), "two members", "v.npy");
  });

  /** An archive with one stored member "v.npy", and the offsets of its fields. */
  async function oneMember(): Promise<{ zip: Uint8Array; dv: DataView; cd: number }> {
    const zip = await mx.io.writeZip([{ name: "v.npy", data: await mx.io.toNpy(mx.array([1, 2, 3])), compress: false }]);
    const dv = new DataView(zip.buffer);
    const cd = dv.getUint32(zip.length - 22 + 16, true);
    return { zip, dv, cd };
  }

  test("a flipped data byte fails the CRC check", async () => {
    const { zip } = await oneMember();
    zip[30 + 5 + 130] = zip[30 + 5 + 130]! ^ 1; // inside the array data
    await expectKilnError(() => mx.io.fromNpz(zip), "CRC-32 mismatch", "v.npy");
  });

  test("encrypted members and unknown methods are rejected", async () => {
    let { zip, dv, cd } = await oneMember();
    dv.setUint16(cd + 8, 1, true);
    await expectKilnError(() => mx.io.fromNpz(zip), "encrypted");
    ({ zip, dv, cd } = await oneMember());
    dv.setUint16(cd + 10, 12, true); // bzip2
    await expectKilnError(() => mx.io.fromNpz(zip), "compression method 12");
  });

  test("a member that inflates past its declared size is stopped", async () => {
    const zip = await mx.io.writeZip([{ name: "v.npy", data: await mx.io.toNpy(mx.zeros([10000])), compress: true }]);
    const dv = new DataView(zip.buffer);
    const cd = dv.getUint32(zip.length - 22 + 16, true);
    dv.setUint32(cd + 24, 100, true); // claim 100 bytes uncompressed
    await expectKilnError(() => mx.io.fromNpz(zip), "inflates to more than 100 bytes");
  });

  test("structural damage gives clear errors", async () => {
    await expectKilnError(() => mx.io.fromNpz(new Uint8Array(10)), "no end-of-central-directory");
    let { zip, dv, cd } = await oneMember();
    dv.setUint32(cd, 0x12345678, true);
    await expectKilnError(() => mx.io.fromNpz(zip), "central directory signature");
    ({ zip, dv, cd } = await oneMember());
    dv.setUint32(cd + 42, 1000000, true); // local header offset past the end
    await expectKilnError(() => mx.io.fromNpz(zip), "runs past the end");
    ({ zip, dv } = await oneMember());
    dv.setUint16(zip.length - 22 + 10, 500, true); // 500 entries claimed
    await expectKilnError(() => mx.io.fromNpz(zip), "500 entries");
    ({ zip, dv, cd } = await oneMember());
    dv.setUint32(0, 0, true); // local header signature
    await expectKilnError(() => mx.io.fromNpz(zip), "local header signature");
  });
});

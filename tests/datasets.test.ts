/** kiln/datasets: the IDX reader (raw and gzipped fixtures, validation, fuzzing), IDX splits, and the batch iterator. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { mx, rng } from "./helpers.ts";
import * as datasets from "../src/datasets/index.ts";
import { DFIX, expectKilnError, fixture } from "./io_helpers.ts";

// The fixture images were written by NumPy as (arange(60) * 17 % 256).reshape(3, 4, 5), labels [7, 0, 9].
const PIXELS = Array.from({ length: 60 }, (_, i) => (i * 17) % 256);
const LABELS = [7, 0, 9];

/** IDX bytes from a type code, shape and big-endian data, written by hand. */
function idx(code: number, shape: number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * shape.length + data.length);
  out.set([0, 0, code, shape.length]);
  const dv = new DataView(out.buffer);
  shape.forEach((d, i) => dv.setUint32(4 + 4 * i, d, false));
  out.set(data, 4 + 4 * shape.length);
  return out;
}

describe("IDX reader", () => {
  test("raw and gzipped files give the same uint8 array", async () => {
    for (const f of ["tiny-images-idx3-ubyte", "tiny-images-idx3-ubyte.gz"]) {
      const x = await datasets.readIdx(join(DFIX, f));
      expect(x.shape).toEqual([3, 4, 5]);
      expect(x.dtype).toBe(mx.uint8);
      expect(Array.from(await x.data())).toEqual(PIXELS);
    }
  });

  test("float32 and int16 files (big-endian) convert", async () => {
    const f = await datasets.readIdx(fixture("tiny-floats-idx2.gz", DFIX));
    expect(f.dtype).toBe(mx.float32);
    expect(await f.tolistAsync()).toEqual([[1.5, -2], [0, 3000]]);
    const s = await datasets.readIdx(join(DFIX, "tiny-int16-idx1"));
    expect(s.dtype).toBe(mx.int32);
    expect(await s.tolistAsync()).toEqual([-2, 300, 7]);
  });

  test("int8, int32 and float64 codes", async () => {
    const i8 = await datasets.readIdx(idx(0x09, [2], new Uint8Array([0xff, 0x7f])));
    expect(await i8.tolistAsync()).toEqual([-1, 127]);
    const i32 = await datasets.readIdx(idx(0x0c, [1], new Uint8Array([0xff, 0xff, 0xff, 0xfe])));
    expect(await i32.tolistAsync()).toEqual([-2]);
    const f64 = new Uint8Array(8);
    new DataView(f64.buffer).setFloat64(0, 0.25, false);
    expect(await (await datasets.readIdx(idx(0x0e, [1, 1], f64))).tolistAsync()).toEqual([[0.25]]);
  });

  const bad: [string, Uint8Array, string][] = [
    ["too short", new Uint8Array([0, 0]), "not an IDX file"],
    ["bad magic", new Uint8Array([1, 0, 8, 1, 0, 0, 0, 0]), "two zero bytes"],
    ["unknown type code", idx(0x0a, [1], new Uint8Array(1)), "unknown IDX type code 0xa"],
    ["no dimensions", new Uint8Array([0, 0, 8, 0]), "at least one dimension"],
    ["truncated dimensions", new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), "truncated inside the 3 dimension sizes"],
    ["missing data", idx(0x08, [2, 3], new Uint8Array(5)), "truncated"],
    ["extra data", idx(0x08, [2, 3], new Uint8Array(7)), "need 6 bytes of data, but the file has 7"],
    ["huge dimensions", idx(0x08, [65536, 65536], new Uint8Array(1)), "more than kiln's limit"],
    ["truncated gzip", fixture("tiny-images-idx3-ubyte.gz", DFIX).subarray(0, 40), "gzip"],
  ];
  for (const [name, bytes, msg] of bad) {
    test(`rejects: ${name}`, async () => {
      await expectKilnError(() => datasets.readIdx(bytes), "[readIdx]", msg);
    });
  }

  test("fuzz: truncations and mutations of raw and gzipped files load or fail with a KilnError", async () => {
    const r = rng(5);
    for (const f of ["tiny-images-idx3-ubyte", "tiny-images-idx3-ubyte.gz", "tiny-floats-idx2.gz"]) {
      const full = fixture(f, DFIX);
      const tries: Uint8Array[] = [];
      for (let k = 0; k < full.length; k++) tries.push(full.subarray(0, k));
      for (let i = 0; i < 300; i++) {
        const m = full.slice();
        for (let j = 0; j < 1 + Math.floor(r() * 3); j++) m[Math.floor(r() * m.length)] = Math.floor(r() * 256);
        tries.push(m);
      }
      for (const b of tries) {
        try {
          await (await datasets.readIdx(b)).data();
        } catch (e) {
          if (!(e instanceof mx.KilnError)) throw new Error(`${f}: non-KilnError ${String(e)}`);
        }
      }
      // every strict prefix of a raw file is an error (the view's buffer still holds the rest)
      if (!f.endsWith(".gz")) for (let k = 0; k < full.length; k++) await expectKilnError(() => datasets.readIdx(full.subarray(0, k)));
    }
  });
});

describe("IDX splits", () => {
  const imgs = join(DFIX, "tiny-images-idx3-ubyte.gz");
  const labs = join(DFIX, "tiny-labels-idx1-ubyte.gz");
  test("images become float32 in [0, 1], flat or NHWC; labels int32", async () => {
    const s = await datasets.loadIdxSplit(imgs, labs);
    expect(s.images.shape).toEqual([3, 20]);
    expect(s.images.dtype).toBe(mx.float32);
    expect(Array.from(await s.images.data())).toEqual(PIXELS.map((p) => Math.fround(p / 255)));
    expect(s.labels.dtype).toBe(mx.int32);
    expect(Array.from(await s.labels.data())).toEqual(LABELS);
    const n = await datasets.loadIdxSplit(imgs, labs, { flatten: false, limit: 2 });
    expect(n.images.shape).toEqual([2, 4, 5, 1]);
    expect(Array.from(await n.images.data())).toEqual(PIXELS.slice(0, 40).map((p) => Math.fround(p / 255)));
    expect(Array.from(await n.labels.data())).toEqual([7, 0]);
  });
  test("mismatched or wrong-kind files are rejected", async () => {
    await expectKilnError(() => datasets.loadIdxSplit(labs, labs), "expected uint8 images");
    await expectKilnError(() => datasets.loadIdxSplit(imgs, imgs), "expected uint8 labels");
    await expectKilnError(() => datasets.loadIdxSplit(imgs, join(DFIX, "tiny-int16-idx1")), "expected uint8 labels");
    await expectKilnError(() => datasets.loadIdxSplit(imgs, labs, { limit: -1 }), "limit");
    await expectKilnError(() => datasets.loadFashionMnist({ dir: DFIX }), "Missing", "train-images-idx3-ubyte");
  });
});

describe("batches", () => {
  const N = 10;
  const x = mx.arange(N * 2).reshape([N, 2]);
  const y = mx.arange(N);

  test("in order, with the last partial batch kept or dropped", async () => {
    const b = datasets.batches(x, y, { batchSize: 4 });
    expect(b.length).toBe(3);
    const seen: number[][] = [];
    for (const { x: bx, y: by, indices } of b) {
      const ys = Array.from(await by.data());
      expect(ys).toEqual(Array.from(indices));
      expect(Array.from(await bx.data())).toEqual(ys.flatMap((i) => [2 * i, 2 * i + 1]));
      seen.push(ys);
    }
    expect(seen).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
    const d = datasets.batches(x, y, { batchSize: 4, dropLast: true });
    expect(d.length).toBe(2);
    expect([...d].map((e) => e.indices.length)).toEqual([4, 4]);
  });

  test("shuffled: each pass is a permutation, passes differ, the seed repeats them", async () => {
    const passes = (seed: number) => {
      const b = datasets.batches(x, y, { batchSize: 3, shuffle: true, seed });
      return [0, 1, 2].map(() => [...b].flatMap((e) => Array.from(e.indices)));
    };
    const a = passes(42);
    for (const p of a) expect([...p].sort((u, v) => u - v)).toEqual(Array.from({ length: N }, (_, i) => i));
    expect(a[0]).not.toEqual(a[1]);
    expect(passes(42)).toEqual(a);
    expect(passes(43)).not.toEqual(a);
    // the rows still match their labels
    for (const { x: bx, y: by } of datasets.batches(x, y, { batchSize: 3, shuffle: true, seed: 1 })) {
      const ys = Array.from(await by.data());
      expect(Array.from(await bx.data())).toEqual(ys.flatMap((i) => [2 * i, 2 * i + 1]));
    }
  });

  test("bad arguments", async () => {
    await expectKilnError(() => datasets.batches(x, mx.arange(3), { batchSize: 2 }), "[batches]", "same number of examples");
    await expectKilnError(() => datasets.batches(x, y, { batchSize: 0 }), "batchSize");
    await expectKilnError(() => datasets.batches(mx.array(1), y, { batchSize: 1 }), "first (example) axis");
    await expectKilnError(() => datasets.batches(x, y, { batchSize: 2, seed: 0.5 }), "seed");
  });

  test("permutation is a seeded Fisher-Yates shuffle", () => {
    const p = datasets.permutation(1000, datasets.mulberry32(3));
    expect(new Set(p).size).toBe(1000);
    expect(Array.from(datasets.permutation(1000, datasets.mulberry32(3)))).toEqual(Array.from(p));
    expect(Array.from(datasets.permutation(0, datasets.mulberry32(3)))).toEqual([]);
  });
});

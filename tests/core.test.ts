/** The core: laziness, eval/evalSync over trees, readers, array properties, promotion, memory policy, streams. */
import { describe, expect, test } from "bun:test";
import { mx } from "./helpers.ts";

const active = () => mx.memory.stats().cpu.active;
/** @internal access for tests: whether an array's node holds its bytes. */
const evaluated = (x: mx.MxArray) => x._node.evaluated;

describe("lazy evaluation", () => {
  test("ops record nodes; nothing runs or allocates until eval", () => {
    const before = active();
    const a = mx.zeros([4096]);
    const b = mx.transpose(mx.reshape(a, [64, 64]));
    const c = mx.astype(b, mx.int32);
    expect(active()).toBe(before);
    for (const x of [a, b, c]) expect(evaluated(x)).toBe(false);
    expect(c._node.prim).toBe("astype");
    expect(c._node.inputs[0]).toBe(b._node);
    mx.evalSync(c);
    expect(evaluated(c)).toBe(true);
    // the root keeps 16 KiB; the intermediates a and b gave their bytes back
    expect(evaluated(a)).toBe(false);
    expect(evaluated(b)).toBe(false);
    expect(active() - before).toBe(4096 * 4);
    // an evaluated root drops its recipe so the graph behind it can be collected
    expect(c._node.prim).toBeNull();
    expect(c._node.inputs.length).toBe(0);
  });

  test("mx.array copies its data into memory at once (a leaf)", () => {
    const before = active();
    const x = mx.array(new Float32Array(1000));
    expect(evaluated(x)).toBe(true);
    expect(active()).toBeGreaterThanOrEqual(before + 4000);
    expect(x._node.prim).toBeNull();
  });

  test("await mx.eval over nested objects and arrays of arrays", async () => {
    const a = mx.arange(3);
    const b = mx.ones([2]);
    const c = mx.zeros([2, 2]).T;
    const d = mx.full([1], 5);
    const e = mx.eye(2);
    const tree = { a, nested: [b, [c, { deep: d }]], other: "text", n: 3, nil: null };
    await mx.eval(tree, [[e]], 42);
    for (const x of [a, b, c, d, e]) expect(evaluated(x)).toBe(true);
    expect(a.tolist()).toEqual([0, 1, 2]);
    expect(d.tolist()).toEqual([5]);
    // evaluating again, or evaluating nothing, is a no-op
    await mx.eval(a, tree);
    await mx.eval();
    expect(e.tolist()).toEqual([[1, 0], [0, 1]]);
  });

  test("mx.evalSync over trees", () => {
    const a = mx.arange(4);
    const b = mx.ones([3], { dtype: mx.uint8 });
    const c = a.reshape([2, 2]).T;
    mx.evalSync({ list: [a, [b]], c });
    for (const x of [a, b, c]) expect(evaluated(x)).toBe(true);
    expect(c.tolist()).toEqual([[0, 2], [1, 3]]);
    mx.evalSync();
    mx.evalSync([], {});
  });

  test("a value shared by two roots is computed once and both read it", async () => {
    const base = mx.arange(6).astype(mx.float32);
    const r1 = base.reshape([2, 3]);
    const r2 = base.reshape([3, 2]).T;
    await mx.eval(r1, r2);
    expect(r1.tolist()).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(r2.tolist()).toEqual([[0, 2, 4], [1, 3, 5]]);
  });

  test("intermediates are freed after eval but stay readable (recomputed on demand)", () => {
    const a = mx.arange(1000);
    const b = mx.astype(a, mx.float32);
    const c = mx.transpose(b.reshape([10, 100]));
    const before = active();
    mx.evalSync(c);
    expect(evaluated(b)).toBe(false);
    expect(active() - before).toBe(4000 + 96); // one 4000-byte buffer (bucket 4096)
    // reading the freed intermediate recomputes it from its recipe
    const bv = b.dataSync();
    expect(bv.length).toBe(1000);
    expect(bv[999]).toBe(999);
    expect(evaluated(b)).toBe(true);
    expect((c.tolist() as number[][])[99]![9]).toBe(999);
  });

  test("the same pending array can be read several times", async () => {
    const x = mx.arange(5).T;
    expect(x.tolist()).toEqual([0, 1, 2, 3, 4]);
    expect(await x.tolistAsync()).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(x.dataSync())).toEqual([0, 1, 2, 3, 4]);
  });
});

describe("readers", () => {
  test("item, tolist, dataSync", () => {
    expect(mx.array(2.5).item()).toBe(2.5);
    expect(mx.array([[7]]).item()).toBe(7);
    expect(mx.array([false]).item()).toBe(false);
    expect(mx.full([1, 1, 1], 3, { dtype: mx.uint32 }).item()).toBe(3);
    expect(() => mx.arange(2).item()).toThrow(/\[item\].*\(2\)/);
    expect(() => mx.zeros([0]).item()).toThrow(/\[item\]/);
    expect(mx.arange(6).reshape([3, 1, 2]).tolist()).toEqual([[[0, 1]], [[2, 3]], [[4, 5]]]);
    expect(mx.array(4).tolist()).toBe(4);
    const d = mx.arange(4).dataSync();
    expect(d).toBeInstanceOf(Int32Array);
    expect(Array.from(d)).toEqual([0, 1, 2, 3]);
    expect(mx.zeros([2]).dataSync()).toBeInstanceOf(Float32Array);
    expect(mx.zeros([2], { dtype: mx.uint32 }).dataSync()).toBeInstanceOf(Uint32Array);
    expect(mx.array([true, false]).dataSync()).toBeInstanceOf(Uint8Array);
    expect(Array.from(mx.array([true, false]).dataSync())).toEqual([1, 0]);
  });

  test("dataSync returns a copy", () => {
    const x = mx.array([1, 2, 3]);
    const d = x.dataSync();
    d[0] = 100;
    expect(x.tolist()).toEqual([1, 2, 3]);
  });

  test("async readers: data, itemAsync, tolistAsync", async () => {
    const x = mx.arange(6).reshape([2, 3]).T;
    const d = await x.data();
    expect(d).toBeInstanceOf(Int32Array);
    expect(Array.from(d)).toEqual([0, 3, 1, 4, 2, 5]);
    expect(await x.tolistAsync()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(await mx.array(0.75).itemAsync()).toBe(0.75);
    expect(await mx.array([true]).itemAsync()).toBe(true);
    await expect(mx.arange(3).itemAsync()).rejects.toThrow(/\[item\]/);
  });
});

describe("array properties", () => {
  test("shape, dtype, ndim, size, nbytes, itemsize, T", () => {
    const x = mx.zeros([2, 3, 4], { dtype: mx.int32 });
    expect(x.shape).toEqual([2, 3, 4]);
    expect(x.dtype).toBe(mx.int32);
    expect(x.ndim).toBe(3);
    expect(x.size).toBe(24);
    expect(x.nbytes).toBe(96);
    expect(x.itemsize).toBe(4);
    expect(x.T.shape).toEqual([4, 3, 2]);
    expect(mx.zeros([5], { dtype: mx.uint8 }).nbytes).toBe(5);
    const s = mx.array(1);
    expect([s.ndim, s.size, s.shape.length]).toEqual([0, 1, 0]);
    expect(mx.zeros([3, 0]).size).toBe(0);
    // shape is a copy: changing it changes nothing
    const sh = x.shape;
    sh[0] = 99;
    expect(x.shape).toEqual([2, 3, 4]);
    expect(x).toBeInstanceOf(mx.MxArray);
  });

  test("dtypes", () => {
    const table: [mx.DType, string, number, string][] = [
      [mx.float32, "float32", 4, "float"],
      [mx.int32, "int32", 4, "int"],
      [mx.uint32, "uint32", 4, "uint"],
      [mx.uint8, "uint8", 1, "uint"],
      [mx.bool, "bool", 1, "bool"],
    ];
    for (const [dt, name, size, kind] of table) {
      expect(dt.name).toBe(name as never);
      expect(dt.size).toBe(size);
      expect(dt.kind).toBe(kind as never);
      expect(dt).toBeInstanceOf(mx.DType);
    }
    expect(mx.float32.isFloat).toBe(true);
    expect(mx.uint8.isInteger).toBe(true);
    expect(mx.bool.isInteger).toBe(false);
  });

  test("promoteTypes follows NumPy/MLX (no 64-bit types: int32 with uint32 is int32)", () => {
    const names = ["bool", "uint8", "uint32", "int32", "float32"] as const;
    const dts = [mx.bool, mx.uint8, mx.uint32, mx.int32, mx.float32];
    // rows/cols in the order of `names`
    const expected = [
      ["bool", "uint8", "uint32", "int32", "float32"],
      ["uint8", "uint8", "uint32", "int32", "float32"],
      ["uint32", "uint32", "uint32", "int32", "float32"],
      ["int32", "int32", "int32", "int32", "float32"],
      ["float32", "float32", "float32", "float32", "float32"],
    ];
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        expect(`${names[i]}+${names[j]}=${mx.promoteTypes(dts[i]!, dts[j]!).name}`).toBe(`${names[i]}+${names[j]}=${expected[i]![j]}`);
      }
    }
  });
});

describe("memory policy", () => {
  test("`using` frees a root's bytes at once", () => {
    const before = active();
    {
      using x = mx.zeros([1 << 16]);
      mx.evalSync(x);
      expect(active() - before).toBe(1 << 18);
    }
    expect(active()).toBe(before);
    {
      using y = mx.array(new Float32Array(1 << 14));
      expect(active() - before).toBe(1 << 16);
      expect(y.size).toBe(1 << 14);
    }
    expect(active()).toBe(before);
  });

  test("a disposed input stays alive until the pending arrays that read it are computed", () => {
    const before = active();
    let y: mx.MxArray;
    {
      using x = mx.array(new Int32Array([1, 2, 3, 4]));
      y = mx.broadcastTo(x, [2, 4]);
    }
    expect(active() - before).toBe(16); // x is still needed by y
    {
      using yy = y;
      expect(yy.tolist()).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
      // y was computed: x's last reader is gone, so x's bytes went back at once
      expect(active() - before).toBe(32);
    }
    expect(active()).toBe(before);
  });

  test("a disposed pending array is recomputed if something still needs it", () => {
    let z: mx.MxArray;
    {
      using p = mx.arange(4).astype(mx.float32);
      z = p.reshape([2, 2]);
    }
    expect(z.tolist()).toEqual([[0, 1], [2, 3]]);
  });
});

describe("devices and streams", () => {
  test("mx.cpu, default streams, new streams, withStream", () => {
    expect(mx.cpu.type).toBe("cpu");
    expect(mx.cpu.available).toBe(true);
    expect(mx.gpu.type).toBe("gpu");
    expect(mx.defaultStream(mx.cpu).device).toBe(mx.cpu);
    const s = mx.newStream(mx.cpu);
    expect(s).toBeInstanceOf(mx.Stream);
    expect(s).not.toBe(mx.defaultStream(mx.cpu));
    const x = mx.arange(3, { stream: s });
    expect(x._node.stream).toBe(s);
    expect(x.tolist()).toEqual([0, 1, 2]);
    const y = mx.withStream(s, () => mx.zeros([2]));
    expect(y._node.stream).toBe(s);
    const z = mx.withStream(mx.cpu, () => mx.ones([2]));
    expect(z._node.stream).toBe(mx.defaultStream(mx.cpu));
    // after withStream the default is back
    expect(mx.zeros([1])._node.stream).toBe(mx.defaultStream());
    // a device as the stream option means its default stream
    expect(mx.ones([1], { stream: mx.cpu })._node.stream).toBe(mx.defaultStream(mx.cpu));
  });

  test("work on two CPU streams mixes freely", async () => {
    const s1 = mx.newStream(mx.cpu);
    const s2 = mx.newStream(mx.cpu);
    const a = mx.arange(6, { stream: s1 });
    const b = mx.reshape(a, [2, 3], { stream: s2 });
    const c = mx.transpose(b, { stream: s1 });
    await mx.eval(c);
    expect(c.tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
  });

  test("setDefaultDevice accepts the CPU and rejects a non-device", () => {
    const prev = mx.defaultDevice();
    try {
      mx.setDefaultDevice(mx.cpu);
      expect(mx.defaultDevice()).toBe(mx.cpu);
      expect(() => mx.setDefaultDevice("cpu" as never)).toThrow(/\[setDefaultDevice\]/);
    } finally {
      mx.setDefaultDevice(prev);
    }
  });
});

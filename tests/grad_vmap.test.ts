/**
 * mx.vmap: vmap(f)(X) equals f applied row by row and stacked, for every primitive family,
 * with inAxes/outAxes, unmapped arguments and trees; and compositions with grad and jvp.
 */
import { describe, expect, test } from "bun:test";
import { GPU_STREAMS, STREAMS, expectClose, mx, randomData } from "./helpers.ts";
import { GPU_FAMILIES } from "../src/backend/gpu/index.ts";

/** The stacking suite runs on the GPU too once every family it touches has GPU kernels. */
const FAMILIES = ["unary", "binary", "copy", "reduce", "indexing", "matmul", "conv", "softmax", "sort", "random"];
const VMAP_STREAMS = FAMILIES.every((f) => GPU_FAMILIES.includes(f)) ? [...STREAMS, ...GPU_STREAMS] : STREAMS;

const rand = (shape: number[], seed = 1, lo = -1, hi = 1) => mx.array(randomData(shape.reduce((a, b) => a * b, 1), lo, hi, seed), { shape });

/** Example i of x along axis `ax`. */
function slab(x: mx.MxArray, ax: number, i: number): mx.MxArray {
  return mx.take(x, mx.array([i]), { axis: ax }).squeeze(ax);
}

/** Checks vmap(f) against a loop over the batch (inAxes per argument, null = not mapped). */
async function checkVmap(f: (...a: mx.MxArray[]) => mx.MxArray, args: mx.MxArray[], inAxes: (number | null)[], outAxis = 0, tol = 1e-5): Promise<void> {
  const got = mx.vmap(f, { inAxes, outAxes: outAxis })(...args) as mx.MxArray;
  const ax0 = inAxes.findIndex((a) => a !== null);
  const B = args[ax0]!.shape[(inAxes[ax0]! + args[ax0]!.ndim) % args[ax0]!.ndim]!;
  const rows: mx.MxArray[] = [];
  for (let i = 0; i < B; i++) rows.push(f(...args.map((x, j) => (inAxes[j] === null ? x : slab(x, inAxes[j]!, i)))));
  const want = mx.stack(rows, { axis: outAxis });
  expect(got.shape).toEqual(want.shape);
  expect(got.dtype).toBe(want.dtype);
  await mx.eval(got, want);
  expectClose(await got.data(), await want.data(), tol, tol);
}

describe.each(VMAP_STREAMS)("vmap equals stacking rows ($name)", ({ stream }) => {
  const s = { stream };
  test("unary and binary with broadcasting, where, comparisons", async () => {
    await checkVmap((x) => mx.exp(mx.sin(x, s), s), [rand([4, 3])], [0]);
    await checkVmap((x) => mx.floor(mx.multiply(x, 3, s), s), [rand([2, 3, 4])], [1], 2);
    await checkVmap((x, y) => mx.add(x, y, s), [rand([4, 3], 1), rand([3], 2)], [0, null]);
    await checkVmap((x, y) => mx.multiply(x, y, s), [rand([3], 1), rand([2, 4, 3], 2)], [null, 1]);
    await checkVmap((x, y) => mx.power(x, y, s), [rand([5, 2, 1], 1, 0.5, 2), rand([3, 5], 2)], [0, 1]);
    await checkVmap((c, x, y) => mx.where(mx.greater(c, 0, s), x, y, s), [rand([4, 3], 3), rand([3], 4), rand([4, 1], 5)], [0, null, 0]);
    await checkVmap((x) => mx.astype(mx.less(x, 0.2, s), mx.int32, s), [rand([3, 2])], [0]);
  });

  test("shape ops: transpose, slices, reshape, broadcast, concatenate, pad, sliceUpdate", async () => {
    await checkVmap((x) => mx.transpose(x, s), [rand([2, 3, 4])], [1]);
    await checkVmap((x) => x.get("::-1", "1:"), [rand([3, 4, 3])], [2]);
    await checkVmap((x) => mx.reshape(x, [6], s), [rand([4, 2, 3])], [0]);
    await checkVmap((x) => mx.broadcastTo(x, [2, 3], s), [rand([4, 3])], [0]);
    await checkVmap((x, y) => mx.concatenate([x, y, x], { axis: 0, ...s }), [rand([4, 2], 1), rand([3], 2)], [0, null]);
    await checkVmap((x) => mx.pad(x, [1, 2], s), [rand([3, 2])], [0]);
    await checkVmap((x, v) => mx.sliceUpdate(x, v, [1], null, s), [rand([3, 4], 1), rand([3, 2], 2)], [0, 0]);
    await checkVmap((x, v) => mx.sliceUpdate(x, v, [1], null, s), [rand([4], 1), rand([3, 2], 2)], [null, 0]);
    await checkVmap((x) => { const y = mx.multiply(x, 1, s); y.set("1:", 0); return y; }, [rand([3, 4])], [0]);
  });

  test("reductions, softmax, logsumexp, sort, argmax", async () => {
    await checkVmap((x) => mx.sum(x, 0, s), [rand([4, 3, 2])], [1]);
    await checkVmap((x) => mx.max(x, { keepdims: true, ...s }), [rand([4, 3])], [0]);
    await checkVmap((x) => mx.prod(x, s), [rand([4, 3])], [1]);
    await checkVmap((x) => mx.argmax(x, s), [rand([4, 3])], [0]);
    await checkVmap((x) => mx.softmax(x, { axis: 0, ...s }), [rand([4, 3])], [0]);
    await checkVmap((x) => mx.softmax(x, s), [rand([4])], [0]);
    await checkVmap((x) => mx.logsumexp(x, s), [rand([4, 3])], [1]);
    await checkVmap((x) => mx.sort(x, s), [rand([4, 5])], [0]);
    await checkVmap((x) => mx.argsort(x, { axis: 0, ...s }), [rand([4, 5])], [1]);
  });

  test("indexing: get with index arrays, take, takeAlongAxis, putAlongAxis, set", async () => {
    await checkVmap((x) => x.get([0, 2, 2]), [rand([4, 3, 2])], [0]);
    await checkVmap((x, i) => mx.take(x, i, { axis: 0, ...s }), [rand([4, 3], 1), mx.array([[0, 2], [1, 1], [2, 0]])], [null, 0]);
    await checkVmap((x, i) => mx.take(x, i, s), [rand([2, 6], 1), mx.array([[0, 5], [3, 3]])], [0, 0]);
    await checkVmap((x, i) => mx.take(x, i, { axis: 1, ...s }), [rand([3, 2, 4], 1), mx.array([[0, -1, 2], [3, 3, 1]])], [0, 1]);
    await checkVmap((x, i, j) => x.get(":", i, j), [rand([2, 3, 4], 1), mx.array([[0, 1], [2, 2]]), mx.array([3, -1])], [null, 0, null]);
    await checkVmap((x, i) => x.get(i, ":", 1), [rand([3, 2, 4, 3], 1), mx.array([1, 0, 1])], [0, 0]);
    await checkVmap((x) => mx.takeAlongAxis(x, mx.array([[1], [0]]), { axis: 1, ...s }), [rand([3, 2, 2])], [0]);
    await checkVmap((x) => mx.putAlongAxis(x, mx.array([[1], [0]]), 5, { axis: 1, ...s }), [rand([3, 2, 2])], [0]);
    await checkVmap((x, i) => mx.takeAlongAxis(x, i, { axis: 0, ...s }), [rand([2, 3], 1), mx.array([[[0, 1, 1]], [[1, 1, 0]]])], [null, 0]);
    await checkVmap((x, i, v) => mx.putAlongAxis(x, i, v, { axis: 1, ...s }), [rand([3, 2, 4], 1), mx.array([[3], [0]]), rand([3, 2, 1], 2)], [0, null, 0]);
    await checkVmap((x, i) => mx.putAlongAxis(x, i, 1, s), [rand([2, 3], 1), mx.array([[1, 5], [0, 0]])], [null, 0]);
    await checkVmap((x, v) => { const y = mx.multiply(x, 1, s); y.set([0, 2], v); return y; }, [rand([2, 3], 1), rand([2], 2)], [0, 0]);
    const setAt = (x: mx.MxArray, i: mx.MxArray, v: mx.MxArray) => { const y = mx.multiply(x, 1, s); y.set(":", i, v); return y; };
    await checkVmap(setAt, [rand([3, 2, 4], 1), mx.array([[0, 3], [1, 1], [2, -1]]), rand([2, 1], 2)], [0, 0, null]);
    await checkVmap(setAt, [rand([2, 4], 1), mx.array([[0, 3], [1, 2], [2, -1]]), rand([3, 2, 1], 2)], [null, 0, 0]);
    await checkVmap(setAt, [rand([2, 4], 1), mx.array([0, 3]), rand([3, 2], 2)], [null, null, 0]);
  });

  test("matmul (batched, 1-D, transposed operands) and conv", async () => {
    await checkVmap((a, b) => mx.matmul(a, b, s), [rand([4, 2, 3], 1), rand([3, 2], 2)], [0, null]);
    await checkVmap((a, b) => mx.matmul(a, b, s), [rand([3], 1), rand([4, 3, 2], 2)], [null, 0]);
    await checkVmap((a, b) => mx.matmul(a, b, s), [rand([4, 3], 1), rand([3, 4], 2)], [0, 1]);
    await checkVmap((a, b) => mx.matmul(mx.swapaxes(a, -1, -2, s), b, s), [rand([2, 5, 3, 2], 1), rand([2, 2, 3, 4], 2)], [1, null]);
    await checkVmap((a, b) => mx.matmul(a, mx.transpose(b, s), s), [rand([2, 3], 1), rand([3, 4, 3], 2)], [null, 0]);
    await checkVmap((x, w) => mx.conv1d(x, w, { stride: 2, padding: 1, ...s }), [rand([3, 2, 6, 2], 1), rand([4, 3, 2], 2)], [0, null], 0, 1e-4);
    await checkVmap((x, w) => mx.conv2d(x, w, { groups: 2, ...s }), [rand([1, 4, 4, 2], 1), rand([2, 2, 2, 2, 1], 2)], [null, 0], 0, 1e-4);
  });

  test("random: a batch of keys gives each example its own draw", async () => {
    const keys = mx.random.split(mx.random.key(7), 3);
    await checkVmap((k) => mx.random.uniform([4], { key: k, ...s }), [keys], [0]);
  });
});

describe("vmap API and compositions", () => {
  test("reading a traced value inside vmap is an error, not example 0's value", () => {
    const xs = mx.array([[1, 2], [3, 4]]);
    expect(() => mx.vmap((x: mx.MxArray) => mx.multiply(x, x.sum().item()))(xs)).toThrow(/traced arguments of vmap/);
    expect(() => mx.vmap((x: mx.MxArray) => { mx.evalSync(x); return x; })(xs)).toThrow(/traced arguments of vmap/);
    let leaked: mx.MxArray | null = null;
    mx.vmap((x: mx.MxArray) => (leaked = mx.exp(x)))(xs);
    expect(() => leaked!.tolist()).toThrow(/traced arguments of vmap/);
    // values that do not depend on the arguments can be read
    const c = mx.array([10, 20]);
    const y = mx.vmap((x: mx.MxArray) => mx.add(x, c.sum().item()))(xs);
    expect(y.tolist()).toEqual([[31, 32], [33, 34]]);
  });

  test("per-leaf inAxes: a tree spec maps some leaves and broadcasts the others", async () => {
    const f = (p: { w: mx.MxArray; b: mx.MxArray }, x: mx.MxArray) => mx.add(mx.matmul(x, p.w), p.b);
    const w = mx.array(randomData(6, -1, 1, 1), { shape: [3, 2] });
    const bs = mx.array(randomData(8, -1, 1, 2), { shape: [4, 2] }); // one bias per example
    const xs = mx.array(randomData(12, -1, 1, 3), { shape: [3, 4] }); // examples along axis 1
    const y = mx.vmap(f, { inAxes: [{ w: null, b: 0 }, 1] })({ w, b: bs }, xs);
    expect(y.shape).toEqual([4, 2]);
    const want = mx.add(mx.matmul(mx.transpose(xs), w), bs);
    expectClose(await y.data(), await want.data(), 1e-6, 1e-6);
    // a list spec per element of a list argument
    const g = (pair: mx.MxArray[]) => mx.multiply(pair[0]!, pair[1]!);
    const z = mx.vmap(g, { inAxes: [[0, null]] })([xs, mx.array([2, 3, 4, 5])]);
    expectClose(await z.data(), await mx.multiply(xs, mx.array([2, 3, 4, 5])).data(), 1e-6);
    expect(z.shape).toEqual([3, 4]);
    expect(() => mx.vmap(f, { inAxes: [{ w: null, c: 0 }, 1] })({ w, b: bs }, xs)).toThrow(/names "c"/);
    expect(() => mx.vmap(g, { inAxes: [[0, null, 0]] })([xs, xs])).toThrow(/list of 3/);
  });

  test("trees, unmapped outputs, outAxes and errors", async () => {
    const f = (p: { w: mx.MxArray; b: mx.MxArray }, x: mx.MxArray) => [mx.add(mx.matmul(x, p.w), p.b), p.b];
    const p = { w: rand([3, 2], 1), b: rand([2], 2) };
    const X = rand([5, 3], 3);
    const [y, b] = mx.vmap(f, { inAxes: [null, 0], outAxes: [1, 0] })(p, X);
    expect(y.shape).toEqual([2, 5]);
    expect(b.shape).toEqual([5, 2]);
    expectClose((await y.data()), mx.transpose(mx.add(mx.matmul(X, p.w), p.b)).dataSync(), 1e-5);
    expect(() => mx.vmap((a: mx.MxArray, c: mx.MxArray) => mx.add(a, c))(rand([2, 3]), rand([3, 3]))).toThrow(/\[vmap\] Inconsistent sizes/);
    expect(() => mx.vmap((a: mx.MxArray) => a, { inAxes: [null] })(rand([2]))).toThrow(/\[vmap\]/);
  });

  test("vmap(grad(f)) gives per-example gradients; grad(sum(vmap(f))) their sum", async () => {
    const f = (w: mx.MxArray, x: mx.MxArray) => mx.sum(mx.tanh(mx.matmul(x, w)));
    const w = rand([3, 2], 1);
    const X = rand([4, 3], 2);
    const per = mx.vmap(mx.grad(f), { inAxes: [null, 0] })(w, X);
    expect(per.shape).toEqual([4, 3, 2]);
    for (let i = 0; i < 4; i++) expectClose((await slab(per, 0, i).data()), (await mx.grad(f)(w, slab(X, 0, i)).data()), 1e-5, 1e-6);
    const total = mx.grad((ww: mx.MxArray) => mx.sum(mx.vmap(f, { inAxes: [null, 0] })(ww, X)))(w);
    expectClose((await total.data()), (await mx.sum(per, 0).data()), 1e-5, 1e-6);
    // per-example input gradients through the (batched) tangent graph too
    const [, t] = mx.jvp((x: mx.MxArray) => mx.vmap((r: mx.MxArray) => f(w, r))(x), [X], [mx.onesLike(X)]);
    const gx = mx.vmap(mx.grad((r: mx.MxArray) => f(w, r)))(X);
    expectClose(t[0]!.dataSync(), (await mx.sum(gx, 1).data()), 1e-5, 1e-6);
  });

  test("nested vmap computes an outer product table", async () => {
    const f = (a: mx.MxArray, b: mx.MxArray) => mx.multiply(mx.sin(a), b);
    const a = rand([3], 1);
    const b = rand([4], 2);
    const g = mx.vmap(mx.vmap(f, { inAxes: [null, 0] }), { inAxes: [0, null] })(a, b);
    expect(g.shape).toEqual([3, 4]);
    expectClose((await g.data()), mx.multiply(mx.expandDims(mx.sin(a), 1), b).dataSync(), 1e-6);
  });
});

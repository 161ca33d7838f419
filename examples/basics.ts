/**
 * A runnable tour of kiln's basics: creation, printing, lazy evaluation, readers, dtypes,
 * streams and memory. Run it with `npx bun examples/basics.ts` (after `npm install` and
 * `npm run build`). Ops from kernel families that are still being written are used only when
 * they exist.
 */
import * as mx from "../src/index.ts";

const section = (title: string) => console.log(`\n--- ${title} ---`);

section("creation");
const a = mx.array([[1, 2, 3], [4, 5, 6]]); // int32, inferred from the values
const f = mx.array([0.5, 1.25, -2]); // float32
const b = mx.array([true, false]); // bool
const t = mx.array(new Uint8Array([0, 128, 255])); // a TypedArray keeps its element type
console.log(a, f, b, t);
console.log(mx.zeros([2, 2]), mx.ones([3], { dtype: mx.int32 }), mx.full([2], 7.5));
console.log(mx.arange(5), mx.arange(1, 2, 0.25), mx.linspace(0, 1, 5));
console.log(mx.eye(3, 4, { k: 1 }));

section("properties and shape ops");
console.log("shape", a.shape, "dtype", a.dtype, "ndim", a.ndim, "size", a.size);
console.log("a.T =", a.T);
console.log("reshape to [3, -1] =", a.reshape([3, -1]));
console.log("broadcastTo [2, 3] =", mx.broadcastTo(mx.array([10, 20, 30]), [2, 3]));
console.log("astype int32 =", mx.astype(mx.array([1.9, -1.9]), mx.int32), "(truncates toward zero)");

section("printing");
console.log(mx.array([1e-7, 123456789, Infinity, NaN]));
console.log(String(mx.array(3)));
console.log(mx.arange(24).reshape([2, 3, 4]));
console.log(mx.arange(5000)); // summarised with ...

section("lazy evaluation");
const before = mx.memory.stats().cpu.active;
const x = mx.arange(1_000_000).astype(mx.float32).reshape([1000, 1000]).T; // records 4 nodes
console.log("recorded; bytes allocated so far:", mx.memory.stats().cpu.active - before);
await mx.eval(x); // computes; the intermediates are freed as soon as their consumer ran
console.log("evaluated; bytes now held:", mx.memory.stats().cpu.active - before, "(only the result)");
mx.evalSync({ list: [mx.zeros([2])], nested: { y: mx.ones([3]) } }); // trees of arrays work too

section("readers");
console.log("item:", mx.array(2.5).item());
console.log("tolist:", a.T.tolist());
console.log("dataSync:", mx.arange(4).dataSync());
console.log("await data():", await f.data());
console.log("await tolistAsync():", await b.tolistAsync());

section("streams and devices");
console.log("cpu available:", mx.cpu.available, "gpu available:", mx.gpu.available);
const s = mx.newStream(mx.cpu);
const onS = mx.withStream(s, () => mx.arange(3).reshape([3, 1]));
console.log(`ran on ${s}:`, onS.tolist());
try {
  mx.zeros([2], { stream: mx.gpu });
  console.log("the GPU stream accepted the op");
} catch (e) {
  console.log("gpu:", (e as Error).message);
}

section("ops from other kernel families (when present)");
type Fn = (...args: unknown[]) => mx.MxArray;
const maybe = (name: string): Fn | null => {
  const fn = (mx as unknown as Record<string, unknown>)[name];
  return typeof fn === "function" ? (fn as Fn) : null;
};
for (const [name, call] of [
  ["add", (fn: Fn) => fn(a, 10)],
  ["multiply", (fn: Fn) => fn(f, f)],
  ["exp", (fn: Fn) => fn(f)],
  ["sum", (fn: Fn) => fn(a, { axis: 1 })],
  ["matmul", (fn: Fn) => fn(a, a.T)],
  ["softmax", (fn: Fn) => fn(f)],
] as [string, (fn: Fn) => mx.MxArray][]) {
  const fn = maybe(name);
  if (!fn) {
    console.log(`mx.${name}: not implemented yet`);
    continue;
  }
  try {
    console.log(`mx.${name}:`, call(fn));
  } catch (e) {
    console.log(`mx.${name}: ${(e as Error).message}`);
  }
}

section("memory");
{
  using big = mx.zeros([1 << 20]);
  mx.evalSync(big);
  console.log("with a 4 MiB array alive:", mx.memory.stats().cpu.active, "bytes active");
}
console.log("after `using` released it:", mx.memory.stats().cpu.active, "bytes active");

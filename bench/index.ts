/**
 * `bun bench` (npm run bench): a demo benchmark of kiln ops on the CPU stream, evaluation
 * included, measured with the `benchmark` package. Ops that are not there yet (other kernel
 * families are being written) or that throw are reported as "n/a (reason)"; nothing here
 * crashes the run.
 *
 *   bun bench/index.ts [--quick] [--json FILE]
 *
 * --quick: shorter sampling (the whole run takes well under a minute).
 * --json FILE: also writes the rows as JSON.
 */
import Benchmark from "benchmark";
import * as mx from "../src/index.ts";

interface Row {
  op: string;
  shape: string;
  ms: number | null;
  rate: string;
  note?: string;
}

interface Case {
  op: string;
  shape: string;
  /** the op function's name on `mx`, for feature detection */
  needs: string[];
  /** builds the inputs once; returns the function that records and evaluates the op */
  setup: () => () => void;
  /** work per run: flops for GFLOP/s, or bytes moved for GB/s */
  flops?: number;
  bytes?: number;
}

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
if (jsonAt >= 0 && !jsonFile) {
  console.error("bench: --json needs a file name");
  process.exit(2);
}

const stream = mx.cpu;
type AnyFn = (...a: unknown[]) => mx.MxArray;
const op = (name: string): AnyFn => (mx as unknown as Record<string, AnyFn>)[name]!;
const has = (name: string): boolean => typeof (mx as unknown as Record<string, unknown>)[name] === "function";

/** A float32 array of uniform values in [-1, 1), made without needing mx.random. */
function uniform(shape: number[], seed = 1): mx.MxArray {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    d[i] = s / 2 ** 31 - 1;
  }
  return mx.array(d, { shape });
}

/** Records and evaluates `f()` (disposing the result so memory stays flat). */
function run(f: () => mx.MxArray): () => void {
  return () => {
    using y = f();
    mx.evalSync(y);
  };
}

const M = 1 << 20;
const cases: Case[] = [
  {
    op: "add",
    shape: "[1M] + [1M]",
    needs: ["add"],
    setup: () => {
      const a = uniform([M], 1);
      const b = uniform([M], 2);
      return run(() => op("add")(a, b, { stream }));
    },
    bytes: 3 * 4 * M,
  },
  {
    op: "exp",
    shape: "[1M]",
    needs: ["exp"],
    setup: () => {
      const a = uniform([M], 3);
      return run(() => op("exp")(a, { stream }));
    },
    bytes: 2 * 4 * M,
  },
  {
    op: "sum",
    shape: "[1M] -> []",
    needs: ["sum"],
    setup: () => {
      const a = uniform([M], 4);
      return run(() => op("sum")(a, { stream }));
    },
    bytes: 4 * M,
  },
  ...[256, 1024].map((n): Case => ({
    op: "matmul",
    shape: `[${n},${n}] @ [${n},${n}]`,
    needs: ["matmul"],
    setup: () => {
      const a = uniform([n, n], 5);
      const b = uniform([n, n], 6);
      return run(() => op("matmul")(a, b, { stream }));
    },
    flops: 2 * n * n * n,
  })),
  {
    op: "softmax",
    shape: "[4096,1000] axis -1",
    needs: ["softmax"],
    setup: () => {
      const a = uniform([4096, 1000], 7);
      return run(() => op("softmax")(a, { axis: -1, stream }));
    },
    bytes: 2 * 4 * 4096 * 1000,
  },
  // the copy family exists today: casts and strided copies
  {
    op: "astype f32->i32",
    shape: "[1M]",
    needs: ["astype"],
    setup: () => {
      const a = uniform([M], 8);
      return run(() => mx.astype(a, mx.int32, { stream }));
    },
    bytes: 2 * 4 * M,
  },
  {
    op: "transpose (copy)",
    shape: "[1024,1024].T",
    needs: ["transpose"],
    setup: () => {
      const a = uniform([1024, 1024], 9);
      return run(() => mx.transpose(a, { stream }));
    },
    bytes: 2 * 4 * M,
  },
  {
    op: "broadcastTo",
    shape: "[1024] -> [1024,1024]",
    needs: ["broadcastTo"],
    setup: () => {
      const a = uniform([1024], 10);
      return run(() => mx.broadcastTo(a, [1024, 1024], { stream }));
    },
    bytes: 4 * M,
  },
  {
    op: "zeros (fill)",
    shape: "[1M]",
    needs: ["zeros"],
    setup: () => run(() => mx.zeros([M], { stream })),
    bytes: 4 * M,
  },
];

function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0]!.slice(0, 70);
}

function measure(c: Case): Row {
  const row: Row = { op: c.op, shape: c.shape, ms: null, rate: "" };
  const missing = c.needs.filter((n) => !has(n));
  if (missing.length > 0) {
    row.note = `n/a (mx.${missing.join(", mx.")} not implemented yet)`;
    return row;
  }
  let fn: () => void;
  let first: number;
  try {
    fn = c.setup();
    const t = performance.now();
    fn(); // one checked run: an op that throws is reported, not timed
    first = (performance.now() - t) / 1e3;
  } catch (e) {
    row.note = `n/a (${reason(e)})`;
    return row;
  }
  const rate = (sec: number) => {
    if (c.flops) return `${(c.flops / sec / 1e9).toFixed(2)} GFLOP/s`;
    if (c.bytes) return `${(c.bytes / sec / 1e9).toFixed(2)} GB/s`;
    return "";
  };
  // a very slow op (e.g. an untuned kernel) is timed once so the run stays short
  if (first > (quick ? 0.5 : 3)) {
    row.ms = first * 1e3;
    row.rate = `${rate(first)} (1 run)`;
    return row;
  }
  let error: unknown = null;
  const bench = new Benchmark(c.op, fn, {
    maxTime: quick ? 0.25 : 2,
    minSamples: quick ? 3 : 10,
    initCount: 1,
    onError: (ev: { target: { error?: unknown } }) => {
      error = ev.target.error ?? "error";
    },
  });
  bench.run();
  if (error !== null || bench.error) {
    row.note = `n/a (${reason(error ?? bench.error)})`;
    return row;
  }
  const sec = bench.stats.mean;
  row.ms = sec * 1e3;
  row.rate = rate(sec);
  return row;
}

function table(rows: Row[]): string {
  const head = ["op", "shape", "ms", "GFLOP/s or GB/s"];
  const cells = rows.map((r) => [r.op, r.shape, r.ms === null ? (r.note ?? "n/a") : r.ms.toFixed(3), r.ms === null ? "" : r.rate]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (i === 2 && c[3] === "" && c[2]!.startsWith("n/a") ? 0 : c[i]!.length))));
  const fmt = (c: string[]) =>
    c
      .map((s, i) => (i === 2 && s.startsWith("n/a") ? s : i === 2 ? s.padStart(widths[i]!) : s.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [fmt(head), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(fmt)].join("\n");
}

const t0 = performance.now();
console.log(`kiln bench (${quick ? "quick" : "full"}) on the CPU stream, evaluation included; ${navigator.userAgent}\n`);
const rows: Row[] = [];
for (const c of cases) {
  rows.push(measure(c));
  Bun.gc(true); // return the inputs of the finished case to the heap
}
console.log(table(rows));
console.log(`\n${((performance.now() - t0) / 1000).toFixed(1)} s; memory peak ${(mx.memory.stats().cpu.peak / 2 ** 20).toFixed(1)} MiB`);
if (jsonFile) {
  await Bun.write(jsonFile, JSON.stringify({ quick, date: new Date().toISOString(), rows }, null, 2) + "\n");
  console.log(`wrote ${jsonFile}`);
}

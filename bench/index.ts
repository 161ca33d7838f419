/**
 * `bun bench` (npm run bench): kiln's headline kernels — matmul, conv2d, softmax — on every
 * available stream, against the WebAssembly peers installed as devDependencies
 * (onnxruntime-web, @tensorflow/tfjs-backend-wasm, @jax-js/jax), each peer in its own process,
 * all measured in the same run with the `benchmark` package. The table shows ms, GFLOP/s (GB/s
 * for memory-bound ops), the fraction of this machine's WASM SIMD peak (measured here, per
 * thread) and kiln's ratio to the best peer at the same thread count.
 *
 *   bun bench/index.ts [--quick] [--json FILE] [--html FILE] [--no-peers] [--only SUBSTRING]
 *
 * --quick: a short subset (about a minute). --json / --html: also write the results.
 * --no-peers: kiln only. --only: workloads whose id contains SUBSTRING.
 */
import * as mx from "../src/index.ts";
import { kilnCase } from "./kiln_runner.ts";
import { html, json, table, type Report, type Result } from "./report.ts";
import { time } from "./timing.ts";
import { WORKLOADS, work, type Workload } from "./workloads.ts";

const args = process.argv.slice(2);
const flag = (f: string) => args.includes(f);
const value = (f: string): string | undefined => {
  const i = args.indexOf(f);
  if (i < 0) return undefined;
  const v = args[i + 1];
  if (!v || v.startsWith("--")) {
    console.error(`bench: ${f} needs a value`);
    process.exit(2);
  }
  return v;
};
const quick = flag("--quick");
const jsonFile = value("--json");
const htmlFile = value("--html");
const only = value("--only");
const workloads = WORKLOADS.filter((w) => (!quick || w.quick) && (!only || w.id.includes(only)));
const cores = navigator.hardwareConcurrency || 1;

const t0 = performance.now();
console.log(`kiln bench (${quick ? "quick" : "full"}): ${workloads.length} workloads; Bun ${Bun.version}, ${cores} cores`);

/** The WASM SIMD peak of one thread (bench/peak.ts), or null when it cannot be measured. */
async function peak(): Promise<number | null> {
  try {
    const path = "./peak.ts"; // written alongside the GEMM work; optional
    const m = (await import(path)) as { measurePeakGflops?: () => number | Promise<number> };
    return m.measurePeakGflops ? await m.measurePeakGflops() : null;
  } catch {
    return null;
  }
}

const report: Report = {
  date: new Date().toISOString(),
  quick,
  host: `${navigator.userAgent}, ${cores} cores`,
  peakGflops: await peak(),
  gpu: mx.gpu.available ? Object.entries(mx.gpu.info ?? {}).map(([k, v]) => `${k}=${v}`).join(" ") : null,
  results: [],
};
console.log(`WASM SIMD peak: ${report.peakGflops === null ? "n/a" : report.peakGflops.toFixed(1) + " GFLOP/s per thread"}; GPU: ${report.gpu ?? "none"}\n`);

// ---- kiln on each stream ----------------------------------------------------------------
const setThreads = (mx as unknown as { setCpuThreads?: (n: number) => number }).setCpuThreads;
const cpuThreads = setThreads && cores > 1 ? [1, cores] : [1];
/** Work per second seen on the GPU so far, to skip cases that would take minutes (software GPUs). */
let gpuRate: number | null = null;
const GPU_BUDGET_S = quick ? 3 : 10;

for (const w of workloads) {
  for (const threads of cpuThreads) {
    setThreads?.(threads);
    report.results.push(await runKiln(w, mx.cpu, "kiln cpu", threads));
  }
  setThreads?.(cores);
  if (mx.gpu.available) {
    const est = gpuRate === null ? 0 : work(w).amount / gpuRate;
    if (est > GPU_BUDGET_S) report.results.push({ workload: w.id, runner: "kiln gpu", threads: 1, sec: null, note: `skipped (~${est.toFixed(0)} s on this adapter)` });
    else {
      const r = await runKiln(w, mx.gpu, "kiln gpu", 1);
      if (r.sec !== null) gpuRate = Math.min(gpuRate ?? Infinity, work(w).amount / r.sec);
      report.results.push(r);
    }
  }
  Bun.gc(true);
}

async function runKiln(w: Workload, stream: mx.Device, runner: string, threads: number): Promise<Result> {
  try {
    const fn = await kilnCase(w, stream);
    const t = await time(fn, { quick });
    return { workload: w.id, runner, threads, sec: t.sec, rme: t.rme, runs: t.runs };
  } catch (e) {
    return { workload: w.id, runner, threads, sec: null, note: `n/a (${e instanceof Error ? e.message : String(e)})` };
  }
}

// ---- peers, each in its own process ------------------------------------------------------
if (!flag("--no-peers")) {
  const peerIds = workloads.filter((w) => w.kind !== "op").map((w) => w.id);
  const configs: [string, number][] = [];
  for (const p of ["tfjs-wasm", "onnxruntime-web", "jax-js"]) {
    configs.push([p, 1]);
    if (cores > 1 && p === "onnxruntime-web") configs.push([p, cores]);
  }
  for (const [peer, threads] of configs) {
    const proc = Bun.spawn([process.execPath, new URL("./peer_child.ts", import.meta.url).pathname, peer, String(threads), quick ? "1" : "0", ...peerIds], {
      stdout: "pipe",
      stderr: "pipe",
    });
    const timer = setTimeout(() => proc.kill(), (quick ? 120 : 600) * 1000);
    const out = await new Response(proc.stdout).text();
    await proc.exited;
    clearTimeout(timer);
    const seen = new Set<string>();
    for (const line of out.split("\n")) {
      if (!line.startsWith("{")) continue;
      const o = JSON.parse(line) as { id?: string; sec?: number; rme?: number; runs?: number; error?: string };
      if (!o.id) {
        console.log(`  ${peer} (${threads} thread${threads > 1 ? "s" : ""}): skipped — ${o.error}`);
        continue;
      }
      seen.add(o.id);
      report.results.push({ workload: o.id, runner: peer, threads, sec: o.sec ?? null, rme: o.rme, runs: o.runs, note: o.error ? `n/a (${o.error})` : undefined });
    }
    if (seen.size === 0 && !out.includes('"error"')) console.log(`  ${peer}: no results (exit ${proc.exitCode})`);
  }
}

// order: per workload, kiln rows first, then peers
report.results.sort((a, b) => {
  const wa = workloads.findIndex((w) => w.id === a.workload);
  const wb = workloads.findIndex((w) => w.id === b.workload);
  if (wa !== wb) return wa - wb;
  const ka = a.runner.startsWith("kiln") ? 0 : 1;
  const kb = b.runner.startsWith("kiln") ? 0 : 1;
  return ka - kb || a.runner.localeCompare(b.runner) || a.threads - b.threads;
});

console.log(table(report, workloads));
console.log(`\n${((performance.now() - t0) / 1000).toFixed(1)} s; kiln memory peak ${(mx.memory.stats().cpu.peak / 2 ** 20).toFixed(1)} MiB`);
if (jsonFile) {
  await Bun.write(jsonFile, json(report, workloads));
  console.log(`wrote ${jsonFile}`);
}
if (htmlFile) {
  await Bun.write(htmlFile, html(report, workloads));
  console.log(`wrote ${htmlFile}`);
}

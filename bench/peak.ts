/**
 * The WASM SIMD peak of one thread: compiles asm/peak.ts (12 independent f32x4 mul+add chains,
 * see its header) with the AssemblyScript compiler, lets the JIT tier it up, and times it.
 * `measurePeakGflops()` returns the best GFLOP/s of several ~20 ms runs (a peak: the fastest
 * run is the one least disturbed by other load on a shared machine); `peakProbe()` returns
 * a function that times one run, so a benchmark can interleave peak and kernel runs and report
 * ratios measured under the same machine load.
 */
import asc from "assemblyscript/asc";

const STEPS = 200_000; // ~20 ms a run at ~35 GFLOP/s

/** A function that runs the peak kernel once and returns its GFLOP/s. */
export async function peakProbe(): Promise<() => number> {
  const src = await Bun.file(new URL("../asm/peak.ts", import.meta.url)).text();
  const out = await asc.compileString({ "peak.ts": src }, {
    optimizeLevel: 3, runtime: "stub", enable: ["simd"], noAssert: true, importMemory: true,
  } as Parameters<typeof asc.compileString>[1]);
  if (!out.binary) throw new Error(`bench/peak: asc failed: ${out.stderr.toString()}`);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const f = new Float32Array(memory.buffer, 0, 32);
  for (let i = 0; i < 32; i++) f[i] = i < 8 ? 0.5 + i / 16 : 0.001 * i;
  const inst = new WebAssembly.Instance(new WebAssembly.Module(out.binary as Uint8Array<ArrayBuffer>), { env: { memory, abort() {} } });
  const e = inst.exports as { peak_f32x4: (iters: number, p: number) => number; PEAK_FLOPS_PER_STEP: WebAssembly.Global };
  const flops = STEPS * (e.PEAK_FLOPS_PER_STEP.value as number);
  for (let i = 0; i < 60; i++) e.peak_f32x4(STEPS / 10, 0); // tier up (BBQ -> OMG)
  return () => {
    const t0 = performance.now();
    e.peak_f32x4(STEPS, 0);
    return flops / ((performance.now() - t0) * 1e6);
  };
}

/** Best GFLOP/s of `runs` peak runs (one thread). */
export async function measurePeakGflops(runs = 25): Promise<number> {
  const probe = await peakProbe();
  let best = 0;
  for (let i = 0; i < runs; i++) best = Math.max(best, probe());
  return best;
}

if (import.meta.main) console.log(`WASM SIMD peak: ${(await measurePeakGflops()).toFixed(1)} GFLOP/s (1 thread)`);

/**
 * Timing with the `benchmark` package: sync functions run as plain benchmarks, async ones
 * (GPU readbacks, peers whose results arrive in promises) as deferred benchmarks. A function
 * whose first (checked) run is slow is timed by that run alone, so a run stays short.
 */
import Benchmark from "benchmark";

export interface Timing {
  /** Mean seconds per run. */
  sec: number;
  /** Relative margin of error in percent (0 for a single run). */
  rme: number;
  runs: number;
}

export interface TimingOptions {
  quick: boolean;
  /** Seconds above which the first run is the only run. */
  slow?: number;
}

function errorText(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0]!.slice(0, 90);
}

/** Times `fn` (sync or async). Throws an Error with a one-line reason when fn fails. */
export async function time(fn: () => void | Promise<void>, opts: TimingOptions): Promise<Timing> {
  const once = async (): Promise<number> => {
    const t0 = performance.now();
    try {
      await fn();
    } catch (e) {
      throw new Error(errorText(e));
    }
    return (performance.now() - t0) / 1e3;
  };
  // checked run: warms up JITs, GPU pipelines (compiling them can take seconds), buffer caches
  const slow = opts.slow ?? (opts.quick ? 0.5 : 2);
  if ((await once()) > slow) {
    const second = await once(); // the first run may have been compilation
    if (second > slow) return { sec: second, rme: 0, runs: 1 };
  }
  const common = { maxTime: opts.quick ? 0.3 : 1.5, minSamples: opts.quick ? 3 : 8, initCount: 1 };
  let error: unknown = null;
  const onError = (ev: { target: { error?: unknown } }) => {
    error = ev.target.error ?? "error";
  };
  const probe = fn();
  const isAsync = probe instanceof Promise;
  if (isAsync) await probe;
  let bench: Benchmark;
  if (!isAsync) {
    bench = new Benchmark("case", fn as () => void, { ...common, onError });
    bench.run();
  } else {
    bench = await new Promise<Benchmark>((resolve) => {
      const b: Benchmark = new Benchmark("case", {
        ...common,
        defer: true,
        fn: (d: { resolve(): void }) => {
          (fn() as Promise<void>).then(
            () => d.resolve(),
            (e: unknown) => {
              error = e;
              d.resolve();
            },
          );
        },
        onError,
        onComplete: () => resolve(b),
      });
      b.run({ async: true });
    });
  }
  if (error !== null || bench.error) throw new Error(errorText(error ?? bench.error));
  return { sec: bench.stats.mean, rme: bench.stats.rme, runs: bench.stats.sample.length };
}

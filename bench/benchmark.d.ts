/** The part of the `benchmark` package's API that bench/ uses (the package ships no types). */
declare module "benchmark" {
  interface Stats {
    /** Mean seconds per run. */
    mean: number;
    /** Relative margin of error, percent. */
    rme: number;
    sample: number[];
  }
  interface Options {
    maxTime?: number;
    minSamples?: number;
    initCount?: number;
    onError?: (event: { target: { error?: unknown } }) => void;
  }
  class Benchmark {
    constructor(name: string, fn: () => void, options?: Options);
    run(options?: { async?: boolean }): this;
    readonly stats: Stats;
    readonly error?: unknown;
    readonly hz: number;
  }
  export default Benchmark;
}

/** The part of the `benchmark` package's API that bench/ uses (the package ships no types). */
declare module "benchmark" {
  interface Stats {
    /** Mean seconds per run. */
    mean: number;
    /** Relative margin of error, percent. */
    rme: number;
    sample: number[];
  }
  interface Deferred {
    resolve(): void;
  }
  interface Options {
    maxTime?: number;
    minSamples?: number;
    initCount?: number;
    /** With defer, fn receives a Deferred and the run ends when it is resolved. */
    defer?: boolean;
    fn?: ((deferred: Deferred) => void) | (() => void);
    onError?: (event: { target: { error?: unknown } }) => void;
    onComplete?: () => void;
  }
  class Benchmark {
    constructor(name: string, fn: () => void, options?: Options);
    constructor(name: string, options: Options);
    run(options?: { async?: boolean }): this;
    readonly stats: Stats;
    readonly error?: unknown;
    readonly aborted: boolean;
    readonly hz: number;
  }
  export default Benchmark;
}

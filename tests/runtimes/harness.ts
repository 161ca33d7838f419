/**
 * Shared parts of the runtime tests: building dist/ when it is stale, transpiling the smoke
 * program to JS, running a child process under a hard timeout (always killed), the float64
 * reference the results are checked against, and the skip-or-fail rule (KILN_REQUIRE_RUNTIMES=1
 * turns a missing runtime into a failure, as CI sets it).
 */
import { expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { B, C, UNIFORM_SHAPE, W, X, type SmokeResult } from "./smoke.ts";

export const ROOT = join(import.meta.dir, "../..");
export const DIST = join(ROOT, "dist");
/** Scratch files of the runtime tests (inside dist/, so Node resolves `kiln` to this package). */
export const SMOKE_DIR = join(DIST, ".smoke");
export const SWIFTSHADER_ICD = "/usr/lib/chromium/vk_swiftshader_icd.json";
export const REQUIRED = process.env.KILN_REQUIRE_RUNTIMES === "1";

/** Newest modification time of the files under `dir` (recursively). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let built: Promise<void> | null = null;

/** Builds dist/ (scripts/build-dist.mjs) when it is missing or older than src/ or build/wasm/. */
export function ensureDist(): Promise<void> {
  built ??= (async () => {
    const stamp = join(DIST, "node/index.js");
    const wasm = join(ROOT, "build/wasm");
    const stale = !existsSync(stamp) || statSync(stamp).mtimeMs < Math.max(newest(join(ROOT, "src")), existsSync(wasm) ? newest(wasm) : 0);
    if (stale) {
      const r = await runChild([process.execPath, join(ROOT, "scripts/build-dist.mjs")], { timeoutMs: 60_000 });
      if (r.code !== 0) throw new Error(`build-dist failed (${r.code}):\n${r.stdout}\n${r.stderr}`);
    }
    mkdirSync(SMOKE_DIR, { recursive: true });
    const ts = readFileSync(join(import.meta.dir, "smoke.ts"), "utf8");
    writeFileSync(join(SMOKE_DIR, "smoke.js"), new Bun.Transpiler({ loader: "ts", target: "browser" }).transformSync(ts));
  })();
  return built;
}

/** The file a package.json `exports["."]` condition points at (absolute path). */
export function exportTarget(condition: string): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
  const rel = pkg.exports?.["."]?.[condition];
  if (typeof rel !== "string") throw new Error(`package.json has no exports["."].${condition}`);
  return join(ROOT, rel);
}

export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** Runs `cmd`, killing it (SIGKILL) after `timeoutMs`; never rejects for a non-zero exit. */
export async function runChild(cmd: string[], opts: { timeoutMs: number; env?: Record<string, string | undefined>; cwd?: string }): Promise<ChildResult> {
  const t0 = performance.now();
  const proc = Bun.spawn({ cmd, cwd: opts.cwd ?? ROOT, env: opts.env ?? process.env, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, opts.timeoutMs);
  try {
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    return { code, stdout, stderr, timedOut, ms: performance.now() - t0 };
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON a smoke driver printed on its `KILN_SMOKE ` line. */
export function parseSmoke(r: ChildResult): SmokeOutput {
  const line = r.stdout.split("\n").find((l) => l.startsWith("KILN_SMOKE "));
  if (!line) {
    throw new Error(`no KILN_SMOKE line (exit ${r.code}${r.timedOut ? ", timed out" : ""})\nstdout:\n${r.stdout.slice(-3000)}\nstderr:\n${r.stderr.slice(-3000)}`);
  }
  return JSON.parse(line.slice("KILN_SMOKE ".length)) as SmokeOutput;
}

export interface SmokeOutput {
  runtime: string;
  platform: string;
  results: SmokeResult[];
  error?: string;
}

/** An environment for a child that may use the software GPU (SwiftShader's Vulkan driver). */
export function gpuEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  if (!env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  if (!env.XDG_RUNTIME_DIR) {
    const dir = join(SMOKE_DIR, "xdg");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    env.XDG_RUNTIME_DIR = dir;
  }
  return env;
}

/**
 * A test that runs only when `missing` is null; otherwise it is skipped with the reason printed,
 * or fails when KILN_REQUIRE_RUNTIMES=1 (CI installs every runtime).
 */
export function runtimeTest(name: string, missing: string | null, fn: () => Promise<void>, timeoutMs = 55_000): void {
  if (missing === null) {
    test(name, fn, timeoutMs);
  } else if (REQUIRED) {
    test(name, () => {
      throw new Error(`${name}: ${missing} (KILN_REQUIRE_RUNTIMES=1: every runtime must be installed)`);
    });
  } else {
    console.log(`[runtimes] skipping "${name}": ${missing}`);
    test.skip(name, fn);
  }
}

// ---------------------------------------------------------------------------------------------
// The float64 reference (plain TypeScript, independent of kiln).

/** Threefry-2x32 with 20 rounds (Salmon et al. 2011; the Random123 / JAX constants). */
function threefry(k0: number, k1: number, c0: number, c1: number): [number, number] {
  const R = [13, 15, 26, 6, 17, 29, 16, 24];
  const ks = [k0 >>> 0, k1 >>> 0, (k0 ^ k1 ^ 0x1bd11bda) >>> 0];
  let x0 = (c0 + ks[0]!) >>> 0;
  let x1 = (c1 + ks[1]!) >>> 0;
  for (let round = 0; round < 20; round++) {
    const r = R[round % 8]!;
    x0 = (x0 + x1) >>> 0;
    x1 = ((x1 << r) | (x1 >>> (32 - r))) >>> 0;
    x1 = (x1 ^ x0) >>> 0;
    if (round % 4 === 3) {
      const s = (round + 1) / 4;
      x0 = (x0 + ks[s % 3]!) >>> 0;
      x1 = (x1 + ks[(s + 1) % 3]! + s) >>> 0;
    }
  }
  return [x0, x1];
}

/** The expected results: softmax, its loss gradients and uniform(key(0)), in float64. */
export function reference(): { probs: number[]; gradW: number[]; gradB: number[]; uniform: number[] } {
  const n = X.length;
  const k = W.length;
  const m = B.length;
  const p: number[][] = [];
  for (let i = 0; i < n; i++) {
    const z = B.map((bj, j) => bj + X[i]!.reduce((s, xv, t) => s + xv * W[t]![j]!, 0));
    const mx = Math.max(...z);
    const e = z.map((v) => Math.exp(v - mx));
    const se = e.reduce((a, v) => a + v, 0);
    p.push(e.map((v) => v / se));
  }
  // d/dz of sum(p * c) for a row softmax: p * (c - sum(p * c))
  const dz = p.map((row, i) => {
    const pc = row.reduce((s, v, j) => s + v * C[i]![j]!, 0);
    return row.map((v, j) => v * (C[i]![j]! - pc));
  });
  const gradW: number[] = [];
  for (let t = 0; t < k; t++) for (let j = 0; j < m; j++) gradW.push(X.reduce((s, row, i) => s + row[t]! * dz[i]![j]!, 0));
  const gradB = Array.from({ length: m }, (_, j) => dz.reduce((s, row) => s + row[j]!, 0));
  // uniform: random bits of key(0) = [0, 0] (pair j -> words j and j + n/2), top 23 bits -> [1, 2) - 1
  const count = UNIFORM_SHAPE.reduce((a, v) => a * v, 1);
  const half = Math.ceil(count / 2);
  const words = new Array<number>(count);
  for (let j = 0; j < half; j++) {
    const [a, b] = threefry(0, 0, j, j + half);
    words[j] = a;
    if (j + half < count) words[j + half] = b;
  }
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  const uniform = words.map((w) => {
    u[0] = (w >>> 9) | 0x3f800000;
    return f[0]! - 1;
  });
  return { probs: p.flat(), gradW, gradB, uniform };
}

const REF = reference();

/** Checks one smoke result against the reference (float32 tolerances; the draw is exact). */
export function checkResult(r: SmokeResult, where: string): void {
  const close = (got: number[], want: number[], what: string, atol: number, rtol: number) => {
    expect(got.length, `${where}: ${what} length`).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      const err = Math.abs(got[i]! - want[i]!);
      if (!(err <= atol + rtol * Math.abs(want[i]!))) {
        throw new Error(`${where}: ${what}[${i}] = ${got[i]}, expected ${want[i]} (|err| ${err})`);
      }
    }
  };
  close(r.probs, REF.probs, "softmax", 1e-6, 1e-5);
  close(r.gradW, REF.gradW, "grad w", 1e-5, 1e-4);
  close(r.gradB, REF.gradB, "grad b", 1e-5, 1e-4);
  close(r.uniform, REF.uniform, "uniform(key(0))", 0, 0);
}

/** One line per result for the test log: where it ran and the cold start. */
export function describeRun(runtime: string, r: SmokeResult, coldMs?: number): string {
  const cold = coldMs ?? r.firstResultMs;
  return `[runtimes] ${runtime} ${r.device}: ok; import -> first result ${cold.toFixed(0)} ms`;
}

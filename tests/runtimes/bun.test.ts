/**
 * The smoke program in Bun, in a fresh process (so the cold start is real), importing `kiln`
 * through the `bun` export condition (the TypeScript sources): CPU, and WebGPU through
 * bun-webgpu on SwiftShader. The `webgpu` N-API package is never loaded here.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { checkResult, describeRun, ensureDist, gpuEnv, parseSmoke, reference, ROOT, runChild, runtimeTest, SWIFTSHADER_ICD } from "./harness.ts";

const DRIVER = join(import.meta.dir, "driver.mjs");
const gpuMissing = !existsSync(join(ROOT, "node_modules/bun-webgpu/package.json"))
  ? "the `bun-webgpu` package is not installed (npm ci)"
  : !process.env.VK_ICD_FILENAMES && !existsSync(SWIFTSHADER_ICD) ? `no Vulkan driver (${SWIFTSHADER_ICD}: apt-get install chromium-common libvulkan1)` : null;

describe("runtime: bun", () => {
  beforeAll(() => ensureDist(), 60_000);

  runtimeTest("bun: cpu (WASM) smoke matches the reference", null, async () => {
    const out = parseSmoke(await runChild([process.execPath, DRIVER, "kiln", "cpu"], { timeoutMs: 30_000, env: { ...process.env, KILN_DISABLE_GPU: "1" } }));
    expect(out.error).toBeUndefined();
    checkResult(out.results[0]!, "bun cpu");
    console.log(describeRun("bun", out.results[0]!));
  });

  runtimeTest("bun: gpu (bun-webgpu, SwiftShader) smoke matches the reference", gpuMissing, async () => {
    const out = parseSmoke(await runChild([process.execPath, DRIVER, "kiln", "gpu"], { timeoutMs: 45_000, env: gpuEnv() }));
    expect(out.error).toBeUndefined();
    expect(out.results[0]!.gpuAvailable).toBe(true);
    checkResult(out.results[0]!, "bun gpu");
    console.log(describeRun("bun", out.results[0]!));
  });
});

describe("runtimes harness", () => {
  test("checkResult rejects results off the float64 reference", () => {
    const r = reference();
    const exact = { device: "cpu" as const, gpuAvailable: false, crossOriginIsolated: null, firstResultMs: 0, ...r };
    checkResult(exact, "exact");
    expect(() => checkResult({ ...exact, probs: r.probs.map((v, i) => (i === 3 ? v + 1e-4 : v)) }, "softmax")).toThrow();
    expect(() => checkResult({ ...exact, gradW: r.gradW.map((v, i) => (i === 7 ? v * 1.01 : v)) }, "grad")).toThrow();
    expect(() => checkResult({ ...exact, uniform: r.uniform.map((v, i) => (i === 0 ? v + 2 ** -23 : v)) }, "uniform")).toThrow();
    expect(() => checkResult({ ...exact, gradB: r.gradB.slice(1) }, "length")).toThrow();
  });
});

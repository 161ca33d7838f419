/** The smoke program in Deno (the `deno` npm package's binary) on the file the `deno` export condition names: CPU, and WebGPU through Deno's navigator.gpu on SwiftShader. */
import { beforeAll, describe, expect } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { checkResult, describeRun, ensureDist, exportTarget, gpuEnv, parseSmoke, ROOT, runChild, runtimeTest, SWIFTSHADER_ICD } from "./harness.ts";

const DRIVER = join(import.meta.dir, "driver.mjs");
const CANDIDATES = [`node_modules/@deno/${process.platform}-${process.arch}-glibc/deno`, "node_modules/deno/deno", "node_modules/.bin/deno"].map((p) => join(ROOT, p));
const deno = CANDIDATES.find((p) => existsSync(p)) ?? Bun.which("deno");
const missing = deno ? null : "the `deno` package is not installed (npm ci)";
const gpuMissing = missing ?? (!process.env.VK_ICD_FILENAMES && !existsSync(SWIFTSHADER_ICD) ? `no Vulkan driver (${SWIFTSHADER_ICD}: apt-get install chromium-common libvulkan1)` : null);

function cmd(device: string): string[] {
  const kiln = pathToFileURL(exportTarget("deno")).href;
  return [deno!, "run", `--allow-read=${ROOT}`, "--allow-env", "--no-prompt", DRIVER, kiln, device];
}
const env = (extra: Record<string, string | undefined>) => ({ ...extra, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" });

describe("runtime: deno", () => {
  beforeAll(() => ensureDist(), 60_000);

  runtimeTest("deno: cpu (WASM) smoke matches the reference", missing, async () => {
    const out = parseSmoke(await runChild(cmd("cpu"), { timeoutMs: 30_000, env: env({ ...process.env, KILN_DISABLE_GPU: "1" }) }));
    expect(out.error).toBeUndefined();
    checkResult(out.results[0]!, "deno cpu");
    console.log(describeRun("deno", out.results[0]!));
  });

  runtimeTest("deno: gpu (navigator.gpu, SwiftShader) smoke matches the reference", gpuMissing, async () => {
    const out = parseSmoke(await runChild(cmd("gpu"), { timeoutMs: 45_000, env: env(gpuEnv()) }));
    expect(out.error).toBeUndefined();
    expect(out.results[0]!.gpuAvailable).toBe(true);
    checkResult(out.results[0]!, "deno gpu");
    console.log(describeRun("deno", out.results[0]!));
  });
});

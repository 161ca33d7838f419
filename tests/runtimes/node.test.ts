/** The smoke program in Node 20+ on the dist/node bundle (imported as `kiln` through the `node` export condition): CPU, and WebGPU through the `webgpu` package on SwiftShader. */
import { beforeAll, describe, expect } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { checkResult, describeRun, ensureDist, gpuEnv, parseSmoke, ROOT, runChild, runtimeTest, SWIFTSHADER_ICD } from "./harness.ts";

const DRIVER = join(import.meta.dir, "driver.mjs");

/** The node binary on PATH, or null with the reason (missing, or older than 20). */
function findNode(): { bin: string | null; why: string | null } {
  const bin = Bun.which("node");
  if (!bin) return { bin: null, why: "no `node` on PATH" };
  const v = execFileSync(bin, ["--version"], { encoding: "utf8", timeout: 10_000 }).trim();
  if (Number(v.replace(/^v/, "").split(".")[0]) < 20) return { bin: null, why: `node ${v} is older than 20` };
  return { bin, why: null };
}

const node = findNode();
const gpuMissing = node.why
  ?? (!existsSync(join(ROOT, "node_modules/webgpu/package.json")) ? "the `webgpu` package is not installed (npm ci)" : null)
  ?? (!process.env.VK_ICD_FILENAMES && !existsSync(SWIFTSHADER_ICD) ? `no Vulkan driver (${SWIFTSHADER_ICD}: apt-get install chromium-common libvulkan1)` : null);

describe("runtime: node", () => {
  beforeAll(() => ensureDist(), 60_000);

  runtimeTest("node: cpu (WASM) smoke matches the reference", node.why, async () => {
    const r = await runChild([node.bin!, DRIVER, "kiln", "cpu"], { timeoutMs: 30_000, env: { ...process.env, KILN_DISABLE_GPU: "1" } });
    const out = parseSmoke(r);
    expect(out.error).toBeUndefined();
    const res = out.results[0]!;
    checkResult(res, "node cpu");
    console.log(describeRun("node", res));
  });

  runtimeTest("node: gpu (webgpu package, SwiftShader) smoke matches the reference", gpuMissing, async () => {
    const r = await runChild([node.bin!, DRIVER, "kiln", "gpu"], { timeoutMs: 45_000, env: gpuEnv() });
    const out = parseSmoke(r);
    expect(out.error).toBeUndefined();
    const res = out.results[0]!;
    expect(res.gpuAvailable).toBe(true);
    checkResult(res, "node gpu");
    console.log(describeRun("node", res));
  });
});

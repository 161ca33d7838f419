/**
 * The smoke program in headless Chromium (Debian's `chromium`): a page on a loopback server
 * imports the file the `browser` export condition names (kernels fetched from dist/wasm/), runs
 * the WASM path and then the WebGPU path (SwiftShader), and posts its results back. The page is
 * not cross-origin isolated: kiln must run single-threaded there without error.
 */
import { afterAll, beforeAll, describe, expect } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, relative } from "node:path";
import { checkResult, describeRun, ensureDist, exportTarget, gpuEnv, ROOT, runtimeTest, SWIFTSHADER_ICD, type SmokeOutput } from "./harness.ts";

const chromium = ["chromium", "chromium-browser", "google-chrome"].map((n) => Bun.which(n)).find((p) => p) ?? null;
const missing = chromium ? null : "no `chromium` on PATH (apt-get install chromium)";

const FLAGS = [
  "--headless=new", "--no-sandbox", "--enable-unsafe-webgpu", "--disable-background-networking", "--disable-component-update",
  "--disable-sync", "--no-first-run", "--no-default-browser-check", "--disable-dev-shm-usage", "--mute-audio",
  // WebGPU on the software Vulkan driver (SwiftShader), as in CI where there is no GPU
  "--enable-features=Vulkan", "--use-vulkan=swiftshader", "--use-webgpu-adapter=swiftshader", "--use-angle=swiftshader",
];

const PAGE = (kiln: string) => `<!doctype html><meta charset="utf-8"><title>kiln smoke</title>
<script type="module">
const t0 = performance.now();
const out = { runtime: "chromium", platform: "", results: [] };
try {
  const mx = await import(${JSON.stringify(kiln)});
  const { smoke } = await import("/dist/.smoke/smoke.js");
  out.results.push(await smoke(mx, "cpu", t0));
  out.gpu = { available: mx.gpu.available, info: mx.gpu.info, navigatorGpu: !!navigator.gpu };
  if (mx.gpu.available) out.results.push(await smoke(mx, "gpu", performance.now()));
} catch (e) {
  out.error = String(e?.stack ?? e);
}
await fetch("/result", { method: "POST", body: JSON.stringify(out) });
</script>`;

let server: ReturnType<typeof Bun.serve> | null = null;
let browser: ReturnType<typeof Bun.spawn> | null = null;
let profile: string | null = null;
afterAll(() => {
  browser?.kill("SIGKILL");
  void server?.stop(true);
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Serves the page and dist/ on 127.0.0.1; resolves with what the page posts to /result. */
function serve(): { url: string; result: Promise<SmokeOutput> } {
  const kiln = "/" + relative(ROOT, exportTarget("browser"));
  let resolve!: (v: SmokeOutput) => void;
  const result = new Promise<SmokeOutput>((r) => (resolve = r));
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = decodeURIComponent(new URL(req.url).pathname);
      if (path === "/") return new Response(PAGE(kiln), { headers: { "content-type": "text/html" } });
      if (path === "/result" && req.method === "POST") {
        resolve((await req.json()) as SmokeOutput);
        return new Response("ok");
      }
      const file = normalize(join(ROOT, path));
      if (!file.startsWith(join(ROOT, "dist") + "/") || !existsSync(file)) return new Response("not found", { status: 404 });
      return new Response(Bun.file(file)); // .wasm is served as application/wasm (streamed compile)
    },
  });
  return { url: `http://127.0.0.1:${server.port}/`, result };
}

describe("runtime: chromium", () => {
  beforeAll(() => ensureDist(), 60_000);

  runtimeTest("chromium: WASM and WebGPU smoke match the reference", missing, async () => {
    const { url, result } = serve();
    profile = mkdtempSync(join(tmpdir(), "kiln-chromium-"));
    const t0 = performance.now();
    browser = Bun.spawn({
      cmd: [chromium!, ...FLAGS, `--user-data-dir=${profile}`, url],
      env: gpuEnv(),
      stdout: "ignore",
      stderr: "pipe",
      stdin: "ignore",
    });
    const stderr = new Response(browser.stderr as ReadableStream).text();
    const exited = browser.exited.then(async (code) => {
      throw new Error(`chromium exited (${code}) before the page reported:\n${(await stderr).slice(-3000)}`);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error("chromium: no result within 45 s")), 45_000)));
    let out: SmokeOutput;
    try {
      out = await Promise.race([result, exited, timeout]);
    } finally {
      clearTimeout(timer);
      browser.kill("SIGKILL");
      await browser.exited;
      browser = null;
    }
    const wallMs = performance.now() - t0;
    if (out.error) throw new Error(`chromium page: ${out.error}`);
    const cpu = out.results[0]!;
    expect(cpu.device).toBe("cpu");
    expect(cpu.crossOriginIsolated).toBe(false);
    checkResult(cpu, "chromium cpu");
    console.log(describeRun("chromium", cpu) + ` (page load to result; ${wallMs.toFixed(0)} ms from launching chromium)`);
    const gpuExpected = existsSync(SWIFTSHADER_ICD) || !!process.env.VK_ICD_FILENAMES;
    const gpu = out.results[1];
    if (!gpu) {
      const why = `WebGPU was not available in the page (navigator.gpu: ${(out as { gpu?: { navigatorGpu?: boolean } }).gpu?.navigatorGpu})`;
      if (gpuExpected) throw new Error(`chromium: ${why}, though a Vulkan driver is installed`);
      console.log(`[runtimes] chromium gpu: skipped: ${why}`);
      return;
    }
    checkResult(gpu, "chromium gpu");
    console.log(describeRun("chromium", gpu));
  }, 55_000);
});

/**
 * The smoke program in Cloudflare's workerd (the `workerd` npm package's binary): a worker served
 * on 127.0.0.1 that imports the file the `workerd` export condition names, with every kernel as a
 * WebAssembly module binding (workerd refuses to compile Wasm from bytes), and answers one request
 * with the result. Cold start: from spawning workerd to the first answer (workerd's clocks stand
 * still while a request computes, so it cannot be timed from inside).
 */
import { afterAll, beforeAll, describe, expect } from "bun:test";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { checkResult, describeRun, DIST, ensureDist, exportTarget, ROOT, runtimeTest, SMOKE_DIR, type SmokeOutput } from "./harness.ts";

const arch = process.arch === "arm64" ? "arm64" : "64";
const CANDIDATES = [`node_modules/@cloudflare/workerd-${process.platform}-${arch}/bin/workerd`, "node_modules/workerd/bin/workerd"].map((p) => join(ROOT, p));
const workerd = CANDIDATES.find((p) => existsSync(p)) ?? null;
const missing = workerd ? null : "the `workerd` package is not installed (npm ci)";
/** The earliest compatibility date that works: FinalizationRegistry (used by kiln's graph) is on in workerd from it on. */
const COMPAT_DATE = "2025-05-05";

const WORKER = (kiln: string) => `
import * as mx from "./${kiln}";
import { smoke } from "./smoke.js";
export default {
  async fetch() {
    try {
      const r = await smoke(mx, "cpu", performance.now());
      return Response.json({ runtime: "workerd", platform: "", results: [r] });
    } catch (e) {
      return Response.json({ runtime: "workerd", platform: "", results: [], error: String(e?.stack ?? e) }, { status: 500 });
    }
  },
};
`;

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), ext) : e.name.endsWith(ext) ? [join(dir, e.name)] : []));
}

/** workerd's config: the worker, the bundle's modules named by their path under the repo, the kernels as wasm modules. */
function config(port: number): string {
  const kiln = relative(ROOT, exportTarget("workerd"));
  writeFileSync(join(SMOKE_DIR, "worker.js"), WORKER(kiln));
  const embed = (f: string) => JSON.stringify(relative(SMOKE_DIR, f));
  const mods = [`(name = "worker.js", esModule = embed "worker.js")`, `(name = "smoke.js", esModule = embed "smoke.js")`];
  for (const f of files(join(DIST, "workerd"), ".js")) mods.push(`(name = ${JSON.stringify(relative(ROOT, f))}, esModule = embed ${embed(f)})`);
  for (const f of files(join(DIST, "wasm"), ".wasm")) mods.push(`(name = ${JSON.stringify(relative(ROOT, f))}, wasm = embed ${embed(f)})`);
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .smokeWorker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const smokeWorker :Workerd.Worker = (
  modules = [
    ${mods.join(",\n    ")}
  ],
  compatibilityDate = "${COMPAT_DATE}",
);
`;
}

/** A port that was free a moment ago on 127.0.0.1. */
function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const p = s.port;
  s.stop(true);
  return p;
}

let proc: ReturnType<typeof Bun.spawn> | null = null;
afterAll(() => {
  proc?.kill("SIGKILL");
});

describe("runtime: workerd", () => {
  beforeAll(() => ensureDist(), 60_000);

  runtimeTest("workerd: cpu (WASM module bindings) smoke matches the reference", missing, async () => {
    const port = freePort();
    const cfg = join(SMOKE_DIR, "workerd.capnp");
    writeFileSync(cfg, config(port));
    const t0 = performance.now();
    proc = Bun.spawn({ cmd: [workerd!, "serve", cfg], cwd: SMOKE_DIR, stdout: "pipe", stderr: "pipe", stdin: "ignore" });
    const stderr = new Response(proc.stderr as ReadableStream).text();
    const killer = setTimeout(() => proc?.kill("SIGKILL"), 40_000);
    let body: SmokeOutput | null = null;
    let coldMs = 0;
    try {
      while (body === null) {
        if (proc.exitCode !== null || proc.signalCode !== null) {
          throw new Error(`workerd exited (${proc.exitCode ?? proc.signalCode}) before answering:\n${(await stderr).slice(-3000)}`);
        }
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(20_000) }).catch(() => null);
        if (res) {
          coldMs = performance.now() - t0;
          body = (await res.json()) as SmokeOutput;
        } else {
          await Bun.sleep(50);
        }
      }
    } finally {
      clearTimeout(killer);
      proc.kill("SIGKILL");
      await proc.exited;
      proc = null;
    }
    if (body.error) throw new Error(`workerd: ${body.error}\n${(await stderr).slice(-3000)}`);
    expect(body.results.length).toBe(1);
    checkResult(body.results[0]!, "workerd cpu");
    console.log(describeRun("workerd", body.results[0]!, coldMs) + " (from spawning workerd)");
  });
});

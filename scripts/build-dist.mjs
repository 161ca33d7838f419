#!/usr/bin/env bun
// Builds the prebuilt ESM bundles into dist/ (gitignored) with `bun build`, one folder per runtime:
//   dist/browser/  browsers: kernels fetched from dist/wasm/
//   dist/workerd/  Cloudflare workerd / Workers: kernels imported as WebAssembly module bindings
//                  (`import m from "../wasm/<family>.wasm"`), since workerd refuses to compile bytes
//   dist/node/     Node 20+: kernels read from dist/wasm/, WebGPU from the `webgpu` package
//   dist/deno/     Deno: kernels read from dist/wasm/, WebGPU from navigator.gpu
//   dist/wasm/     the compiled kernels (copied from build/wasm/; run `npm run build` first)
// Each folder has index.js (the `kiln` entry) and, when their sources exist, nn/ optimizers/
// datasets/ entries sharing chunks with it (one copy of the core per runtime). In each bundle
// every platform import of src/runtime/index.ts resolves to that runtime's file, so no other
// runtime's code (Bun, node:*) is bundled; WGSL is already a string module
// (src/backend/gpu/shaders.generated.ts). Needs Bun (`bun scripts/build-dist.mjs`).
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");
const dist = join(root, "dist");
const families = [...readFileSync(join(src, "backend/cpu/wasm.ts"), "utf8").match(/WASM_FAMILIES = \[([^\]]*)\]/)[1].matchAll(/"([a-z0-9_]+)"/g)].map((m) => m[1]);

for (const f of families) {
  if (!existsSync(join(root, "build/wasm", `${f}.wasm`))) {
    console.error(`build-dist: build/wasm/${f}.wasm is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}
if (!existsSync(join(src, "backend/gpu/shaders.generated.ts"))) {
  console.error("build-dist: src/backend/gpu/shaders.generated.ts is missing: run `npm run build` first");
  process.exit(1);
}

const TARGETS = [
  { name: "browser", platform: "browser.ts", target: "browser", conditions: ["browser"], minify: true },
  { name: "workerd", platform: "workerd.ts", target: "browser", conditions: ["workerd", "worker", "browser"], minify: true, wasmImports: true },
  { name: "node", platform: "node.ts", target: "node", conditions: ["node"], minify: false },
  { name: "deno", platform: "deno.ts", target: "node", conditions: ["deno", "node"], minify: false },
];
const PLATFORM_FILES = /^\.\/(bun|deno|node|browser|workerd)\.ts$/;
const runtimeDir = join(src, "runtime");

/** Pins the runtime, points the kernels at dist/wasm/, and keeps workerd's .wasm imports as module bindings. */
function kilnPlugin(t) {
  return {
    name: `kiln-${t.name}`,
    setup(build) {
      build.onResolve({ filter: PLATFORM_FILES }, (args) => {
        if (dirname(args.importer) !== runtimeDir) return undefined;
        return { path: join(runtimeDir, t.platform) };
      });
      build.onLoad({ filter: /[\\/]src[\\/]runtime[\\/]wasm-url\.ts$/ }, () => ({
        loader: "ts",
        contents: "export function wasmUrl(family: string): URL {\n  return new URL(`../wasm/${family}.wasm`, import.meta.url);\n}\n",
      }));
      build.onResolve({ filter: /\.wasm$/ }, (args) => {
        if (!t.wasmImports) throw new Error(`build-dist: unexpected .wasm import ${args.path} in the ${t.name} bundle`);
        return { path: `../wasm/${basename(args.path)}`, external: true };
      });
    },
  };
}

const entries = [join(src, "index.ts")];
for (const sub of ["nn", "optimizers", "datasets"]) {
  const e = join(src, sub, "index.ts");
  if (existsSync(e)) entries.push(e);
}

for (const d of ["wasm", ...TARGETS.map((t) => t.name)]) rmSync(join(dist, d), { recursive: true, force: true });
mkdirSync(join(dist, "wasm"), { recursive: true });
for (const f of families) copyFileSync(join(root, "build/wasm", `${f}.wasm`), join(dist, "wasm", `${f}.wasm`));

let failed = false;
for (const t of TARGETS) {
  const out = await Bun.build({
    entrypoints: entries,
    root: src,
    outdir: join(dist, t.name),
    target: t.target,
    format: "esm",
    splitting: true,
    conditions: t.conditions,
    external: ["node:*", "webgpu"],
    minify: t.minify,
    sourcemap: "linked",
    naming: { entry: "[dir]/[name].[ext]", chunk: "[name]-[hash].[ext]" },
    plugins: [kilnPlugin(t)],
  });
  if (!out.success) {
    failed = true;
    console.error(`build-dist: ${t.name} FAILED`);
    for (const log of out.logs) console.error(log);
    continue;
  }
  if (t.wasmImports) {
    // every family must be a module binding, or workerd fails at the first kernel
    const text = readdirSync(join(dist, t.name)).filter((f) => f.endsWith(".js")).map((f) => readFileSync(join(dist, t.name, f), "utf8")).join("\n");
    const missing = families.filter((f) => !text.includes(`../wasm/${f}.wasm`));
    if (missing.length > 0) {
      failed = true;
      console.error(`build-dist: the workerd bundle imports no module for ${missing.join(", ")} (update src/runtime/workerd.ts)`);
    }
  }
  const files = out.outputs.filter((o) => o.kind !== "sourcemap").length;
  console.log(`build-dist: dist/${t.name}/ (${files} files)`);
}
if (failed) process.exit(1);
console.log(`build-dist: dist/wasm/ (${families.length} kernel families)`);
